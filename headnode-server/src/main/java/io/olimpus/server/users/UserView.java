package io.olimpus.server.users;


/** A user on the wire. {@code password} appears once, when the server generated it. */
public record UserView(long id, String username, String role, boolean disabled, Quota quota, long createdAt, String password) {
    public static UserView of(User u) { return of(u, null); }

    public static UserView of(User u, String generatedPassword) {
        return new UserView(u.id(), u.username(), u.role().json(), u.disabled(), u.quota(), u.createdAt(), generatedPassword);
    }
}
