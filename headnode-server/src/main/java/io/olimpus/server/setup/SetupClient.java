package io.olimpus.server.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The few REST calls the setup needs, as an admin, over java.net.http (no extra dependency in the server jar). */
final class SetupClient {
    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: its status and its JSON body (null when the body is not JSON). */
    record Res(int status, JsonNode json, String body) {
        boolean is(int... statuses) {
            for (int s : statuses) if (status == s) return true;
            return false;
        }

        /** The problem's title/detail, for messages. */
        String problem() {
            if (json == null) return body;
            String detail = json.path("detail").asText("");
            return json.path("title").asText("") + (detail.isEmpty() ? "" : ": " + detail);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String api;
    private String token;

    /** {@code baseUrl} is the server's address, e.g. http://localhost:8000 (the /api/v1 prefix is added here). */
    SetupClient(String baseUrl) {
        String b = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.api = b + "/api/v1";
    }

    String api() { return api; }

    /** True when GET /health answers 200; false when nobody listens yet. */
    boolean healthy() throws InterruptedException {
        try {
            return send(HttpRequest.newBuilder(URI.create(api + "/health")).GET()).status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Logs in; false when the server says the credentials are wrong. */
    boolean login(String user, String password) throws IOException, InterruptedException {
        Res r = post("/auth/login", Map.of("username", user, "password", password));
        if (r.is(200)) {
            token = r.json().get("token").asText();
            return true;
        }
        if (r.is(401)) return false;
        throw new IOException("login failed: HTTP " + r.status() + " " + r.problem());
    }

    Res get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    Res post(String path, Object body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    }

    Res put(String path, Object body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    }

    /** Streams a file as the body (images can be large). */
    Res upload(String path, Path file) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofFile(file)));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofMinutes(5));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    private Res send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IOException("the server at " + api + " does not answer", e);
        }
        JsonNode json = null;
        String ct = r.headers().firstValue("Content-Type").orElse("");
        if (ct.contains("json") && !r.body().isEmpty()) json = JSON.readTree(r.body());
        return new Res(r.statusCode(), json, r.body());
    }
}
