package io.olimpus.server.http;

/** Who may call a route: anyone, any logged-in user, instructors and admins, or admins only. */
public enum Access { PUBLIC, USER, INSTRUCTOR, ADMIN }
