package io.olimpus.server.auth;

import io.olimpus.server.http.Access;
import io.olimpus.server.http.Api;
import io.olimpus.server.http.Http;
import io.olimpus.server.http.Json;
import io.olimpus.server.http.ResponseHeaders;
import io.olimpus.server.users.UserRoutes;
import io.olimpus.server.users.UserStore;
import io.olimpus.server.errors.DomainError;
import io.olimpus.wire.Wire;

/** POST /auth/login, POST /auth/logout, GET /auth/me. */
public final class AuthRoutes {
    private AuthRoutes() {}

    public static void register(Api api, AuthService auth, UserStore users) {
        api.post("/auth/login", Access.PUBLIC, (ctx, caller) -> {
            Wire.LoginRequest r = Json.read(ctx, Wire.LoginRequest.class);
            try {
                AuthService.Login l = auth.login(r.username(), r.password(), ctx.ip());
                ResponseHeaders.noStore(ctx);
                Http.json(ctx, new Wire.LoginResponse(l.token(), "Bearer", l.expiresAt(), UserRoutes.wire(l.user()),
                        users.mustChangePassword(l.user().id()) ? Boolean.TRUE : null));
            } catch (DomainError e) {
                if (e.kind() == DomainError.Kind.THROTTLED) ctx.header("Retry-After", String.valueOf(e.extra().get("retryAfterSeconds")));
                throw e;
            }
        });
        api.post("/auth/logout", Access.USER, (ctx, caller) -> {
            auth.logout(Api.bearer(ctx), caller);
            ctx.status(204);
        });
        api.post("/auth/password", Access.USER, (ctx, caller) -> {
            Wire.PasswordChange r = Json.read(ctx, Wire.PasswordChange.class);
            auth.changePassword(caller, Api.bearer(ctx), r.currentPassword(), r.newPassword(), ctx.ip());
            ctx.status(204);
        });
        api.get("/auth/me", Access.USER, (ctx, caller) ->
                Http.json(ctx, UserRoutes.wire(users.byId(caller.userId()).orElseThrow(() -> DomainError.unauthorized("your account no longer exists")),
                        null, users.sshPublicKey(caller.userId()).orElse(null))));
    }
}
