package io.olimpus.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A thin java.net.http client for the API, as any other client would talk to it. */
public final class ApiClient {
    public static final ObjectMapper JSON = new ObjectMapper();

    /** A response with its body parsed when it is JSON. */
    public record Res(int status, String body, JsonNode json, HttpResponse<String> raw) {
        public String header(String name) { return raw.headers().firstValue(name).orElse(null); }

        public String contentType() { return header("Content-Type"); }

        @Override public String toString() { return status + " " + body; }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public ApiClient(String baseUrl) { this.base = baseUrl + "/api/v1"; }

    public String base() { return base; }

    public Res get(String path, String token) { return send("GET", path, token, null, null); }

    public Res delete(String path, String token) { return send("DELETE", path, token, null, null); }

    public Res post(String path, String token, Object body) { return sendJson("POST", path, token, body); }

    public Res put(String path, String token, Object body) { return sendJson("PUT", path, token, body); }

    public Res patch(String path, String token, Object body) { return sendJson("PATCH", path, token, body); }

    public Res sendJson(String method, String path, String token, Object body) {
        try {
            String s = body == null ? "" : body instanceof String str ? str : JSON.writeValueAsString(body);
            return send(method, path, token, s.getBytes(StandardCharsets.UTF_8), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Res send(String method, String path, String token, byte[] body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (contentType != null) b.header("Content-Type", contentType);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = MissingNode.getInstance();
            String ct = r.headers().firstValue("Content-Type").orElse("");
            if (ct.contains("json") && !r.body().isEmpty()) json = JSON.readTree(r.body());
            return new Res(r.statusCode(), r.body(), json, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String login(String username, String password) {
        Res r = post("/auth/login", null, java.util.Map.of("username", username, "password", password));
        if (r.status() != 200) throw new AssertionError("login of " + username + " failed: " + r);
        return r.json().get("token").asText();
    }
}
