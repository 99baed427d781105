package io.olimpus.desktop.console;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real QEMU with no disk: SeaBIOS writes its banner on the VGA text screen and, with the boot
 * menu on, waits 30 s for Esc. VNC and the monitor are UNIX sockets in a temporary folder; the
 * process is killed by its recorded pid. Skips without QEMU, except in CI, where the Linux test
 * bed's install-deps.sh installs it and its absence is a failure.
 */
final class Qemu implements AutoCloseable {
    final Path dir;
    final Path vncSocket;
    final long pid;
    private final Process process;
    private final SocketChannel monitor;
    private int dumps;

    private Qemu(Path dir, Process process, SocketChannel monitor) {
        this.dir = dir;
        this.vncSocket = dir.resolve("vnc.sock");
        this.process = process;
        this.pid = process.pid();
        this.monitor = monitor;
    }

    static Qemu start(Path dir) throws Exception {
        String qemu = findOnPath("qemu-system-x86_64");
        if (qemu == null) {
            String why = "qemu-system-x86_64 is not installed (packaging/testbed/linux/install-deps.sh installs it)";
            if ("true".equals(System.getenv("CI"))) throw new IllegalStateException(why);
            Assumptions.abort("SKIPPED: " + why);
        }
        List<String> argv = new ArrayList<>(List.of(qemu, "-display", "none", "-vnc", "unix:" + dir.resolve("vnc.sock"),
                "-nodefaults", "-vga", "std", "-machine", "accel=tcg", "-m", "32",
                "-monitor", "unix:" + dir.resolve("monitor.sock") + ",server=on,wait=off",
                "-boot", "menu=on,splash-time=30000"));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dir.resolve("qemu.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!(Files.exists(dir.resolve("vnc.sock")) && Files.exists(dir.resolve("monitor.sock")))) {
                if (!p.isAlive()) throw new IllegalStateException("QEMU exited: " + Files.readString(dir.resolve("qemu.log")));
                if (System.nanoTime() > deadline) throw new IllegalStateException("QEMU made no VNC socket in 20 s");
                Thread.sleep(50);
            }
            SocketChannel mon = SocketChannel.open(StandardProtocolFamily.UNIX);
            mon.connect(UnixDomainSocketAddress.of(dir.resolve("monitor.sock")));
            return new Qemu(dir, p, mon);
        } catch (Exception e) {
            kill(p.pid());
            throw e;
        }
    }

    /** QEMU's own picture of the screen (monitor {@code screendump}, PPM) as ARGB pixels; [0] = width, [1] = height. */
    int[][] screendump() throws Exception {
        Path file = dir.resolve("dump" + (++dumps) + ".ppm");
        monitor.write(ByteBuffer.wrap(("screendump " + file + "\n").getBytes(StandardCharsets.US_ASCII)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            int[][] img = Files.exists(file) ? readPpm(Files.readAllBytes(file)) : null;
            if (img != null) return img;
            Thread.sleep(20);
        }
        throw new IllegalStateException("no screendump from QEMU in 10 s");
    }

    /** A complete binary PPM, or null while QEMU is still writing it. */
    static int[][] readPpm(byte[] b) {
        int[] fields = new int[3];
        int at = 0;
        if (b.length < 2 || b[0] != 'P' || b[1] != '6') return null;
        at = 2;
        for (int i = 0; i < 3; i++) {
            while (at < b.length && Character.isWhitespace(b[at])) at++;
            int v = 0;
            while (at < b.length && Character.isDigit(b[at])) v = v * 10 + (b[at++] - '0');
            fields[i] = v;
        }
        at++;                                   // the one whitespace after maxval
        int w = fields[0], h = fields[1];
        if (w == 0 || b.length < at + 3 * w * h) return null;
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++)
            px[i] = 0xFF000000 | (b[at + 3 * i] & 0xFF) << 16 | (b[at + 3 * i + 1] & 0xFF) << 8 | (b[at + 3 * i + 2] & 0xFF);
        return new int[][]{{w, h}, px};
    }

    boolean alive() { return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); }

    @Override
    public void close() throws Exception {
        try { monitor.close(); } catch (IOException ignored) { /* QEMU goes anyway */ }
        kill(pid);
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private static void kill(long pid) {
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
    }

    private static String findOnPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }
}
