package io.olimpus.server.platform.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.olimpus.server.engine.driver.DriverException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.olimpus.server.platform.openstack.ApiCalls.NEUTRON;

/**
 * {@link QosApi} on the cloud: plain Neutron v2.0 REST calls made as the service account in its
 * own (admin) scope, since Neutron's default policy keeps QoS policies and a port's
 * {@code qos_policy_id} to admins; a policy is created for the slice's project by naming it.
 * Each request is counted like the driver's others, and a refusal is worded with Neutron's message.
 */
final class NeutronQos implements QosApi, AutoCloseable {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final KeystoneSession session;
    private final ApiCalls calls;
    private final OkHttpClient http = new OkHttpClient.Builder().connectTimeout(10, TimeUnit.SECONDS).readTimeout(60, TimeUnit.SECONDS).build();
    private volatile Set<String> directions;

    NeutronQos(KeystoneSession session, ApiCalls calls) {
        this.session = session;
        this.calls = calls;
    }

    /** A cloud without Neutron's QoS extension answers 404 here and holds no policy: its listings and leftover scans go on. */
    @Override
    public List<Policy> policies(String projectId) {
        HttpUrl.Builder u = url("qos/policies");
        if (projectId != null) u.addQueryParameter("project_id", projectId);
        JsonNode body = send("GET", u.build(), null, "listing QoS policies", true);
        List<Policy> out = new ArrayList<>();
        for (JsonNode p : body.path("policies")) out.add(policy(p));
        return out;
    }

    @Override
    public Policy createPolicy(String projectId, String name, String description) {
        ObjectNode p = MAPPER.createObjectNode();
        p.putObject("policy").put("name", name).put("description", description).put("project_id", projectId);
        return policy(send("POST", url("qos/policies").build(), p, "creating QoS policy " + name, false).path("policy"));
    }

    @Override
    public void deletePolicy(String policyId) {
        send("DELETE", url("qos/policies").addPathSegment(policyId).build(), null, "deleting QoS policy " + policyId, true);
    }

    @Override
    public List<Rule> rules(String policyId) {
        JsonNode body = send("GET", rulesUrl(policyId).build(), null, "reading the rules of QoS policy " + policyId, false);
        List<Rule> out = new ArrayList<>();
        for (JsonNode r : body.path("bandwidth_limit_rules"))
            out.add(new Rule(r.path("id").asText(), r.hasNonNull("direction") ? r.get("direction").asText() : null,
                    r.path("max_kbps").asLong(), r.path("max_burst_kbps").asLong()));
        return out;
    }

    @Override
    public void createRule(String policyId, Rule rule) {
        ObjectNode b = MAPPER.createObjectNode();
        b.putObject("bandwidth_limit_rule").put("max_kbps", rule.maxKbps()).put("max_burst_kbps", rule.maxBurstKbps()).put("direction", rule.direction());
        send("POST", rulesUrl(policyId).build(), b, "adding a " + rule.direction() + " limit of " + rule.maxKbps() + " kbit/s to QoS policy " + policyId, false);
    }

    @Override
    public void updateRule(String policyId, Rule rule) {
        ObjectNode b = MAPPER.createObjectNode();
        b.putObject("bandwidth_limit_rule").put("max_kbps", rule.maxKbps()).put("max_burst_kbps", rule.maxBurstKbps());
        send("PUT", rulesUrl(policyId).addPathSegment(rule.id()).build(), b,
                "changing the " + rule.direction() + " limit of QoS policy " + policyId + " to " + rule.maxKbps() + " kbit/s", false);
    }

    @Override
    public void deleteRule(String policyId, String ruleId) {
        send("DELETE", rulesUrl(policyId).addPathSegment(ruleId).build(), null, "deleting rule " + ruleId + " of QoS policy " + policyId, true);
    }

    @Override
    public Optional<PortQos> port(String projectId, String name, String mac) {
        HttpUrl u = portsUrl(projectId).addQueryParameter("name", name).addQueryParameter("mac_address", mac).build();
        List<PortQos> found = ports(send("GET", u, null, "looking up port " + name + " with MAC " + mac, false));
        return found.stream().findFirst();
    }

    @Override
    public List<PortQos> ports(String projectId) {
        return ports(send("GET", portsUrl(projectId).build(), null, "listing the QoS policies of the slice's ports", false));
    }

    @Override
    public long setPolicy(String portId, String policyId) {
        ObjectNode b = MAPPER.createObjectNode();
        ObjectNode port = b.putObject("port");
        if (policyId == null) port.putNull("qos_policy_id");
        else port.put("qos_policy_id", policyId);
        JsonNode r = send("PUT", url("ports").addPathSegment(portId).build(), b,
                policyId == null ? "taking the QoS policy off port " + portId : "putting QoS policy " + policyId + " on port " + portId, false);
        return r.path("port").path("revision_number").asLong(-1);
    }

