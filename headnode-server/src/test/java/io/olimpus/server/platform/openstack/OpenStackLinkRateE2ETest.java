package io.olimpus.server.platform.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.olimpus.model.shape.Shape;
import io.olimpus.model.shape.ShapeGenerator;
import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.LinkImpairment;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.validation.Problem;
import io.olimpus.model.validation.ProblemCode;
import io.olimpus.server.engine.apply.JobOutcome;
import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.plan.NicPlan;
import io.olimpus.server.engine.plan.VmPlan;
import io.olimpus.server.platform.openstack.OpenStackDriverE2ETest.Deployed;
import io.olimpus.server.testbed.OpenStackBed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.compute.Server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.olimpus.server.platform.openstack.OpenStackDriverE2ETest.GUEST;
import static io.olimpus.server.platform.openstack.OpenStackDriverE2ETest.bed;
import static io.olimpus.server.platform.openstack.OpenStackDriverE2ETest.driver;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A link's rate on the OpenStack bed, through the engine's planner and runner (the fixtures of
 * {@link OpenStackDriverE2ETest}): it becomes a Neutron QoS policy with that limit on both of the
 * link's ports, changes in place on the running slice, goes with rate 0 and with undeploy. What
 * Neutron holds is read back with plain REST calls of the test's own, not through the driver.
 */
