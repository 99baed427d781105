package io.olimpus.server.auth;

/**
 * Who is calling: resolved from the bearer token on every authenticated request.
 * {@code mustChangePassword}: the account still has a one-time password, so only the password
 * change (and logout, and reading oneself) is allowed until the user chooses their own.
 */
public record Principal(long userId, String username, Role role, boolean mustChangePassword) {
    public Principal(long userId, String username, Role role) { this(userId, username, role, false); }

    public boolean isAdmin() { return role == Role.ADMIN; }

    /** An instructor or an admin: admins can do everything an instructor can. */
    public boolean canTeach() { return role == Role.ADMIN || role == Role.INSTRUCTOR; }
}
