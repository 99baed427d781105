package io.olimpus.client.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.olimpus.server.setup.Bootstrap;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Linux cluster test bed (packaging/testbed/linux) for the desktop's and the command line's
 * end-to-end tests: brought up by its own up.sh (and taken down by down.sh when this run brought
 * it up), then registered on a server as an admin would, over REST, by the same code as
 * `./olimpus run` (Bootstrap): a flavor, the bed's guest kernel image, a Linux zone with its
 * settings (Open vSwitch) and three workers. Needs root; skips visibly without it, fails under CI=true.
 */
public final class LinuxBedZone implements AutoCloseable {
    public static final String ZONE = "bed";
    public static final String FLAVOR = "tiny";
    public static final String IMAGE = "guest";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode json;
    private final Path scripts, stateDir;
    private final boolean startedHere;

    private LinuxBedZone(JsonNode json, Path scripts, Path stateDir, boolean startedHere) {
        this.json = json;
        this.scripts = scripts;
        this.stateDir = stateDir;
        this.startedHere = startedHere;
    }

    public static LinuxBedZone up() throws Exception {
        Path scripts = locateScripts();
        boolean ci = "true".equals(System.getenv("CI"));
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root || !Files.isExecutable(scripts.resolve("up.sh"))) {
            String why = !root ? "the Linux test bed needs root" : "no test bed scripts at " + scripts;
            if (ci) throw new IllegalStateException(why);
            Assumptions.abort("SKIPPED: " + why);
        }
        // The layout the bed scripts pick (lib.sh): this process's environment is theirs too.
        String layout = System.getenv().getOrDefault("OLIMPUS_TESTBED_LAYOUT", "a");
        String dflt = layout.equals("b") ? "/var/tmp/olimpus-testbed/linux-b" : "/var/tmp/olimpus-testbed/linux";
        Path stateFile = Path.of(System.getenv().getOrDefault("OLIMPUS_TESTBED_STATE", dflt), "state.list");
        boolean wasUp = Files.exists(stateFile) && Files.readString(stateFile).contains("complete");
        run(List.of(scripts.resolve("up.sh").toString()), 600);
        return new LinuxBedZone(JSON.readTree(stateFile.getParent().resolve("testbed.json").toFile()), scripts, stateFile.getParent(), !wasUp);
    }

    private static Path locateScripts() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("packaging/testbed/linux"))) p = p.getParent();
        return p == null ? Path.of("packaging/testbed/linux") : p.resolve("packaging/testbed/linux");
    }

    private JsonNode host(String name) {
        for (JsonNode h : json.get("hosts")) if (h.get("name").asText().equals(name)) return h;
        throw new IllegalArgumentException("no host " + name);
    }

    /**
     * Open vSwitch's base bridges (br-phy on the data interface, br-int, br-tun) on every host, as
     * a course cluster's admin sets them up once: the zone uses the OVS data plane, the one the
     * server's REST e2e runs deploy, stop/start and undeploy on.
     */
    private void ovsBase(boolean up) throws Exception {
        for (String h : List.of("headnode", "worker1", "worker2", "worker3")) {
            if (host(h).has("ovs") && !host(h).get("ovs").asBoolean()) continue;   // layout b's worker3: Linux bridges there
            String recipe = (up ? "recipe_ovs_base_up " : "recipe_ovs_base_down ") + host(h).get("data_ip").asText();
            exec(List.of("bash", "-c", ". " + scripts.resolve("lib.sh") + "; . " + scripts.resolve("recipes.sh")
                    + "; " + recipe + " | " + scripts.resolve("exec.sh") + " " + h + " bash -s"), 60);
        }
        ovsUp = up;
    }

    private boolean ovsUp;

    /**
     * What an admin does once on a fresh server so students can deploy to the bed: the same
     * registration `./olimpus run` performs (Bootstrap), on the Open vSwitch plane; the bed's key
     * goes into the keys folder of the server whose data folder is {@code dataDir}.
     */
    public void register(String baseUrl, Path dataDir, String adminPassword) throws Exception {
        ovsBase(true);
        Bootstrap.registerTestbed(baseUrl, "admin", adminPassword, stateDir.resolve("testbed.json"), dataDir, ZONE, "OVS");
    }

    /** Names of the bed hosts' processes: what is left of a slice shows here ("-name s12--vm1"). */
    public String processes() throws Exception {
        StringBuilder out = new StringBuilder();
        for (String h : List.of("headnode", "worker1", "worker2", "worker3"))
            out.append(exec(List.of(scripts.resolve("exec.sh").toString(), h, "ps", "-eo", "args"), 60));
        return out.toString();
    }

    @Override
    public void close() throws Exception {
        try {
            if (ovsUp && !startedHere) ovsBase(false);
        } finally {
            if (startedHere) run(List.of(scripts.resolve("down.sh").toString()), 300);
        }
    }

    private static String exec(List<String> argv, int seconds) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) { p.destroyForcibly(); throw new IllegalStateException("timed out: " + argv); }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) throw new IOException(String.join(" ", argv) + " failed (" + p.exitValue() + "):\n" + text);
        return text;
    }

    private static void run(List<String> argv, int seconds) throws Exception { exec(argv, seconds); }
}