@Tag("e2e")
@OpenStackBed
class OpenStackLinkRateE2ETest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void up() throws Exception { OpenStackDriverE2ETest.up(); }

    @AfterAll
    static void down() throws Exception { OpenStackDriverE2ETest.down(); }

    @AfterEach
    void theCloudHoldsNothingNoSliceOwns() {
        assertThat(driver.leftovers(Set.of()).items()).as("leftovers in the cloud").isEmpty();
    }

    /** A GET on Neutron as the bed's admin. */
    static JsonNode neutron(String path) throws Exception {
        OSClientV3 os = bed.admin();
        String base = null;
        for (var s : os.getToken().getCatalog())
            if ("network".equals(s.getType()))
                for (var e : s.getEndpoints()) if (e.getIface() == org.openstack4j.api.types.Facing.PUBLIC) base = e.getUrl().toString();
        assertThat(base).as("Neutron's endpoint in the bed's catalog").isNotNull();
        base = base.replaceAll("/+$", "");
        if (!base.endsWith("/v2.0")) base += "/v2.0";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("X-Auth-Token", os.getToken().getId())
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The project's QoS policies, each as name -> id. */
    static Map<String, String> policies(String pid) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode p : neutron("/qos/policies?project_id=" + pid).path("policies")) out.put(p.path("name").asText(), p.path("id").asText());
        return out;
    }

    /** A policy's bandwidth limit rules, each as direction -> max_kbps/max_burst_kbps. */
    static Map<String, String> limits(String policyId) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode r : neutron("/qos/policies/" + policyId + "/bandwidth_limit_rules").path("bandwidth_limit_rules"))
            out.put(r.path("direction").asText("egress"), r.path("max_kbps").asLong() + "/" + r.path("max_burst_kbps").asLong());
        return out;
    }

    /** The policy on each port of the link (by MAC), "none" for a port without one. */
    static List<String> policiesOnTheLinksPorts(Deployed d, String linkId) throws Exception {
        List<String> out = new ArrayList<>();
        for (VmPlan vm : d.plan().vms())
            for (NicPlan nic : vm.nics()) {
                if (!nic.linkId().equals(linkId)) continue;
                JsonNode ports = neutron("/ports?project_id=" + d.projectId() + "&mac_address=" + nic.mac()).path("ports");
                assertThat(ports).as("the port of %s with MAC %s", vm.name(), nic.mac()).hasSize(1);
                out.add(ports.get(0).path("qos_policy_id").isTextual() ? ports.get(0).get("qos_policy_id").asText() : "none");
            }
        return out;
    }

    /** The edit on the running slice, timed (the figure in docs/links.md). */
    static Deployed edit(Deployed d, Topology edited, String what) {
        long t0 = System.nanoTime();
        Deployed after = OpenStackDriverE2ETest.edit(d, edited);
        System.out.printf("FIGURE link rate on OpenStack, %s: %s in %d ms%n", what, after.outcome(), (System.nanoTime() - t0) / 1_000_000);
        return after;
    }

    static List<String> serverIds(Deployed d) {
        return bed.admin().compute().servers().list(Map.of("all_tenants", "1", "project_id", d.projectId())).stream().map(Server::getId).sorted().toList();
    }

    @Test
    void aLinksRateIsAQosPolicyOnBothPortsChangedInPlaceRemovedAtZeroAndGoneWithTheSlice() throws Exception {
        Topology design = ShapeGenerator.generate("rated", Shape.linear(2).withVm(GUEST));
        assertThat(design.links()).hasSize(1);
        String linkId = design.links().get(0).id(), name = OpenStackNames.qosPolicy(linkId);
        Topology at10 = design.withLinkImpairment(linkId, new LinkImpairment(null, null, null, 10.0));

        Deployed d = OpenStackDriverE2ETest.deploy("e2e-os-rate", OpenStackDriverE2ETest.plan("e2e-os-rate", at10), e -> {});
        try {
            assertThat(d.outcome()).as(d.finished()).isEqualTo(JobOutcome.SUCCEEDED);
            OpenStackDriverE2ETest.assertDeployedAsPlanned(d);
            Map<String, String> policies = policies(d.projectId());
            assertThat(policies).containsOnlyKeys(name);
            String id = policies.get(name);
            // The bed's linuxbridge agent limits both directions: 10 Mbit/s is 10000 kbit/s, the burst 80 % of it.
            assertThat(limits(id)).isEqualTo(Map.of("egress", "10000/8000", "ingress", "10000/8000"));
            assertThat(policiesOnTheLinksPorts(d, linkId)).containsExactly(id, id);
            assertThat(d.journal().resources()).as("the policy is recorded like the slice's other resources")
                    .contains(new ResourceRef(OpenStackDriver.QOS_POLICY, id, null, ResourceRef.SLICE, OpenStackDriver.RANK_QOS_POLICY));
            assertThat(driver.list(d.ctx())).extracting(ResourceRef::kind, ResourceRef::name)
                    .contains(org.assertj.core.groups.Tuple.tuple(OpenStackDriver.QOS_POLICY, id));
            List<String> servers = serverIds(d);

            // A new rate on the running slice: the same policy's rules change, the ports and servers stay.
            d = edit(d, design.withLinkImpairment(linkId, new LinkImpairment(null, null, null, 2.5)), "10 -> 2.5 Mbit/s (rules changed in place)");
            assertThat(d.outcome()).as(d.finished()).isEqualTo(JobOutcome.SUCCEEDED);
            assertThat(d.finished()).contains("link " + linkId + ": rate 10 -> 2.5 Mbit/s");
            assertThat(policies(d.projectId())).isEqualTo(Map.of(name, id));
            assertThat(limits(id)).isEqualTo(Map.of("egress", "2500/2000", "ingress", "2500/2000"));
            assertThat(policiesOnTheLinksPorts(d, linkId)).containsExactly(id, id);
            assertThat(serverIds(d)).as("no VM replaced").isEqualTo(servers);

            // Rate 0: the policy comes off both ports and goes.
            d = edit(d, design.withLinkImpairment(linkId, new LinkImpairment(null, null, null, 0.0)), "2.5 -> 0 (policy off both ports, deleted)");
            assertThat(d.outcome()).as(d.finished()).isEqualTo(JobOutcome.SUCCEEDED);
            assertThat(policies(d.projectId())).isEmpty();
            assertThat(policiesOnTheLinksPorts(d, linkId)).containsExactly("none", "none");
            assertThat(serverIds(d)).isEqualTo(servers);

            // A rate again, and the slice goes with its policy.
            d = edit(d, design.withLinkImpairment(linkId, new LinkImpairment(null, null, null, 1.0)), "0 -> 1 Mbit/s (policy made, on both ports)");
            assertThat(d.outcome()).as(d.finished()).isEqualTo(JobOutcome.SUCCEEDED);
            String again = policies(d.projectId()).get(name);
            assertThat(again).isNotNull();
            assertThat(limits(again)).isEqualTo(Map.of("egress", "1000/800", "ingress", "1000/800"));
            assertThat(policiesOnTheLinksPorts(d, linkId)).containsExactly(again, again);
        } finally {
            OpenStackDriverE2ETest.undeploy(d);
        }
        String pid = d.projectId();
        assertThat(neutron("/qos/policies").path("policies")).as("QoS policies after the undeploy")
                .noneMatch(p -> pid.equals(p.path("project_id").asText()) || p.path("name").asText().startsWith(OpenStackNames.QOS));
    }

    @Test
    void aLeftoverPolicyIsFoundAndCleanedWithItsProject() throws Exception {
        var ctx = new io.olimpus.server.engine.driver.SliceContext("e2e-os-qos-leak", "qosleak",
                OpenStackDriverE2ETest.plan("e2e-os-qos-leak", ShapeGenerator.generate("qosleak", Shape.linear(2).withVm(GUEST))));
        List<ResourceRef> created = new ArrayList<>();
        driver.prepareSlice(ctx, created::add);
        String pid = created.get(0).name();
        // A policy of the slice's project made behind the engine's back (a crash between Neutron's answer and the journal).
        NeutronQos qos = new NeutronQos(new KeystoneSession(bed.zone(), new ApiCalls()), new ApiCalls());
        try {
            String id = qos.createPolicy(pid, OpenStackNames.qosPolicy("l1"), "leak").id();
            var found = driver.leftovers(Set.of()).items();
            assertThat(found).extracting(i -> i.kind() + " " + i.name()).contains("project olimpus-e2e-os-qos-leak", "qos-policy olimpus-qos:l1");
            var cleaned = driver.cleanLeftovers(() -> Set.of());
            assertThat(cleaned.failures()).isEmpty();
            assertThat(cleaned.removed()).extracting(i -> i.kind() + " " + i.id()).contains("qos-policy " + id);
            assertThat(neutron("/qos/policies").path("policies")).noneMatch(p -> id.equals(p.path("id").asText()));
        } finally {
            qos.close();
        }
    }

    @Test
    void aDelayOnAnOpenStackLinkIsRefusedWithTheLinkNamedAndARateAlongsideIsNot() {
        Topology design = ShapeGenerator.generate("delayed", Shape.linear(3).withVm(GUEST));
        Link l = design.links().get(1);
        Topology delayed = design.withLinkImpairment(l.id(), new LinkImpairment(50.0, null, null, 5.0))
                .withLinkImpairment(design.links().get(0).id(), new LinkImpairment(null, null, null, 5.0));
        List<Problem> problems = driver.designProblems(delayed);
        assertThat(problems).extracting(Problem::message).containsExactly("link " + l.id() + ": delay is not supported on OpenStack zones"
                + " (Neutron has no delay, jitter or loss); remove it, keep only a rate, or deploy to a Linux zone");
        assertThat(problems.get(0).code()).isEqualTo(ProblemCode.INVALID_LINK_PROPERTY);
        assertThat(problems.get(0).linkIds()).containsExactly(l.id());
    }
}
