package io.olimpus.server.platform.linux;

import io.olimpus.server.testbed.LinuxBed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.olimpus.server.api.ApiClient;
import io.olimpus.server.api.Fixtures;
import io.olimpus.server.api.TestServer;
import io.olimpus.server.testbed.Command;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.olimpus.server.platform.linux.LinuxRestE2ETest.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issues #19 and #21-1 with a real disk: the bed builds a Debian 12 qcow2 from Debian's packages
 * (systemd, syslinux, DHCP on every NIC: build-debian-disk.sh), an admin uploads it through the
 * API (its header checked: virtual size kept, an overlay with a backing file refused), and a
 * student's 3-VM linear slice of it deploys on the Linux bed under TCG: every VM reaches RUNNING
 * (each NIC leased) within the image's boot budget, and neighbours ping from inside. The disk runs
 * cloud-init and sshd: with the key from her profile (seeded per VM), the student logs in to each
 * VM by SSH through the server and the headnode, and the VM says its own name and that cloud-init
 * is done. Prints the boot time of each VM, the deploy and undeploy times and the time to each
 * VM's first SSH login (docs/benchmarks.md).
 */
@Tag("e2e")
@LinuxBed
class LinuxRealImageE2ETest {
    /** The image's boot budget: a systemd guest on a loaded 2-core TCG bed, three at once, needs minutes. */
    static final int BOOT_SECONDS = 1500;
    static LinuxTestBed bed;
    static TestServer server;
    static ApiClient api;
    static Path disk;
    static Long deployedSlice;
    static String owner;
    /** The student's key pair, made for the run: her public key goes in her profile, the private one logs in. */
    static Path keyDir, privateKey;
    static String publicKey;

