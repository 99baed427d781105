package io.olimpus.desktop.console;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoder against a real QEMU VNC server (no disk, SeaBIOS on the VGA text screen), through a
 * socket-backed {@link ConsolePipe}: the handshake, SeaBIOS's text arriving as real pixels that
 * equal QEMU's own screendump, and a key press that SeaBIOS acts on (Esc opens its boot menu).
 */
@Tag("e2e")
class QemuVncTest {
    @TempDir
    Path dir;

    @Test
    void seaBiosScreenArrivesPixelForPixelAndEscOpensTheBootMenu() throws Exception {
        try (Qemu qemu = Qemu.start(dir)) {
            Framebuffer fb = new Framebuffer();
            AtomicInteger frames = new AtomicInteger();
            AtomicReference<String> connected = new AtomicReference<>(), failed = new AtomicReference<>();
            LinkedBlockingQueue<String> ends = new LinkedBlockingQueue<>();
            SocketConsolePipe pipe = SocketConsolePipe.connect(UnixDomainSocketAddress.of(qemu.vncSocket));
            RfbSession session = new RfbSession(fb, pipe::send, new RfbSession.Listener() {
                public void connected(String name, int w, int h) { connected.set(name + " " + w + "x" + h); }
                public void frameComplete() { frames.incrementAndGet(); }
                public void failed(String reason) { failed.set(reason); }
            });
            pipe.open(new ConsolePipe.Listener() {
                public void received(byte[] bytes) { session.receive(bytes); }
                public void closed(String reason) { ends.add("closed " + reason); }
                public void failed(Throwable error) { ends.add("failed " + error); }
            });
            try {
                // Wait for what is asserted: the listener hears of the handshake after the phase flips.
                waitFor("the RFB handshake", 60, () -> connected.get() != null || failed.get() != null);
                assertThat(failed.get()).isNull();
                assertThat(connected.get()).as("QEMU names its desktop").startsWith("QEMU");

                // SeaBIOS's banner: text on black, so a handful of colours and some lit pixels.
                waitFor("SeaBIOS's \"Press ESC for boot menu\" on the screen", 120, () -> seaBiosPrompt(fb));
                Set<Integer> colours = fb.read((px, w, h) -> { Set<Integer> s = new HashSet<>(); for (int p : px) s.add(p); return s; });
                assertThat(colours).as("a non-uniform screen").hasSizeGreaterThan(1);

                // Pixel for pixel what QEMU itself shows (the text cursor blinks, so a few tries).
                assertThat(matchesScreendump(qemu, fb)).as("the framebuffer equals QEMU's screendump").isTrue();
                save(fb, "seabios.png");

                // Esc, which SeaBIOS waits 30 s for: the boot menu replaces the prompt.
                int[] before = fb.read((px, w, h) -> px.clone());
                int framesBefore = frames.get();
                session.key(KeySyms.ESCAPE, true);
                session.key(KeySyms.ESCAPE, false);
                waitFor("SeaBIOS's boot menu after Esc", 60, () -> changedPixels(fb, before) > 300);
                assertThat(frames.get()).isGreaterThan(framesBefore);
                assertThat(matchesScreendump(qemu, fb)).as("the menu as QEMU shows it").isTrue();
                save(fb, "boot-menu.png");
                assertThat(ends).as("the connection stays up").isEmpty();
            } finally {
                pipe.close();
            }
            waitFor("the pipe to report its end", 30, () -> !ends.isEmpty());
            assertThat(ends.peek()).startsWith("closed");
            assertThat(qemu.alive()).isTrue();
        }
    }

    /**
     * SeaBIOS's third text line (rows 32-47 of the 720x400 text screen: "Press ESC for boot menu.")
     * is lit: it is waiting for Esc now, so a key sent before that cannot be lost.
     */
    static boolean seaBiosPrompt(Framebuffer fb) {
        return fb.read((px, w, h) -> {
            if (h < 48) return false;
            int lit = 0;
            for (int i = 32 * w; i < 48 * w; i++) if ((px[i] & 0xFFFFFF) != 0) lit++;
            return lit > 100;
        });
    }

    private static long changedPixels(Framebuffer fb, int[] before) {
        return fb.read((px, w, h) -> {
            if (px.length != before.length) return (long) px.length;
            long n = 0;
            for (int i = 0; i < px.length; i++) if (px[i] != before[i]) n++;
            return n;
        });
    }

    /** Takes screendumps until one equals the framebuffer (within 1 s of it being taken), for up to 20 s. */
    private static boolean matchesScreendump(Qemu qemu, Framebuffer fb) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            int[][] dump = qemu.screendump();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (System.nanoTime() < until) {
                boolean same = fb.read((px, w, h) -> w == dump[0][0] && h == dump[0][1] && java.util.Arrays.equals(px, dump[1]));
                if (same) return true;
                Thread.sleep(20);
            }
        }
        return false;
    }

    /** Kept in target/console-qemu/ to look at. */
    private static void save(Framebuffer fb, String name) throws Exception {
        Path file = Path.of("target", "console-qemu", name);
        java.nio.file.Files.createDirectories(file.getParent());
        BufferedImage img = fb.read((px, w, h) -> {
            BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            b.setRGB(0, 0, w, h, px, 0, w);
            return b;
        });
        ImageIO.write(img, "png", file.toFile());
    }

    static void waitFor(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            Thread.sleep(20);
        }
    }
}
