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

    /**
     * Follows a deploy or undeploy job's server-sent events (GET /jobs/{id}/events) until the
     * server ends the stream with the job; returns every event's data, the last one "Finished".
     */
    public java.util.List<JsonNode> followJob(String token, long job) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/jobs/" + job + "/events"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(6)).build();
        try {
            HttpResponse<java.util.stream.Stream<String>> res = http.send(req, HttpResponse.BodyHandlers.ofLines());
            if (res.statusCode() != 200) throw new AssertionError("events of job " + job + ": HTTP " + res.statusCode());
            if (!res.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"))
                throw new AssertionError("events of job " + job + " are not a server-sent event stream");
            java.util.List<JsonNode> events = new java.util.ArrayList<>();
            for (String line : res.body().toList()) if (line.startsWith("data: ")) events.add(JSON.readTree(line.substring(6)));
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The outcome a job's events end with (SUCCEEDED, ROLLED_BACK or INCOMPLETE). */
    public static String outcome(java.util.List<JsonNode> events) {
        return events.isEmpty() ? "no events" : events.get(events.size() - 1).path("outcome").asText();
    }

    public Res get(String path, String token) { return send("GET", path, token, null, null); }

    public Res delete(String path, String token) { return send("DELETE", path, token, null, null); }

    public Res post(String path, String token, Object body) { return sendJson("POST", path, token, body); }

    public Res put(String path, String token, Object body) { return sendJson("PUT", path, token, body); }

    /** A PUT based on a version: {@code ifMatch} goes as the If-Match header (an ETag such as "3"). */
    public Res put(String path, String token, Object body, String ifMatch) {
        try {
            String s = body instanceof String str ? str : JSON.writeValueAsString(body);
            return send("PUT", path, token, s.getBytes(StandardCharsets.UTF_8), "application/json", java.util.Map.of("If-Match", ifMatch));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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
        return send(method, path, token, body, contentType, java.util.Map.of());
    }

    public Res send(String method, String path, String token, byte[] body, String contentType, java.util.Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        headers.forEach(b::header);
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
