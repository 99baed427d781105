package io.olimpus.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SSH to a VM through the API, on a scripted platform whose "VM" echoes what it gets: the owner's
 * bytes go to the VM's first address and come back over the WebSocket; an admin may too, another
 * user gets 404. Each refusal names what to do: a slice not running, an unknown VM, a VM with no
 * link (no address), a zone that does not relay SSH (OpenStack's), and a VM that refuses (its
 * close reason). (The relay on a real headnode is in LinuxRestE2ETest and LinuxRealImageE2ETest.)
 */
class SshApiTest {
    static TestServer server;
    static ApiClient api;
    static Fixtures fx;
    static ScriptedPlatform platform;
    static String zone, flavor, image;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        ScriptedZone z = ScriptedZone.start(Store.H2, "sshz");
        server = z.server(); platform = z.platform(); api = z.api(); fx = z.fx(); zone = z.zone(); flavor = z.flavor(); image = z.image();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    /** vm1 - vm2 linked, vm3 alone (no NIC, so no address). */
    static ObjectNode design(String name) {
        ObjectNode doc = Fixtures.ring(name, zone, 3, flavor, image);
        ArrayNode links = (ArrayNode) doc.get("topology").get("links");
        links.removeAll();
        links.addObject().put("id", "l1").put("a", "n1").put("b", "n2");
        return doc;
    }

    record Exchange(String received, int code, String reason) {}

    /** Opens the VM's ssh WebSocket as {@code token}, sends {@code text}, and reads until {@code text} came back or the server closed it. */
    static Exchange exchange(String token, long slice, String vm, String text) throws Exception {
        var seen = new StringBuffer();
        var done = new CompletableFuture<Exchange>();
        WebSocket ws = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create(api.base().replaceFirst("^http", "ws") + "/slices/" + slice + "/vms/" + vm + "/ssh"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                        seen.append(StandardCharsets.US_ASCII.decode(data));
                        if (seen.toString().equals(text)) done.complete(new Exchange(seen.toString(), 0, null));
                        w.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                        done.complete(new Exchange(seen.toString(), code, reason));
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            ws.sendBinary(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), true).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // A refusing VM's socket may be closed by the server before this send: its close code and reason are what count.
        }
        try {
            return done.get(20, TimeUnit.SECONDS);
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    static int upgradeStatus(String token, long slice, String vm) throws Exception {
        try {
            HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create(api.base().replaceFirst("^http", "ws") + "/slices/" + slice + "/vms/" + vm + "/ssh"), new WebSocket.Listener() {})
                    .get(10, TimeUnit.SECONDS).abort();
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) return h.getResponse().statusCode();
            throw e;
        }
    }

    static JsonNode problem(ApiClient.Res r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        return r.json();
    }

    @Test
    void theOwnerAndAdminsReachTheVmsFirstAddressAndEveryRefusalSaysWhatToDo() throws Exception {
        var ana = fx.user("sshana");
        var ben = fx.user("sshben");
        String name = Fixtures.unique("ssh");
        var made = api.post("/slices", ana.token(), design(name));
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        long id = made.json().get("slice").get("id").asLong();

        // A draft: nothing to reach yet.
        assertThat(problem(api.get("/slices/" + id + "/vms/vm1/ssh", ana.token()), 409).get("detail").asText()).contains("deploy it first");

        var d = api.post("/slices/" + id + "/deploy", ana.token(), null);
        assertThat(d.status()).as(d.toString()).isEqualTo(202);
        assertThat(ApiClient.outcome(api.followJob(ana.token(), d.json().get("id").asLong()))).isEqualTo("SUCCEEDED");
        String vm1Ip = null;
        for (JsonNode vm : api.get("/slices/" + id + "/vms", ana.token()).json())
            if (vm.get("name").asText().equals("vm1")) vm1Ip = vm.get("nics").get(0).get("ip").asText();
        assertThat(vm1Ip).isNotBlank();

        // The owner's bytes reach the VM's first address and come back.
        Exchange echo = exchange(ana.token(), id, "vm1", "SSH-2.0-OpenSSH_9.6\r\n");
        assertThat(echo.received()).isEqualTo("SSH-2.0-OpenSSH_9.6\r\n");
        ScriptedPlatform.Script script = platform.script(name);
        assertThat(script.sshVm).isEqualTo("vm1");
        assertThat(script.sshAddress).isEqualTo(vm1Ip);
        assertThat(exchange(fx.admin, id, "vm2", "hello").received()).as("an admin may").isEqualTo("hello");
        assertThat(script.sshVm).isEqualTo("vm2");

        // Someone else's slice does not exist for them; an unknown VM is named.
        assertThat(upgradeStatus(ben.token(), id, "vm1")).isEqualTo(404);
        problem(api.post("/slices/" + id + "/vms/vm1/ssh-ticket", ben.token(), null), 404);
        assertThat(problem(api.get("/slices/" + id + "/vms/vm9/ssh", ana.token()), 404).get("detail").asText()).contains("vm9");
        // A VM with no link has no address.
        JsonNode noAddress = problem(api.get("/slices/" + id + "/vms/vm3/ssh", ana.token()), 409);
        assertThat(noAddress.get("type").asText()).endsWith("no-address");
        assertThat(noAddress.get("field").asText()).isEqualTo("vm");
        assertThat(noAddress.get("detail").asText()).contains("vm3", "no link", "serial console");
        assertThat(upgradeStatus(ana.token(), id, "vm3")).isEqualTo(409);
        // A plain GET runs the checks and says the upgrade is missing; the ticket route runs them too.
        assertThat(api.get("/slices/" + id + "/vms/vm1/ssh", ana.token()).status()).isEqualTo(426);
        assertThat(api.post("/slices/" + id + "/vms/vm1/ssh-ticket", ana.token(), null).status()).isEqualTo(200);

        // A VM that refuses: the socket closes with 4502 and the platform's sentence.
        script.sshRefusal = "VM 'vm1' refused SSH: no SSH server running (yet?); retry soon, or use its serial console";
        Exchange refused = exchange(ana.token(), id, "vm1", "SSH-2.0-OpenSSH_9.6\r\n");
        assertThat(refused.code()).isEqualTo(4502);
        assertThat(refused.reason()).isEqualTo(script.sshRefusal);
        script.sshRefusal = null;

        // A zone that does not relay SSH (OpenStack) says how to get in instead.
        platform.sshRelays = false;
        try {
            JsonNode cloud = problem(api.get("/slices/" + id + "/vms/vm1/ssh", ana.token()), 409);
            assertThat(cloud.get("type").asText()).endsWith("ssh-unavailable");
            assertThat(cloud.get("detail").asText()).contains("zone '" + zone + "'", "floating IP");
            assertThat(upgradeStatus(ana.token(), id, "vm1")).isEqualTo(409);
        } finally {
            platform.sshRelays = true;
        }
    }
}
