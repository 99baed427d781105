package io.olimpus.server.platform.openstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.olimpus.server.engine.driver.DriverException;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static io.olimpus.server.platform.openstack.FakeKeystone.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Neutron REST requests behind a link's rate, against a scripted Neutron (MockWebServer). */
class NeutronQosTest {
    MockWebServer cloud;
    final List<String> requests = new CopyOnWriteArrayList<>();
    volatile Function<String, MockResponse> neutron = r -> json(404, "{\"NeutronError\":{\"type\":\"HTTPNotFound\",\"message\":\"The resource could not be found.\",\"detail\":\"\"}}");
    ApiCalls calls;
    NeutronQos qos;

    @BeforeEach
    void start() throws IOException {
        cloud = FakeKeystone.cloud(r -> {
            String path = r.getPath();
            if (path.startsWith("/v3/auth/tokens"))
                return json(201, FakeKeystone.tokenJson(base(), "p-svc", "olimpus", FakeKeystone.FAR_FUTURE)).addHeader("X-Subject-Token", "tok");
            String body = r.getBody().readUtf8();
            String line = r.getMethod() + " " + path + (body.isEmpty() ? "" : " " + body) + " token=" + r.getHeader("X-Auth-Token");
            requests.add(line);
            return neutron.apply(line);
        });
        calls = new ApiCalls();
        OpenStackZone zone = new OpenStackZone("unit", URI.create(base() + "/v3"), "RegionOne", "Default", "olimpus", "pw", "olimpus", "nova", null);
        qos = new NeutronQos(new KeystoneSession(zone, calls), calls);
    }

    String base() { return "http://127.0.0.1:" + cloud.getPort(); }

    @AfterEach
    void stop() throws IOException {
        qos.close();
        cloud.shutdown();
    }

    @Test
    void aPolicyIsMadeForTheSlicesProjectItsRulesAndPortsSetAsTheServiceAccount() {
        neutron = r -> {
            if (r.startsWith("POST /v2.0/qos/policies "))
                return json(201, "{\"policy\":{\"id\":\"q1\",\"name\":\"olimpus-qos:l1\",\"project_id\":\"p-slice\",\"rules\":[]}}");
            if (r.startsWith("GET /v2.0/qos/policies/q1/bandwidth_limit_rules"))
                return json(200, "{\"bandwidth_limit_rules\":[{\"id\":\"r1\",\"max_kbps\":10000,\"max_burst_kbps\":8000,\"direction\":\"egress\"},"
                        + "{\"id\":\"r0\",\"max_kbps\":5,\"max_burst_kbps\":0}]}");
            if (r.startsWith("GET /v2.0/ports?"))
                return json(200, "{\"ports\":[{\"id\":\"port-a\",\"qos_policy_id\":\"q1\",\"status\":\"ACTIVE\",\"revision_number\":4},"
                        + "{\"id\":\"port-b\",\"qos_policy_id\":null,\"status\":\"BUILD\"}]}");
            if (r.startsWith("PUT /v2.0/ports/port-a")) return json(200, "{\"port\":{\"id\":\"port-a\",\"revision_number\":7}}");
            if (r.startsWith("GET /v2.0/ports/port-a"))
                return json(200, "{\"port\":{\"id\":\"port-a\",\"qos_policy_id\":null,\"status\":\"DOWN\",\"revision_number\":8}}");
            return json(200, "{}");
        };
        QosApi.Policy p = qos.createPolicy("p-slice", "olimpus-qos:l1", "Olimpus: the rate of link l1");
        assertThat(p).isEqualTo(new QosApi.Policy("q1", "olimpus-qos:l1", "p-slice"));
        assertThat(qos.rules("q1")).containsExactly(new QosApi.Rule("r1", "egress", 10_000, 8_000), new QosApi.Rule("r0", null, 5, 0));
        qos.createRule("q1", new QosApi.Rule(null, "ingress", 2_000, 1_600));
        qos.updateRule("q1", new QosApi.Rule("r1", "egress", 2_000, 1_600));
        assertThat(qos.setPolicy("port-a", "q1")).isEqualTo(7);
        qos.setPolicy("port-a", null);
        assertThat(qos.port("p-slice", "olimpus-port:vm-1", "fa:16:3e:00:00:01")).contains(new QosApi.PortQos("port-a", "q1", "ACTIVE", 4));
        assertThat(qos.ports("p-slice")).containsExactly(new QosApi.PortQos("port-a", "q1", "ACTIVE", 4), new QosApi.PortQos("port-b", null, "BUILD", -1));
        assertThat(qos.port("port-a")).contains(new QosApi.PortQos("port-a", null, "DOWN", 8));
        assertThat(qos.port("port-gone")).isEmpty();
        assertThat(requests).containsExactly(
                "POST /v2.0/qos/policies {\"policy\":{\"name\":\"olimpus-qos:l1\",\"description\":\"Olimpus: the rate of link l1\",\"project_id\":\"p-slice\"}} token=tok",
                "GET /v2.0/qos/policies/q1/bandwidth_limit_rules token=tok",
                "POST /v2.0/qos/policies/q1/bandwidth_limit_rules {\"bandwidth_limit_rule\":{\"max_kbps\":2000,\"max_burst_kbps\":1600,\"direction\":\"ingress\"}} token=tok",
                "PUT /v2.0/qos/policies/q1/bandwidth_limit_rules/r1 {\"bandwidth_limit_rule\":{\"max_kbps\":2000,\"max_burst_kbps\":1600}} token=tok",
                "PUT /v2.0/ports/port-a {\"port\":{\"qos_policy_id\":\"q1\"}} token=tok",
                "PUT /v2.0/ports/port-a {\"port\":{\"qos_policy_id\":null}} token=tok",
                "GET /v2.0/ports?project_id=p-slice&fields=id&fields=qos_policy_id&fields=status&fields=revision_number&name=olimpus-port%3Avm-1"
                        + "&mac_address=fa%3A16%3A3e%3A00%3A00%3A01 token=tok",
                "GET /v2.0/ports?project_id=p-slice&fields=id&fields=qos_policy_id&fields=status&fields=revision_number token=tok",
                "GET /v2.0/ports/port-a?fields=id&fields=qos_policy_id&fields=status&fields=revision_number token=tok",
                "GET /v2.0/ports/port-gone?fields=id&fields=qos_policy_id&fields=status&fields=revision_number token=tok");
        assertThat(calls.perService()).containsEntry("Neutron", 10L);
    }

