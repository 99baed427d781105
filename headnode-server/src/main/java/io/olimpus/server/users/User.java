package io.olimpus.server.users;

import io.olimpus.server.auth.Role;

/** A user as every other feature sees it; the password hash stays inside the store. */
public record User(long id, String username, Role role, boolean disabled, Quota quota, long createdAt) {}