    @Override
    public Optional<PortQos> port(String portId) {
        HttpUrl u = fields(url("ports").addPathSegment(portId)).build();
        JsonNode r = send("GET", u, null, "checking port " + portId, true);
        return r.has("port") ? Optional.of(port(r.get("port"))) : Optional.empty();
    }

    /** Asked once: Neutron's bandwidth_limit rule type lists each driver's directions; a cloud that does not say limits egress only. */
    @Override
    public Set<String> directions() {
        Set<String> d = directions;
        if (d == null) {
            try {
                d = directionsOf(send("GET", url("qos/rule-types").addPathSegment("bandwidth_limit").build(), null,
                        "reading which directions the cloud's QoS drivers limit", false));
            } catch (DriverException e) {
                d = Set.of(EGRESS);
            }
            directions = d;
        }
        return d;
    }

    /**
     * The directions every driver of a {@code bandwidth_limit} rule type's details supports: egress
     * always (the rule's original meaning), ingress only when every driver lists it.
     */
    static Set<String> directionsOf(JsonNode ruleType) {
        JsonNode drivers = ruleType.path("rule_type").path("drivers");
        boolean ingress = drivers.size() > 0;
        for (JsonNode driver : drivers) {
            boolean has = false;
            for (JsonNode param : driver.path("supported_parameters"))
                if ("direction".equals(param.path("parameter_name").asText()))
                    for (JsonNode v : param.path("parameter_values")) if (INGRESS.equals(v.asText())) has = true;
            ingress &= has;
        }
        Set<String> out = new LinkedHashSet<>();
        out.add(EGRESS);
        if (ingress) out.add(INGRESS);
        return Set.copyOf(out);
    }

    private static Policy policy(JsonNode p) {
        String project = p.hasNonNull("project_id") ? p.get("project_id").asText() : p.path("tenant_id").asText(null);
        return new Policy(p.path("id").asText(), p.path("name").asText(null), project);
    }

    private static List<PortQos> ports(JsonNode body) {
        List<PortQos> out = new ArrayList<>();
        for (JsonNode p : body.path("ports")) out.add(port(p));
        return out;
    }

    private static PortQos port(JsonNode p) {
        return new PortQos(p.path("id").asText(), p.hasNonNull("qos_policy_id") ? p.get("qos_policy_id").asText() : null,
                p.path("status").asText(null), p.path("revision_number").asLong(-1));
    }

    private HttpUrl.Builder url(String path) {
        String base = session.requireEndpoint("network").replaceAll("/+$", "");
        HttpUrl root = HttpUrl.parse(base.endsWith("/v2.0") ? base : base + "/v2.0");
        if (root == null) throw new DriverException("Keystone's network endpoint '" + base + "' is not a URL");
        HttpUrl.Builder b = root.newBuilder();
        for (String segment : path.split("/")) b.addPathSegment(segment);
        return b;
    }

    private HttpUrl.Builder rulesUrl(String policyId) {
        return url("qos/policies").addPathSegment(policyId).addPathSegment("bandwidth_limit_rules");
    }

    private HttpUrl.Builder portsUrl(String projectId) {
        return fields(url("ports").addQueryParameter("project_id", projectId));
    }

    private static HttpUrl.Builder fields(HttpUrl.Builder b) {
        for (String f : new String[]{"id", "qos_policy_id", "status", "revision_number"}) b.addQueryParameter("fields", f);
        return b;
    }

    /** One request, counted; a 404 of a delete is success; anything else not 2xx is Neutron's refusal, in its words. */
    private JsonNode send(String method, HttpUrl url, JsonNode body, String what, boolean goneIsFine) {
        String token = session.adminToken().getId();
        Request req = new Request.Builder().url(url).header("X-Auth-Token", token).header("Accept", "application/json")
                .method(method, body == null ? (method.equals("GET") || method.equals("DELETE") ? null : RequestBody.create(new byte[0], JSON))
                        : RequestBody.create(body.toString(), JSON)).build();
        calls.count(NEUTRON);
        try (Response r = http.newCall(req).execute()) {
            String text = r.body() == null ? "" : r.body().string();
            if (r.isSuccessful()) return text.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(text);
            if (goneIsFine && r.code() == 404) return MAPPER.createObjectNode();
            String hint = r.code() == 404 && url.encodedPath().contains("/qos/")
                    ? "; the cloud may lack Neutron's QoS extension (service plugin qos): ask its admin, or remove the link's rate" : "";
            throw new DriverException("Neutron refused " + what + " (HTTP " + r.code() + "): " + message(text) + hint);
        } catch (IOException e) {
            throw new DriverException("Neutron did not answer while " + what + ": " + ApiCalls.rootMessage(e), e);
        }
    }

    /** Neutron's own message out of its error body, on one line. */
    static String message(String body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            JsonNode m = n.path("NeutronError").path("message");
            if (m.isTextual()) return ApiCalls.clean(m.asText());
        } catch (IOException | RuntimeException ignored) {
            // Not JSON: the body as it is.
        }
        return ApiCalls.clean(body == null || body.isBlank() ? null : body);
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
