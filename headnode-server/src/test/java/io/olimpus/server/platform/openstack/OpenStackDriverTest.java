package io.olimpus.server.platform.openstack;

import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.driver.VmState;
import io.olimpus.server.engine.driver.VmStatus;
import io.olimpus.server.engine.plan.DeploymentPlan;
import io.olimpus.server.engine.plan.NetworkPlan;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openstack4j.model.compute.Server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The driver against a scripted cloud (MockWebServer): messages, call counting, ids and names of what it creates. */
class OpenStackDriverTest {
    static final String PASSWORD = "s3cret-Pa55";
    MockWebServer cloud;
    final List<String> requests = new CopyOnWriteArrayList<>();
    volatile boolean wrongPassword;
    volatile boolean projectExists;
    /** More of the cloud for one test: answers "METHOD path" (with the body), or null to fall through. */
    volatile java.util.function.BiFunction<String, String, MockResponse> more;

    @BeforeEach
    void start() throws IOException {
        cloud = FakeKeystone.cloud(r -> {
            String path = r.getPath();
            requests.add(r.getMethod() + " " + path);
            String body = r.getBody().readUtf8().replaceAll("\\s", "");
            if (more != null) {
                MockResponse m = more.apply(r.getMethod() + " " + path, body);
                if (m != null) return m;
            }
            if (path.startsWith("/v3/auth/tokens")) {
                if (wrongPassword || !body.contains(PASSWORD))
                    return json(401, "{\"error\":{\"code\":401,\"message\":\"The request you have made requires authentication.\",\"title\":\"Unauthorized\"}}");
                boolean scopedToSlice = body.contains("\"p-slice\"");
                return json(201, token(scopedToSlice ? "p-slice" : "p-svc", scopedToSlice ? "olimpus-s1" : "olimpus")).addHeader("X-Subject-Token", "tok");
            }
            if (path.startsWith("/v3/projects?")) return json(200, projectExists
                    ? "{\"projects\":[{\"id\":\"p-slice\",\"name\":\"olimpus-s1\",\"domain_id\":\"default\",\"enabled\":true}]}" : "{\"projects\":[]}");
            if (path.equals("/v3/projects") && r.getMethod().equals("POST")) {
                projectExists = true;
                return json(201, "{\"project\":{\"id\":\"p-slice\",\"name\":\"olimpus-s1\",\"domain_id\":\"default\",\"enabled\":true}}");
            }
            if (path.startsWith("/v3/roles?")) return json(200, "{\"roles\":[{\"id\":\"r-member\",\"name\":\"member\"}]}");
            if (path.startsWith("/v3/projects/p-slice/users/u-svc/roles/r-member")) return new MockResponse().setResponseCode(204);
            if (path.startsWith("/v2.1/os-availability-zone")) return json(200,
                    "{\"availabilityZoneInfo\":[{\"zoneName\":\"nova\",\"zoneState\":{\"available\":true},\"hosts\":null}]}");
            if (path.startsWith("/v2.0/networks?")) return json(200, "{\"networks\":[]}");
            if (path.equals("/v2.0/networks") && r.getMethod().equals("POST")) {
                if (!body.contains("\"name\":\"olimpus-net:net-l1\"")) return json(400, "{\"NeutronError\":{\"message\":\"unexpected " + body + "\"}}");
                return json(201, "{\"network\":{\"id\":\"n-1\",\"name\":\"olimpus-net:net-l1\",\"tenant_id\":\"p-slice\",\"subnets\":[],\"status\":\"ACTIVE\"}}");
            }
            if (path.equals("/v2.0/subnets") && r.getMethod().equals("POST")) {
                if (!(body.contains("\"cidr\":\"198.18.64.0/24\"") && body.contains("\"gateway_ip\":\"198.18.64.1\"") && body.contains("\"enable_dhcp\":true")
                        && body.contains("198.18.64.254"))) return json(400, "{\"NeutronError\":{\"message\":\"unexpected " + body + "\"}}");
                return json(201, "{\"subnet\":{\"id\":\"s-1\",\"network_id\":\"n-1\",\"cidr\":\"198.18.64.0/24\",\"tenant_id\":\"p-slice\",\"ip_version\":4}}");
            }
            return json(404, "{\"itemNotFound\":{\"message\":\"no such thing: " + path + "\",\"code\":404}}");
        });
    }

