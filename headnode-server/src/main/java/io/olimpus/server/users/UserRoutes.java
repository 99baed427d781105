package io.olimpus.server.users;

import io.olimpus.server.http.Access;
import io.olimpus.server.http.Api;
import io.olimpus.server.http.ApiException;
import io.olimpus.server.http.Http;
import io.olimpus.server.http.Json;
import io.olimpus.server.http.ResponseHeaders;
import io.olimpus.wire.Wire;

import java.util.List;

/** /users: admins manage users; a user may read their own record. */
public final class UserRoutes {
    private UserRoutes() {}

    public static void register(Api api, UserService users, UserService.SliceOwnership slices) {
        api.get("/users", Access.ADMIN, (ctx, caller) -> {
            int limit = Http.intParam(ctx, "limit", 100, 1, 1000);
            int offset = Http.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            String q = ctx.queryParam("q");
            if (q != null && !q.matches("[a-z0-9-]{1,31}")) throw ApiException.badField("q", "a name prefix: lowercase letters, digits and '-'");
            Http.json(ctx, new Wire.Page<>(users.list(q, limit, offset).stream().map(UserRoutes::wire).toList(),
                    users.count(q), limit, offset));
        });
        api.post("/users", Access.ADMIN, (ctx, caller) -> {
            Wire.NewUser r = Json.read(ctx, Wire.NewUser.class);
            var created = users.create(caller, new UserService.NewUserRequest(r.username(), r.password(), r.role(), r.maxVms(), r.maxVcpus(), r.maxRamMb(),
                    r.maxSlices(), r.maxNodes(), r.maxLinks()));
            ctx.header("Location", Api.PREFIX + "/users/" + created.user().username());
            ResponseHeaders.noStore(ctx);  // it may carry a generated password
            Http.json(ctx, 201, wire(created.user(), created.generatedPassword()));
        });
        api.post("/users/import", Access.ADMIN, (ctx, caller) -> {
            String csv = Http.csvBody(ctx);
            List<Wire.User> out = users.importRoster(caller, csv).stream().map(c -> wire(c.user(), c.generatedPassword())).toList();
            ResponseHeaders.noStore(ctx);
            Http.json(ctx, 201, new Wire.Imported(out));
        });
        // The caller's own profile: today their SSH public key (GET /auth/me reads it).
        api.patch("/auth/me", Access.USER, (ctx, caller) -> {
            Wire.ProfilePatch p = Json.read(ctx, Wire.ProfilePatch.class);
            String key = users.setOwnSshPublicKey(caller, p.sshPublicKey());
            Http.json(ctx, wire(users.get(caller, caller.username()), null, key));
        });
        api.get("/users/{username}", Access.USER, (ctx, caller) -> Http.json(ctx, wire(users.get(caller, ctx.pathParam("username")))));
        api.patch("/users/{username}", Access.ADMIN, (ctx, caller) -> {
            Wire.UserPatch p = Json.read(ctx, Wire.UserPatch.class);
            var patch = new UserService.UserPatch(p.role(), p.disabled(), p.maxVms(), p.maxVcpus(), p.maxRamMb(), p.maxSlices(), p.maxNodes(), p.maxLinks());
            Http.json(ctx, wire(users.patch(caller, ctx.pathParam("username"), patch)));
        });
        api.post("/users/{username}/password", Access.ADMIN, (ctx, caller) -> {
            byte[] body = Http.body(ctx);
            Wire.PasswordReset r = body.length == 0 ? new Wire.PasswordReset(null, null) : Json.read(ctx, Wire.PasswordReset.class);
            String generated = users.resetPassword(caller, ctx.pathParam("username"), r.password(), r.yourPassword(), ctx.ip());
            ResponseHeaders.noStore(ctx);
            if (generated == null) ctx.status(204);
            else Http.json(ctx, new Wire.GeneratedPassword(generated));
        });
        api.delete("/users/{username}", Access.ADMIN, (ctx, caller) -> {
            users.delete(caller, ctx.pathParam("username"), slices);
            ctx.status(204);
        });
    }

    /** A user on the wire. */
    public static Wire.User wire(User u) { return wire(u, null); }

    /** A user on the wire, with {@code generatedPassword} once when the server made one (else null). */
    public static Wire.User wire(User u, String generatedPassword) { return wire(u, generatedPassword, null); }

    /** ... and the user's SSH public key, for the user themself. */
    public static Wire.User wire(User u, String generatedPassword, String sshPublicKey) {
        var q = u.quota();
        return new Wire.User(u.id(), u.username(), Wire.Role.valueOf(u.role().name()), u.disabled(),
                q == null ? null : new Wire.Quota(q.maxVms(), q.maxVcpus(), q.maxRamMb(), q.maxSlices(), q.maxNodes(), q.maxLinks()), u.createdAt(),
                generatedPassword, sshPublicKey);
    }
}
