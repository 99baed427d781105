package io.olimpus.server.http;

/** Who may call a route: anyone, any logged-in user, or admins only. */
public enum Access { PUBLIC, USER, ADMIN }