    @AfterEach
    void stop() throws IOException { cloud.shutdown(); }

    String base() { return "http://127.0.0.1:" + cloud.getPort(); }

    static MockResponse json(int code, String body) { return FakeKeystone.json(code, body); }

    String token(String projectId, String projectName) { return FakeKeystone.tokenJson(base(), projectId, projectName, FakeKeystone.FAR_FUTURE); }

    OpenStackZone zone(String az) {
        return new OpenStackZone("unit", URI.create(base() + "/v3"), "RegionOne", "Default", "olimpus", PASSWORD, "olimpus", az, null);
    }

    @Test
    void theZoneNeverShowsItsPassword() {
        OpenStackZone z = zone("nova");
        assertThat(z.toString()).doesNotContain(PASSWORD).contains("password=****");
        assertThat(z.identityV3()).isEqualTo(base() + "/v3");
        assertThat(z.withPassword("x").identityV3()).isEqualTo(z.identityV3());
        assertThat(new OpenStackZone("u", URI.create("http://127.0.0.1:5000"), "R", "D", "u", "p", "p", "az", " ").externalNetwork()).isNull();
    }

    @Test
    void aWrongPasswordFailsAtZoneSetupWithAClearMessage() {
        wrongPassword = true;
        var driver = new OpenStackDriver(zone("nova"), OpenStackTestBed.catalog());
        assertThatThrownBy(driver::verify).isInstanceOf(DriverException.class)
                .hasMessageContaining("refused the service account 'olimpus'")
                .hasMessageContaining("wrong password")
                .hasMessageContaining("HTTP 401")
                .hasMessageNotContaining(PASSWORD);
        assertThat(driver.apiCalls()).containsEntry("Keystone", 1L);
    }

    @Test
    void verifyNamesAMissingAvailabilityZone() {
        var driver = new OpenStackDriver(zone("az9"), OpenStackTestBed.catalog());
        assertThatThrownBy(driver::verify).hasMessageContaining("Nova has no availability zone az9 (it has [nova])");
        assertThat(new OpenStackDriver(zone("nova"), OpenStackTestBed.catalog()).verify()).contains("availability zone nova is available");
    }

