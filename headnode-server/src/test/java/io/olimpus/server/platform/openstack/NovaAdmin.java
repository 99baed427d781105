package io.olimpus.server.platform.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The bed's cloud admin reading Nova over plain REST at a chosen microversion, for what
 * openstack4j does not show: a server's user_data (2.3 and later, admin only), its console
 * output and its instance actions with their events.
 */
final class NovaAdmin {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String nova, token;

    NovaAdmin(OpenStackTestBed bed) throws IOException, InterruptedException {
        JsonNode j = bed.json;
        nova = j.get("endpoints").get("compute").asText().replaceAll("/+$", "");
        ObjectNode body = JSON.createObjectNode();
        ObjectNode auth = body.putObject("auth");
        ObjectNode id = auth.putObject("identity");
        id.putArray("methods").add("password");
        ObjectNode user = id.putObject("password").putObject("user");
        user.put("name", j.get("admin").get("username").asText()).put("password", j.get("admin").get("password").asText());
        user.putObject("domain").put("name", j.get("domain").asText());
        ObjectNode project = auth.putObject("scope").putObject("project");
        project.put("name", j.get("admin").get("project").asText());
        project.putObject("domain").put("name", j.get("domain").asText());
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(j.get("keystone_url").asText() + "/auth/tokens"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) throw new IOException("the bed's admin cannot log in: " + r.statusCode() + " " + r.body());
        token = r.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    JsonNode get(String path, String microversion) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(nova + path)).header("X-Auth-Token", token)
                .header("OpenStack-API-Version", "compute " + microversion).timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("GET " + path + ": " + r.statusCode() + " " + r.body());
        return JSON.readTree(r.body());
    }

    /** Every server of a project, with the extended attributes of microversion 2.3 (user_data among them). */
    JsonNode serversOf(String projectId) throws IOException, InterruptedException {
        return get("/servers/detail?all_tenants=1&project_id=" + projectId, "2.3").get("servers");
    }

    /** What Nova tells of one server beyond its fields: its console output and its actions with their events. */
    String logsAndEvents(String serverId) throws IOException, InterruptedException {
        StringBuilder sb = new StringBuilder();
        HttpResponse<String> console = http.send(HttpRequest.newBuilder(URI.create(nova + "/servers/" + serverId + "/action")).header("X-Auth-Token", token)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{\"os-getConsoleOutput\": {}}")).build(), HttpResponse.BodyHandlers.ofString());
        sb.append(console.statusCode()).append(' ').append(console.body()).append('\n');
        for (JsonNode a : get("/servers/" + serverId + "/os-instance-actions", "2.58").get("instanceActions"))
            sb.append(get("/servers/" + serverId + "/os-instance-actions/" + a.get("request_id").asText(), "2.58")).append('\n');
        return sb.toString();
    }
}
