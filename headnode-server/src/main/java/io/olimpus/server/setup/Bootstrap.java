package io.olimpus.server.setup;

import io.olimpus.model.topology.Names;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code ./olimpus run} asks of a running headnode, so the script needs no curl or jq:
 *
 * <pre>
 * java -cp olimpus-headnode.jar io.olimpus.server.setup.Bootstrap COMMAND --url http://localhost:8000 [options]
 *   wait    [--timeout SECONDS] [--pid PID] wait until GET /api/v1/health answers 200 (exit 1 on time-out
 *                                           or when process PID, the server, ends first)
 *   login   --user NAME                     check the password in OLIMPUS_PASSWORD (exit 3 when it is wrong)
 *   testbed --user NAME --testbed FILE --data DIR [--zone NAME] [--data-plane LINUX_BRIDGE|OVS] [--no-check]
 *                                           register the Linux test bed of FILE (testbed.json) as a zone; its SSH
 *                                           key is copied into the keys folder of the server whose data folder is DIR
 * </pre>
 * Exit codes: 0 done, 1 failed, 2 bad arguments, 3 wrong credentials.
 */
public final class Bootstrap {

    private Bootstrap() {}

    public static void main(String[] args) {
        int code;
        try {
            code = run(List.of(args), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("bootstrap: " + e.getMessage());
            code = 2;
        } catch (IOException e) {
            System.err.println("bootstrap: " + e.getMessage());
            code = 1;
        } catch (InterruptedException e) {
            code = 1;
        }
        System.exit(code);
    }

    static int run(List<String> args, java.util.Map<String, String> env) throws IOException, InterruptedException {
        if (args.isEmpty()) throw new IllegalArgumentException("usage: Bootstrap wait|login|testbed --url URL [...]");
        String command = args.get(0);
        String url = option(args, "--url", null);
        if (url == null || !url.matches("https?://[A-Za-z0-9.:\\[\\]-]+(/.*)?")) throw new IllegalArgumentException("--url http://HOST:PORT is needed");
        SetupClient api = new SetupClient(url);
        switch (command) {
            case "wait" -> {
                int seconds = Integer.parseInt(option(args, "--timeout", "120"));
                long deadline = System.nanoTime() + seconds * 1_000_000_000L;
                String pid = option(args, "--pid", null);      // the server's process: no use waiting once it is gone
                var server = pid == null ? java.util.Optional.<ProcessHandle>empty() : ProcessHandle.of(Long.parseLong(pid));
                if (pid != null && server.isEmpty()) {
                    System.err.println("bootstrap: the server (pid " + pid + ") is not running");
                    return 1;
                }
                while (!api.healthy()) {
                    if (server.isPresent() && !server.get().isAlive()) {
                        System.err.println("bootstrap: the server (pid " + pid + ") exited before it was healthy");
                        return 1;
                    }
                    if (System.nanoTime() > deadline) {
                        System.err.println("bootstrap: " + api.api() + "/health did not answer within " + seconds + " s");
                        return 1;
                    }
                    Thread.sleep(200);
                }
                return 0;
            }
            case "login" -> {
                return login(api, args, env) ? 0 : 3;
            }
            case "testbed" -> {
                if (!login(api, args, env)) return 3;
                Path file = Path.of(option(args, "--testbed", "/var/tmp/olimpus-testbed/linux/testbed.json"));
                String zone = option(args, "--zone", "testbed");
                if (!Names.PATTERN.matcher(zone).matches()) throw new IllegalArgumentException("--zone must match " + Names.REGEX);
                String data = option(args, "--data", null);
                if (data == null) throw new IllegalArgumentException("--data DIR (the server's data folder) is needed: the bed's SSH key is copied into DIR/keys");
                if (!Files.isRegularFile(file)) throw new IOException("no test bed description at " + file + " (is the bed up?)");
                JsonNode bed = SetupClient.JSON.readTree(file.toFile());
                TestbedZone tz = new TestbedZone(api, bed, zone, option(args, "--data-plane", "LINUX_BRIDGE"), keysOf(Path.of(data)), System.out::println);
                List<String> created = tz.register();
                System.out.println(created.isEmpty() ? "Zone '" + zone + "' was already registered." : "Registered: " + String.join(", ", created) + ".");
                if (args.contains("--no-check")) return 0;
                System.out.println("Checking SSH to the bed's hosts:");
                return tz.check() ? 0 : 1;
            }
            default -> throw new IllegalArgumentException("unknown command '" + command + "' (wait, login, testbed)");
        }
    }

    /**
     * Registers the Linux test bed described by {@code testbedJson} as {@code zone} on the server at
     * {@code url}, as {@code user}; what {@code testbed} does, for code (the desktop's end-to-end
     * tests) that must not exit the JVM. {@code dataDir} is the server's data folder, whose keys
     * folder gets the bed's SSH key. Returns what was created.
     */
    public static List<String> registerTestbed(String url, String user, String password, Path testbedJson, Path dataDir, String zone, String dataPlane)
            throws IOException, InterruptedException {
        if (!Names.PATTERN.matcher(zone).matches()) throw new IllegalArgumentException("zone must match " + Names.REGEX);
        SetupClient api = new SetupClient(url);
        if (!api.login(user, password)) throw new IOException("the server refused user '" + user + "' with that password");
        return new TestbedZone(api, SetupClient.JSON.readTree(testbedJson.toFile()), zone, dataPlane, keysOf(dataDir), s -> {}).register();
    }

    /** The server's keys folder under its data folder, created (private) when the server has not yet. */
    static Path keysOf(Path dataDir) throws IOException {
        return io.olimpus.server.platform.linux.KeyFolder.in(dataDir).create().root();
    }

    private static boolean login(SetupClient api, List<String> args, java.util.Map<String, String> env) throws IOException, InterruptedException {
        String user = option(args, "--user", "admin");
        String password = env.get("OLIMPUS_PASSWORD");
        if (password == null || password.isEmpty()) throw new IllegalArgumentException("OLIMPUS_PASSWORD is not set");
        boolean ok = api.login(user, password);
        if (!ok) System.err.println("bootstrap: the server refused user '" + user + "' with that password");
        return ok;
    }

    private static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        if (i < 0) return fallback;
        if (i + 1 >= args.size()) throw new IllegalArgumentException(name + " needs a value");
        return args.get(i + 1);
    }
}
