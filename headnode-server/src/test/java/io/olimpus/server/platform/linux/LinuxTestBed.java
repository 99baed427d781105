package io.olimpus.server.platform.linux;

import io.olimpus.server.testbed.BedLease;
import io.olimpus.server.testbed.BedsDown;
import io.olimpus.server.testbed.Command;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.olimpus.model.topology.Resources;
import io.olimpus.server.engine.placement.WorkerCapacity;
import io.olimpus.server.platform.linux.ssh.SshEndpoint;
import org.junit.jupiter.api.Assumptions;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Linux cluster test bed (packaging/testbed/linux) as tests see it: brought up when it is not
 * (and then taken down again once the whole run is over, see {@link BedsDown}), described by its
 * testbed.json. Needs root; skips visibly without it, except in CI where the bed is part of the
 * test command and its absence is a failure. A test class calls {@link #up()} in @BeforeAll and
 * {@link #down()} in @AfterAll, and is annotated {@link io.olimpus.server.testbed.LinuxBed}: the
 * bed is one class's at a time ({@link BedLease}).
 */
final class LinuxTestBed {
    static final Path SCRIPTS = locateScripts();
    /**
     * Which layout of the bed (packaging/testbed/linux/lib.sh) the classes run on: the system
     * property olimpus.linuxbed.layout, else the environment's OLIMPUS_TESTBED_LAYOUT, else "a".
     * Layout b differs from a in everything the driver must not assume (interface names, a
     * non-root SSH user with sudo, the state root, no Open vSwitch on worker3); `./olimpus test`
     * runs these classes on it.
     */
    static final String LAYOUT = layout();
    /** What every bed script is run with: the layout decides its names, addresses and state folder. */
    static final Map<String, String> ENV = Map.of("OLIMPUS_TESTBED_LAYOUT", LAYOUT);
    private static final BedLease LEASE = new BedLease("the Linux test bed");
    final JsonNode json;
    final Path stateDir;
    /** Whether this run brought the bed up (and so takes it down at its end). */
    final boolean startedHere;

    private LinuxTestBed(JsonNode json, boolean startedHere) {
        this.json = json;
        this.stateDir = Path.of(json.get("state_dir").asText());
        this.startedHere = startedHere;
    }

    private static String layout() {
        String l = System.getProperty("olimpus.linuxbed.layout", System.getenv().getOrDefault("OLIMPUS_TESTBED_LAYOUT", "a"));
        if (!l.equals("a") && !l.equals("b")) throw new IllegalStateException("olimpus.linuxbed.layout must be a or b, not '" + l + "'");
        return l;
    }

    /** The layout's state folder, as lib.sh picks it. */
    private static Path stateFolder() {
        String dflt = LAYOUT.equals("b") ? "/var/tmp/olimpus-testbed/linux-b" : "/var/tmp/olimpus-testbed/linux";
        return Path.of(System.getenv().getOrDefault("OLIMPUS_TESTBED_STATE", dflt));
    }

    private static Path locateScripts() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("packaging/testbed/linux"))) p = p.getParent();
        return p == null ? Path.of("packaging/testbed/linux") : p.resolve("packaging/testbed/linux");
    }

    /** Waits until no other class holds the bed, then makes sure it is up (up.sh is quick and repairs a bed that is). */
    static LinuxTestBed up() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root || !Files.isExecutable(SCRIPTS.resolve("up.sh"))) {
            String why = !root ? "the Linux test bed needs root" : "no test bed scripts at " + SCRIPTS;
            if (ci) throw new IllegalStateException(why);
            Assumptions.abort("SKIPPED: " + why);
        }
        LEASE.acquire();
        try {
            Path stateFile = stateFolder().resolve("state.list");
            boolean wasUp = Files.exists(stateFile) && Files.readString(stateFile).contains("complete");
            // Registered first: a bring-up that fails half way is taken down at the end too.
            if (!wasUp) BedsDown.atEnd("the Linux test bed", () -> run(List.of(SCRIPTS.resolve("down.sh").toString()), 300));
            run(List.of(SCRIPTS.resolve("up.sh").toString()), 600);
            Path json = stateFile.getParent().resolve("testbed.json");
            return new LinuxTestBed(new ObjectMapper().readTree(json.toFile()), !wasUp);
        } catch (Exception | Error e) {
            LEASE.release();
            throw e;
        }
    }

    /** Gives the bed back to the next class; the bed itself stays up until the end of the run. */
    void down() {
        LEASE.release();
    }

    JsonNode host(String name) {
        for (JsonNode h : json.get("hosts")) if (h.get("name").asText().equals(name)) return h;
        throw new IllegalArgumentException("no host " + name);
    }

    LinuxHost linuxHost(String name) {
        JsonNode h = host(name);
        return new LinuxHost(name, new SshEndpoint(name, h.get("mgmt_ip").asText(), json.get("ssh").get("port").asInt(), json.get("ssh").get("user").asText()),
                h.get("data_ip").asText(), false, stateRoot(name));
    }

    /** The folder where the driver keeps its state on {@code host}, as the host sees it (/var/lib/olimpus in layout a). */
    String stateRoot(String host) {
        JsonNode r = host(host).get("state_root");
        return r == null ? "/var/lib/olimpus" : r.asText();
    }

    /** Whether {@code host} runs Open vSwitch (layout b's worker3 has none: an OVS zone uses Linux bridges there). */
    boolean hasOvs(String host) {
        JsonNode o = host(host).get("ovs");
        return o == null ? json.get("ovs").asBoolean() : o.asBoolean();
    }

    /** Addresses of the hosts' management network that no guest may reach: the headnode's, a worker's and the machine's own. */
    List<String> managementAddresses() {
        return List.of(host("headnode").get("mgmt_ip").asText(), host("worker1").get("mgmt_ip").asText(), json.get("networks").get("root_mgmt_ip").asText());
    }

    LinuxZone zone(DataPlane plane) {
        Map<String, LinuxHost> workers = new LinkedHashMap<>();
        for (String w : List.of("worker1", "worker2", "worker3")) workers.put(w, linuxHost(w));
        return new LinuxZone(plane, linuxHost("headnode"), workers, host("headnode").get("uplink_if").asText());
    }

    List<WorkerCapacity> capacities(Resources each) {
        List<WorkerCapacity> out = new ArrayList<>();
        for (String w : List.of("worker1", "worker2", "worker3")) out.add(new WorkerCapacity(w, w, each, Resources.ZERO, true));
        return out;
    }

    Path knownHosts() { return Path.of(json.get("ssh").get("known_hosts").asText()); }

    Path privateKey() { return Path.of(json.get("ssh").get("private_key").asText()); }

    /** The bed's guest (Debian kernel and busybox initramfs) as a kernel image named "testbed-guest". */
    ImageSource guestImage() {
        JsonNode g = json.get("guest");
        Map<String, Path> files = Map.of("kernel", Path.of(g.get("kernel").asText()), "initrd", Path.of(g.get("initrd").asText()));
        ImageSource.Image image = new ImageSource.Image("testbed-guest", ImageSource.Kind.KERNEL, null, List.of(
                new ImageSource.ImageFile("kernel", g.get("kernel_sha256").asText(), size(files.get("kernel"))),
                new ImageSource.ImageFile("initrd", g.get("initrd_sha256").asText(), size(files.get("initrd")))));
        return new ImageSource() {
            public Image resolve(String name) {
                if (!name.equals(image.name())) throw new IllegalArgumentException("no image " + name);
                return image;
            }
            public InputStream open(String name, String role) throws IOException { return new FileInputStream(files.get(role).toFile()); }
            public java.util.Set<String> cacheKeys() { return java.util.Set.of(image.files().get(0).sha256()); }
        };
    }

    private static long size(Path p) {
        try { return Files.size(p); } catch (IOException e) { throw new IllegalStateException(e); }
    }

    /** Runs a command inside a guest through its serial console; returns the exit code and output. */
    Command.Result guest(String worker, String vmKey, String command) throws Exception {
        Path sock = stateDir.resolve("hosts").resolve(worker).resolve("olimpus/vms").resolve(vmKey).resolve("serial.sock");
        return exec(List.of(SCRIPTS.resolve("guest-exec.sh").toString(), "-t", "40", sock.toString(), command), 60);
    }

    /** Runs a command inside a whole bed host (its network, mount, UTS and PID namespaces). */
    Command.Result onHost(String host, String... command) throws Exception {
        List<String> argv = new ArrayList<>(List.of(SCRIPTS.resolve("exec.sh").toString(), host));
        argv.addAll(List.of(command));
        return exec(argv, 60);
    }

    static Command.Result exec(List<String> argv, int seconds) throws Exception { return Command.exec(argv, seconds, ENV); }

    static void run(List<String> argv, int seconds) throws Exception { Command.run(argv, seconds, ENV); }
}
