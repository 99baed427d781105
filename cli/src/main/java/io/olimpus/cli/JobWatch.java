package io.olimpus.cli;

import io.olimpus.client.ClientException;
import io.olimpus.client.JobFollower;
import io.olimpus.client.OlimpusClient;
import io.olimpus.wire.Wire;
import io.olimpus.wire.Wire.DeployEvent;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Follows a job's events live (the client library's server-sent events) until it finishes or the
 * timeout passes, drawing a progress bar and each VM's state changes. Events are handed from the
 * stream's thread to the command's thread through a queue, so printing stays in order. A stream
 * cut before the end is followed again from the last event seen (the server replays after it).
 */
final class JobWatch {
    private static final int BAR = 30;
    private static final int RESUMES = 3;

    private final Cli root;
    private final PrintStream screen;
    private final boolean redraw;
    private String barLine = "";

    JobWatch(Cli root) {
        this.root = root;
        // In JSON mode standard output carries only the result; progress goes to standard error.
        this.screen = root.format != Output.Format.table ? root.env.err() : root.env.out();
        this.redraw = root.env.terminal() && root.format == Output.Format.table;
    }

    /** Returns the finishing event, or null when {@code timeout} passed first (the job goes on on the server). */
    DeployEvent.Finished follow(OlimpusClient c, long jobId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        int lastSeq = 0;
        int resumes = 0;
        AutoCloseable stream = c.followJob(jobId, 0, listener(queue));
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    endBar();
                    return null;
                }
                Object item = queue.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
                if (item == null) continue;
                if (item instanceof ClientException e) {
                    if (e.kind() != ClientException.Kind.UNREACHABLE || ++resumes > RESUMES) {
                        endBar();
                        throw e;
                    }
                    close(stream);
                    stream = c.followJob(jobId, lastSeq, listener(queue));
                    continue;
                }
                Wire.JobEvent ev = (Wire.JobEvent) item;
                if (ev.seq() <= lastSeq) continue;
                lastSeq = ev.seq();
                show(ev.event());
                if (ev.event() instanceof DeployEvent.Finished f) {
                    endBar();
                    return f;
                }
            }
        } finally {
            close(stream);
        }
    }

    private static JobFollower.Listener listener(BlockingQueue<Object> queue) {
        return new JobFollower.Listener() {
            @Override public void onEvent(Wire.JobEvent event) { queue.add(event); }
            @Override public void onFailure(ClientException e) { queue.add(e); }
        };
    }

    private static void close(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing a stream that already ended
        }
    }

    PrintStream screen() { return screen; }

    /** Draws one event: the bar for progress, a line for a VM's new state, a rollback or (without a terminal) a resource. */
    void show(DeployEvent e) {
        if (e instanceof DeployEvent.Progress p) bar(p);
        else if (e instanceof DeployEvent.VmChanged v)
            line(String.format("  %-20s %-9s %s", v.vmName(), v.state(), v.detail() == null ? "" : v.detail()).stripTrailing());
        else if (e instanceof DeployEvent.RollingBack r) line(root.msg.get("rollingBack", r.reason()));
        // Each resource only without a terminal (a log): on a terminal the bar says enough.
        else if (e instanceof DeployEvent.ResourceCreated r && !redraw) line("  + " + ref(r.ref()));
        else if (e instanceof DeployEvent.ResourceDeleted r && !redraw) line("  - " + ref(r.ref()));
    }

    private static String ref(Wire.ResourceRef r) {
        return r.kind() + " " + r.name() + (r.host() == null ? "" : " @" + r.host());
    }

    private void bar(DeployEvent.Progress p) {
        int total = Math.max(1, p.total());
        int filled = Math.min(BAR, BAR * p.done() / total);
        String text = "[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "] " + p.done() + "/" + p.total()
                + (p.step() == null ? "" : " " + p.step());
        if (redraw) {
            screen.print("\r" + text + " ".repeat(Math.max(0, barLine.length() - text.length())));
            screen.flush();
            barLine = text;
        } else {
            screen.println(text);
        }
    }

    /** A line above the bar: the bar is wiped, the line printed, the bar drawn again. */
    private void line(String s) {
        if (redraw && !barLine.isEmpty()) {
            screen.print("\r" + " ".repeat(barLine.length()) + "\r");
            screen.println(s);
            screen.print(barLine);
            screen.flush();
        } else {
            screen.println(s);
        }
    }

    void endBar() {
        if (redraw && !barLine.isEmpty()) screen.println();
        barLine = "";
    }

    /** "90", "90s", "10m", "1h" or an ISO-8601 duration ("PT10M"). */
    static Duration parseDuration(String s) {
        String t = s.trim().toLowerCase();
        try {
            if (t.startsWith("pt") || t.startsWith("p")) return Duration.parse(t.toUpperCase());
            char unit = t.charAt(t.length() - 1);
            if (Character.isDigit(unit)) return Duration.ofSeconds(Long.parseLong(t));
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--timeout '" + s + "' is not a duration; write it like 90s, 10m or 1h");
        }
    }
}