    @BeforeAll
    static void up() throws Exception {
        bed = LinuxTestBed.up();
        LinuxTestBed.run(List.of(LinuxTestBed.SCRIPTS.resolve("install-deps.sh").toString(), "--disk"), 900);
        LinuxTestBed.run(List.of(LinuxTestBed.SCRIPTS.resolve("build-debian-disk.sh").toString()), 2400);
        disk = Path.of(System.getenv().getOrDefault("OLIMPUS_TESTBED_DISK_CACHE", "/var/tmp/olimpus-testbed/debian"), "debian.qcow2");
        keyDir = Files.createTempDirectory("olimpus-student-key");
        privateKey = keyDir.resolve("id_ed25519");
        Command.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "dora@laptop", "-f", privateKey.toString()), 60);
        publicKey = Files.readString(keyDir.resolve("id_ed25519.pub")).strip();
        LinuxRestE2ETest.bed = bed;
        LinuxClusterDriverE2ETest.bed = bed;
        LinuxClusterDriverE2ETest.ovsBase(true);
        server = TestServer.start(io.olimpus.server.api.Store.H2);
        api = server.client;
        LinuxRestE2ETest.api = api;
        LinuxRestE2ETest.setUpCloud(api, new Fixtures(api).admin, server.dataDir);
    }

    @AfterAll
    static void down() throws Exception {
        if (server != null) {
            if (deployedSlice != null) {
                var r = api.post("/slices/" + deployedSlice + "/undeploy", owner, Map.of());
                if (r.status() == 202) awaitJob(owner, r.json().get("id").asLong(), 900);
            }
            server.close();
        }
        LinuxRestE2ETest.api = null;
        LinuxRestE2ETest.bed = null;
        if (keyDir != null) {
            Files.deleteIfExists(privateKey);
            Files.deleteIfExists(keyDir.resolve("id_ed25519.pub"));
            Files.deleteIfExists(keyDir);
        }
        if (bed != null) {
            LinuxClusterDriverE2ETest.ovsBase(false);
            LinuxClusterDriverE2ETest.bed = null;
            bed.down();
        }
    }

    /** vm1 - vm2 - vm3, each link its own network. */
    static ObjectNode linear(String name, String flavor, String image) {
        ObjectNode doc = ApiClient.JSON.createObjectNode();
        doc.put("format", "olimpus-topology/1");
        ObjectNode t = doc.putObject("topology");
        t.put("name", name).put("zone", LinuxRestE2ETest.ZONE);
        ArrayNode nodes = t.putArray("nodes");
        ArrayNode links = t.putArray("links");
        for (int i = 1; i <= 3; i++) nodes.addObject().put("id", "n" + i).put("name", "vm" + i).put("kind", "vm").put("flavor", flavor).put("image", image);
        links.addObject().put("id", "l1").put("a", "n1").put("b", "n2");
        links.addObject().put("id", "l2").put("a", "n2").put("b", "n3");
        return doc;
    }

    /** Polls the job (a boot of minutes outlasts an event stream's timeout) until it is no longer RUNNING; returns GET /jobs/{id}. */
    static JsonNode awaitJob(String token, long job, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            JsonNode view = ok(api.get("/jobs/" + job, token), 200).json();
            if (!view.get("job").get("state").asText().equals("RUNNING")) return view;
            if (System.nanoTime() > deadline) throw new AssertionError("job " + job + " still RUNNING after " + seconds + " s: " + view);
            Thread.sleep(2000);
        }
    }

    @Test
    void aThreeVmLinearSliceOfARealDebianDiskBootsGetsEveryLeaseAndPingsItsNeighbours() throws Exception {
        Fixtures fx = new Fixtures(api);
        String admin = fx.admin;

        // Upload: the header is read, as qemu-img info reads it.
        long t0 = System.nanoTime();
        var up = ok(api.send("POST", "/images/debian/files", admin, Files.readAllBytes(disk), "application/octet-stream"), 201);
        double uploadS = (System.nanoTime() - t0) / 1e9;
        assertThat(up.json().get("diskFormat").asText()).isEqualTo("qcow2");
        assertThat(up.json().get("virtualSizeBytes").asLong()).isEqualTo(1L << 30);
        Path overlay = Files.createTempFile("olimpus-overlay", ".qcow2");
        try {
            Files.delete(overlay);
            Command.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", disk.toString(), overlay.toString()), 60);
            var refused = api.send("POST", "/images/overlay/files", admin, Files.readAllBytes(overlay), "application/octet-stream");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(refused.json().get("field").asText()).isEqualTo("body");
            assertThat(refused.json().get("detail").asText()).contains("backing file");
        } finally {
            Files.deleteIfExists(overlay);
        }
        ok(api.patch("/images/debian", admin, Map.of("bootSeconds", BOOT_SECONDS)), 200);
        ok(api.post("/flavors", admin, Map.of("name", "deb", "vcpus", 1, "ramMb", 320, "diskGb", 1)), 201);

        var student = fx.user("dora");
        owner = student.token();
        // Her access (issue 19): a key in her profile, and the slice's own cloud-config, both reach each VM's seed.
        ok(api.patch("/auth/me", owner, Map.of("sshPublicKey", publicKey)), 200);
        long slice = ok(api.post("/slices", owner, linear("debian-line", "deb", "debian")), 201).json().get("slice").get("id").asLong();
        ok(api.put("/slices/" + slice + "/cloud-config", owner, Map.of("cloudConfig", OWN_CLOUD_CONFIG)), 200);

        long d0 = System.nanoTime();
        JsonNode started = ok(api.post("/slices/" + slice + "/deploy", owner, Map.of()), 202).json();
        long job = started.get("id").asLong();
        String vmPassword = started.get("vmPassword").asText();
        assertThat(vmPassword).hasSize(16);
        deployedSlice = slice;
        JsonNode view = awaitJob(owner, job, BOOT_SECONDS + 600);
        double deployS = (System.nanoTime() - d0) / 1e9;
        assertThat(view.get("job").get("state").asText()).as("%s", view).isEqualTo("SUCCEEDED");

        // Boot per VM: from its launch (BOOTING) to RUNNING (every NIC leased), by the job's own event times.
        Map<String, Long> booting = new LinkedHashMap<>(), running = new LinkedHashMap<>();
        List<String> progress = new ArrayList<>();
        for (JsonNode row : view.get("events")) {
            JsonNode e = row.get("event");
            if (!e.get("type").asText().equals("VmChanged")) continue;
            String vm = e.get("vmName").asText(), state = e.get("state").asText();
            if (state.equals("BOOTING")) booting.putIfAbsent(vm, row.get("at").asLong());
            if (state.equals("RUNNING")) running.put(vm, row.get("at").asLong());
            if (state.equals("BOOTING") && e.hasNonNull("detail")) progress.add(vm + ": " + e.get("detail").asText());
        }
        assertThat(running.keySet()).containsExactlyInAnyOrder("vm1", "vm2", "vm3");
        assertThat(progress).as("a boot of more than a few seconds tells its progress").isNotEmpty()
                .allMatch(p -> p.matches("vm\\d: booting for \\d+ s of " + BOOT_SECONDS + " s.*"));
        StringBuilder boots = new StringBuilder();
        for (String vm : running.keySet()) boots.append(' ').append(vm).append('=').append((running.get(vm) - booting.get(vm)) / 1000.0).append('s');

        // Every NIC has its address, and each VM reaches its neighbours from inside.
        JsonNode vms = LinuxRestE2ETest.vms(owner, slice);
        Map<String, List<String[]>> byNetwork = new LinkedHashMap<>();
        for (JsonNode vm : vms) {
            assertThat(vm.get("state").asText()).as("%s", vm).isEqualTo("RUNNING");
            for (JsonNode nic : vm.get("nics"))
                byNetwork.computeIfAbsent(nic.get("network").asText(), k -> new ArrayList<>()).add(new String[]{vm.get("name").asText(), nic.get("ip").asText()});
        }
        assertThat(byNetwork).hasSize(2).allSatisfy((net, members) -> assertThat(members).hasSize(2));
        for (JsonNode vm : vms) awaitShell(vm, slice);
        for (JsonNode vm : vms) assertSeed(vm, slice, vmPassword);
        for (JsonNode vm : vms) {
            String addrs = LinuxRestE2ETest.inGuest(vm, slice, "ip -4 -o addr show").output();
            for (JsonNode nic : vm.get("nics")) assertThat(addrs).as("%s has its address", vm.get("name")).contains(" " + nic.get("ip").asText() + "/");
        }
        int pings = 0;
        for (List<String[]> members : byNetwork.values())
            for (String[] from : members)
                for (String[] to : members)
                    if (from != to) {
                        LinuxRestE2ETest.assertPings(LinuxRestE2ETest.vm(vms, from[0]), slice, to[1]);
                        pings++;
                    }
        assertThat(pings).isEqualTo(4);

        // SSH (issue 19): the student logs in to each VM with her key, as the image's default user that
        // cloud-init made, through the server's WebSocket and socat on the headnode. Each says its own name
        // (cloud-init's set_hostname) and that cloud-init finished, the slice's own runcmd included.
        StringBuilder sshTimes = new StringBuilder();
        for (JsonNode vm : vms) {
            String name = vm.get("name").asText();
            String url = api.base().replace("http://", "ws://") + "/slices/" + slice + "/vms/" + name + "/ssh";
            VmSshLogin.Result login = null;
            long s0 = System.nanoTime();
            // sshd starts after cloud-init's network stage, which may come a little after the leases.
            for (long until = System.nanoTime() + 600_000_000_000L; System.nanoTime() < until; Thread.sleep(3000)) {
                try {
                    login = VmSshLogin.run(url, owner, "debian", privateKey,
                            "hostname; cloud-init status --wait; test -e /run/olimpus-own-config && echo own-config-ran", java.time.Duration.ofSeconds(120));
                    break;
                } catch (Exception e) {
                    login = new VmSshLogin.Result(-1, String.valueOf(e));
                }
            }
            assertThat(login.code()).as("%s: %s", name, login.output()).isZero();
            assertThat(login.output().lines().findFirst().orElse("")).as("%s", login.output()).isEqualTo(name);
            assertThat(login.output()).as(name).contains("status: done", "own-config-ran");
            sshTimes.append(' ').append(name).append('=').append(String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - s0) / 1e9)).append('s');
        }
        // TCP between VMs too (their checksums complete: QEMU's vnet_hdr=off): vm1 reads vm2's SSH banner on their network.
        JsonNode vm1 = LinuxRestE2ETest.vm(vms, "vm1"), vm2 = LinuxRestE2ETest.vm(vms, "vm2");
        String vm2OnLink = null;
        for (JsonNode n1 : vm1.get("nics")) {
            String ip = LinuxRestE2ETest.ipOnOrNull(vm2, n1.get("network").asText());
            if (ip != null) vm2OnLink = ip;
        }
        var banner = LinuxRestE2ETest.inGuest(vm1, slice, "timeout 20 bash -c 'exec 3<>/dev/tcp/" + vm2OnLink + "/22; head -c 8 <&3'");
        assertThat(banner.output()).as("vm1 -> vm2:22 over TCP: %s", banner.output()).contains("SSH-2.0-");
        // The key is the only way in: sshd was told so (ssh_pwauth false, as a key was given).
        String[] noPassword = LinuxRestE2ETest.inGuest(vms.get(0), slice, "sshd -T | grep -i '^passwordauthentication'").output().lines()
                .filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("passwordauthentication")).toArray(String[]::new);
        assertThat(noPassword).as("sshd's password setting").containsExactly("passwordauthentication no");

        long u0 = System.nanoTime();
        long undeploy = ok(api.post("/slices/" + slice + "/undeploy", owner, Map.of()), 202).json().get("id").asLong();
        assertThat(awaitJob(owner, undeploy, 900).get("job").get("state").asText()).isEqualTo("SUCCEEDED");
        double undeployS = (System.nanoTime() - u0) / 1e9;
        deployedSlice = null;
        LinuxRestE2ETest.assertNothingLeftOf(slice);

        System.out.printf("REAL-IMAGE debian.qcow2 %d MiB upload=%.1fs deploy(3 VMs, linear)=%.1fs boot:%s undeploy=%.1fs pings=%d/4 ssh(after RUNNING):%s%n",
                Files.size(disk) >> 20, uploadS, deployS, boots, undeployS, pings, sshTimes);
    }

    static final String OWN_CLOUD_CONFIG = "#cloud-config\nruncmd:\n  - [touch, /run/olimpus-own-config]\n";

    /**
     * The VM's second drive is its cloud-init seed: a FAT filesystem labelled CIDATA, read-only,
     * holding its hostname, the owner's key, this deploy's password and the slice's own
     * cloud-config, which the image's cloud-init reads (the SSH login above shows it acted on them).
     */
    static void assertSeed(JsonNode vm, long slice, String password) throws Exception {
        String name = vm.get("name").asText();
        var blkid = LinuxRestE2ETest.inGuest(vm, slice, "blkid /dev/vdb");
        assertThat(blkid.output()).as("%s: %s", name, blkid.output()).contains("LABEL=\"CIDATA\"").contains("TYPE=\"vfat\"");
        var files = LinuxRestE2ETest.inGuest(vm, slice, "mkdir -p /mnt/seed && mount -o ro /dev/vdb /mnt/seed && cat /mnt/seed/meta-data /mnt/seed/user-data; umount /mnt/seed");
        assertThat(files.output()).as("%s", name).contains("local-hostname: \"" + name + "\"", "hostname: \"" + name + "\"", publicKey,
                "password: \"" + password + "\"", "[touch, /run/olimpus-own-config]");
        var ro = LinuxRestE2ETest.inGuest(vm, slice, "cat /sys/block/vdb/ro");
        assertThat(ro.code()).as("%s: %s", name, ro.output()).isZero();
        assertThat(ro.output().lines().findFirst().orElse("").strip()).as("%s: the seed drive is read-only", name).isEqualTo("1");
    }

    /** RUNNING means leased; the serial console's root shell may come a little later. */
    static void awaitShell(JsonNode vm, long slice) throws Exception {
        long deadline = System.nanoTime() + 600_000_000_000L;
        Command.Result last = null;
        while (System.nanoTime() < deadline) {
            last = LinuxRestE2ETest.inGuest(vm, slice, "true");
            if (last.code() == 0) return;
            Thread.sleep(3000);
        }
        throw new AssertionError(vm.get("name") + " has no shell on its serial console: " + (last == null ? "" : last.output()));
    }
}
