package io.olimpus.server.auth;

/** Who is calling: resolved from the bearer token on every authenticated request. */
public record Principal(long userId, String username, Role role) {
    public boolean isAdmin() { return role == Role.ADMIN; }
}
