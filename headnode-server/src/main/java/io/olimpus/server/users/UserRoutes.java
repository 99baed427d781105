package io.olimpus.server.users;

import io.olimpus.server.http.Access;
import io.olimpus.server.http.Api;
import io.olimpus.server.http.ApiException;
import io.olimpus.server.http.Http;
import io.olimpus.server.http.Json;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/** /users: admins manage users; a user may read their own record. */
public final class UserRoutes {
    record PasswordReset(String password) {}

    private UserRoutes() {}

    public static void register(Api api, UserService users, UserService.SliceOwnership slices) {
        api.get("/users", Access.ADMIN, (ctx, caller) -> {
            int limit = Http.intParam(ctx, "limit", 100, 1, 1000);
            int offset = Http.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            String q = ctx.queryParam("q");
            if (q != null && !q.matches("[a-z0-9-]{1,31}")) throw ApiException.badField("q", "a name prefix: lowercase letters, digits and '-'");
            Http.json(ctx, Map.of("items", users.list(q, limit, offset).stream().map(UserView::of).toList(),
                    "total", users.count(q), "limit", limit, "offset", offset));
        });
        api.post("/users", Access.ADMIN, (ctx, caller) -> {
            var created = users.create(caller, Json.read(ctx, UserService.NewUserRequest.class));
            ctx.header("Location", Api.PREFIX + "/users/" + created.user().username());
            Http.json(ctx, 201, UserView.of(created.user(), created.generatedPassword()));
        });
        api.post("/users/import", Access.ADMIN, (ctx, caller) -> {
            String ct = ctx.contentType();
            if (ct == null || !(ct.startsWith("text/csv") || ct.startsWith("text/plain")))
                throw new ApiException(415, "unsupported-media-type", "send the roster as text/csv", "Content-Type", "expected text/csv", null);
            String csv;
            try {
                csv = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Http.body(ctx))).toString();
            } catch (CharacterCodingException e) {
                throw ApiException.badField("body", "the CSV is not valid UTF-8");
            }
            List<UserView> out = users.importRoster(caller, csv).stream().map(c -> UserView.of(c.user(), c.generatedPassword())).toList();
            Http.json(ctx, 201, Map.of("created", out));
        });
        api.get("/users/{username}", Access.USER, (ctx, caller) -> Http.json(ctx, UserView.of(users.get(caller, ctx.pathParam("username")))));
        api.patch("/users/{username}", Access.ADMIN, (ctx, caller) ->
                Http.json(ctx, UserView.of(users.patch(caller, ctx.pathParam("username"), Json.read(ctx, UserService.UserPatch.class)))));
        api.post("/users/{username}/password", Access.ADMIN, (ctx, caller) -> {
            byte[] body = Http.body(ctx);
            String given = body.length == 0 ? null : Json.read(ctx, PasswordReset.class).password();
            String generated = users.resetPassword(caller, ctx.pathParam("username"), given);
            if (generated == null) ctx.status(204);
            else Http.json(ctx, Map.of("password", generated));
        });
        api.delete("/users/{username}", Access.ADMIN, (ctx, caller) -> {
            users.delete(caller, ctx.pathParam("username"), slices);
            ctx.status(204);
        });
    }
}