    @Test
    void aCloudThatDoesNotAnswerIsNamed() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) { closed = s.getLocalPort(); }
        var z = new OpenStackZone("dead", URI.create("http://127.0.0.1:" + closed + "/v3"), "RegionOne", "Default", "olimpus", PASSWORD, "olimpus", "nova", null);
        assertThatThrownBy(() -> new OpenStackDriver(z, OpenStackTestBed.catalog()).verify())
                .hasMessageContaining("Keystone at http://127.0.0.1:" + closed + "/v3 did not answer");
    }

    @Test
    void prepareAndNetworkCreateTheProjectAndTheAddressesOfThePlanReportingEachResource() {
        var driver = new OpenStackDriver(zone("nova"), OpenStackTestBed.catalog());
        NetworkPlan net = new NetworkPlan("net-l1", "vm1-vm2", 101, "198.18.64.0/24", "198.18.64.1", List.of("nova"));
        SliceContext ctx = new SliceContext("s1", "ring", new DeploymentPlan("ring", "unit", List.of(net), List.of()));
        List<ResourceRef> created = new ArrayList<>();
        driver.prepareSlice(ctx, created::add);
        driver.createNetwork(ctx, net, created::add);
        assertThat(created).containsExactly(
                new ResourceRef(OpenStackDriver.PROJECT, "p-slice", null, ResourceRef.SLICE, OpenStackDriver.RANK_PROJECT),
                new ResourceRef(OpenStackDriver.NETWORK, "n-1", null, "net-l1", OpenStackDriver.RANK_NETWORK),
                new ResourceRef(OpenStackDriver.SUBNET, "s-1", null, "net-l1", OpenStackDriver.RANK_SUBNET));
        assertThat(requests).contains("POST /v3/projects", "PUT /v3/projects/p-slice/users/u-svc/roles/r-member", "POST /v2.0/networks", "POST /v2.0/subnets");
        // Every request the driver made is counted, per service.
        long http = requests.size();
        assertThat(driver.totalApiCalls()).isEqualTo(http);
        assertThat(driver.apiCalls()).containsKeys("Keystone", "Neutron");
        // Teardown ranks: servers before ports before router interfaces, routers, subnets, networks, project.
        assertThat(List.of(OpenStackDriver.RANK_SERVER, OpenStackDriver.RANK_PORT, OpenStackDriver.RANK_ROUTER_IF, OpenStackDriver.RANK_ROUTER,
                OpenStackDriver.RANK_SUBNET, OpenStackDriver.RANK_NETWORK, OpenStackDriver.RANK_PROJECT)).isSortedAccordingTo((a, b) -> b - a);
    }

    @Test
    void aFailedServersConsoleLogAndNovasFaultAreItsEvidence() {
        projectExists = true;
        String server = "{\"id\":\"srv-1\",\"name\":\"vm1\",\"tenant_id\":\"p-slice\",\"status\":\"ERROR\",\"metadata\":{\""
                + OpenStackNames.VM_META + "\":\"vm-1\"},\"fault\":{\"code\":500,\"message\":\"No valid host was found.\"}}";
        List<String> consoleAsks = new CopyOnWriteArrayList<>();
        more = (req, body) -> {
            if (req.startsWith("GET /v2.1/servers/detail")) return json(200, "{\"servers\":[" + server + "]}");
            if (req.equals("GET /v2.1/servers/srv-1")) return json(200, "{\"server\":" + server + "}");
            if (req.equals("POST /v2.1/servers/srv-1/action") && body.contains("os-getConsoleOutput")) {
                consoleAsks.add(body);
                return json(200, "{\"output\":\"SeaBIOS\\r\\nBooting from Hard Disk...\\r\\n\"}");
            }
            return null;
        };
        var driver = new OpenStackDriver(zone("nova"), OpenStackTestBed.catalog());
        var vm = new io.olimpus.server.engine.plan.VmPlan("vm-1", "vm1", "nova", "tiny", new io.olimpus.model.topology.Resources(1, 128, 1),
                "cirros", false, List.of());
        SliceContext ctx = new SliceContext("s1", "ring", new DeploymentPlan("ring", "unit", List.of(), List.of(vm)));
        var e = driver.evidence(ctx, vm);
        assertThat(e.console()).isEqualTo("SeaBIOS\nBooting from Hard Disk...\n");
        assertThat(e.platformLog()).isEqualTo("No valid host was found. (code 500)");
        assertThat(consoleAsks).singleElement().asString().contains("\"length\":100");
        // A server Nova does not have says nothing, and does not fail the rollback that asked.
        var gone = new io.olimpus.server.engine.plan.VmPlan("vm-2", "vm2", "nova", "tiny", new io.olimpus.model.topology.Resources(1, 128, 1),
                "cirros", false, List.of());
        assertThat(driver.evidence(ctx, gone).isEmpty()).isTrue();
    }

    @Test
    void novasStatusesMapToTheEnginesVmStates() {
        Function<Server.Status, VmStatus> of = st -> OpenStackDriver.statusOf(ServerWatchTest.server("p", "s", st));
        assertThat(of.apply(Server.Status.ACTIVE)).isEqualTo(new VmStatus(VmState.RUNNING, null));
        assertThat(of.apply(Server.Status.SHUTOFF)).isEqualTo(new VmStatus(VmState.STOPPED, null));
        assertThat(of.apply(Server.Status.PAUSED)).isEqualTo(new VmStatus(VmState.STOPPED, "PAUSED"));
        assertThat(of.apply(Server.Status.HARD_REBOOT).state()).isEqualTo(VmState.BOOTING);
        assertThat(of.apply(Server.Status.ERROR)).isEqualTo(new VmStatus(VmState.FAILED, "Nova gave no fault message"));
        assertThat(of.apply(Server.Status.DELETED).state()).isEqualTo(VmState.DELETED);
        assertThat(of.apply(null).state()).isEqualTo(VmState.CREATING);
    }
}