    @Test
    void policiesAreListedPerProjectOrAllAndAGoneOneDeletesFine() {
        neutron = r -> r.startsWith("GET /v2.0/qos/policies")
                ? json(200, "{\"policies\":[{\"id\":\"q1\",\"name\":\"olimpus-qos:l1\",\"tenant_id\":\"p-old\"}]}")
                : json(404, "{\"NeutronError\":{\"message\":\"QoS policy q9 could not be found.\"}}");
        assertThat(qos.policies("p-slice")).containsExactly(new QosApi.Policy("q1", "olimpus-qos:l1", "p-old"));
        assertThat(qos.policies(null)).hasSize(1);
        qos.deletePolicy("q9");
        assertThat(requests).containsExactly("GET /v2.0/qos/policies?project_id=p-slice token=tok", "GET /v2.0/qos/policies token=tok",
                "DELETE /v2.0/qos/policies/q9 token=tok");
    }

    @Test
    void aRefusalIsNeutronsOwnMessageAndACloudWithoutQosIsToldSo() {
        neutron = r -> r.startsWith("PUT") ? json(409, "{\"NeutronError\":{\"type\":\"QosPolicyInUse\",\"message\":\"QoS Policy q1\\n is used by port p.\",\"detail\":\"\"}}")
                : json(404, "{\"NeutronError\":{\"type\":\"HTTPNotFound\",\"message\":\"The resource could not be found.\",\"detail\":\"\"}}");
        assertThatThrownBy(() -> qos.setPolicy("port-a", "q1")).isInstanceOf(DriverException.class)
                .hasMessage("Neutron refused putting QoS policy q1 on port port-a (HTTP 409): QoS Policy q1 is used by port p.");
        assertThatThrownBy(() -> qos.createPolicy("p-slice", "olimpus-qos:l1", "d"))
                .hasMessage("Neutron refused creating QoS policy olimpus-qos:l1 (HTTP 404): The resource could not be found.; the cloud may lack"
                        + " Neutron's QoS extension (service plugin qos): ask its admin, or remove the link's rate");
        assertThat(qos.policies("p-slice")).as("a cloud without QoS holds no policy: listings and leftover scans go on").isEmpty();
        assertThat(qos.directions()).as("a cloud that cannot say limits egress").containsExactly("egress");
    }

    @Test
    void ingressIsLimitedOnlyWhenEveryQosDriverOfTheCloudCanLimitIt() throws IOException {
        ObjectMapper m = new ObjectMapper();
        String both = "{\"name\":\"linuxbridge\",\"supported_parameters\":[{\"parameter_name\":\"max_kbps\",\"parameter_type\":\"range\","
                + "\"parameter_values\":{\"start\":0,\"end\":2147483647}},{\"parameter_name\":\"direction\",\"parameter_type\":\"choices\","
                + "\"parameter_values\":[\"ingress\",\"egress\"]}]}";
        String egressOnly = "{\"name\":\"old\",\"supported_parameters\":[{\"parameter_name\":\"max_kbps\",\"parameter_type\":\"range\"}]}";
        assertThat(NeutronQos.directionsOf(m.readTree("{\"rule_type\":{\"type\":\"bandwidth_limit\",\"drivers\":[" + both + "]}}")))
                .containsExactlyInAnyOrder("egress", "ingress");
        assertThat(NeutronQos.directionsOf(m.readTree("{\"rule_type\":{\"type\":\"bandwidth_limit\",\"drivers\":[" + both + "," + egressOnly + "]}}")))
                .containsExactly("egress");
        assertThat(NeutronQos.directionsOf(m.readTree("{\"rule_type\":{\"drivers\":[]}}"))).containsExactly("egress");

        neutron = r -> json(200, "{\"rule_type\":{\"type\":\"bandwidth_limit\",\"drivers\":[" + both + "]}}");
        assertThat(qos.directions()).isEqualTo(Set.of("egress", "ingress"));
        assertThat(qos.directions()).isEqualTo(Set.of("egress", "ingress"));
        assertThat(requests).as("asked once").containsExactly("GET /v2.0/qos/rule-types/bandwidth_limit token=tok");
    }
}
