package io.olimpus.server.bench;

import io.olimpus.server.api.ApiClient;
import io.olimpus.server.api.Fixtures;
import io.olimpus.server.app.Config;
import io.olimpus.server.app.Server;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Load benchmark of the headnode server on loopback (docs/benchmarks.md): a server on embedded H2
 * (or the JDBC URL given with --db) holding 1,000 slices; 32 keep-alive HTTP/1.1 connections, each
 * on its own thread, send requests back to back. Reports throughput and latency percentiles of a
 * trivial endpoint (health) and of slice listings, in the same run, and their throughput ratio.
 * Requests go to 127.0.0.1 only; every phase is bounded in time.
 *
 * <pre>mvn -B -ntp -pl headnode-server -am -Pbench-server verify [-Dbench.args="--seconds 10 --connections 32"]</pre>
 */
public final class ServerLoadBenchmark {
    record Result(String name, long requests, double seconds, long[] latenciesNs, long errors, long bytes) {
        double rps() { return requests / seconds; }
        double pct(double p) {
            if (latenciesNs.length == 0) return Double.NaN;
            return latenciesNs[Math.min(latenciesNs.length - 1, (int) Math.ceil(p / 100.0 * latenciesNs.length) - 1)] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        int connections = 32, seconds = 10, warmup = 3, slices = 1000;
        String db = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--slices" -> slices = Integer.parseInt(args[++i]);
                case "--db" -> db = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path dir = Files.createTempDirectory("olimpus-bench-");
        Config cfg = Config.embedded(dir, 0).withAdminPassword("bench-admin-1");
        if (db != null) cfg = cfg.withDb(db, "root", "");
        try (Server.Running server = Server.start(cfg)) {
            ApiClient api = new ApiClient(server.baseUrl());
            String admin = api.login("admin", "bench-admin-1");
            var r = api.post("/users", admin, Map.of("username", "bench", "password", "bench-password", "maxVms", 100_000, "maxVcpus", 100_000, "maxRamMb", 100_000_000,
                    "maxSlices", 100_000));
            if (r.status() != 201) throw new IllegalStateException(r.toString());
            String token = api.login("bench", "bench-password");
            api.post("/flavors", admin, Map.of("name", "small", "vcpus", 1, "ramMb", 512, "diskGb", 1));
            api.send("POST", "/images/cirros/files", admin, Fixtures.qcow2(4096), "application/octet-stream");
            api.post("/zones", admin, Map.of("name", "golden", "platform", "linux"));
            long t0 = System.nanoTime();
            for (int i = 0; i < slices; i++) {
                var s = api.post("/slices", token, Fixtures.ring("lab" + i, "golden", 3, "small", "cirros"));
                if (s.status() != 201) throw new IllegalStateException(s.toString());
            }
            System.out.printf("stored %d slices (3-VM rings) in %.1f s%n", slices, (System.nanoTime() - t0) / 1e9);
            var check = api.get("/slices?limit=1000", token);
            System.out.printf("GET /slices?limit=1000 answers %d items, %d bytes%n", check.json().get("items").size(), check.body().length());

            int port = server.port();
            String auth = "Authorization: Bearer " + token + "\r\n";
            List<String[]> phases = List.of(
                    new String[]{"health (trivial)", "/api/v1/health", ""},
                    new String[]{"list slices, default page (50 of 1,000)", "/api/v1/slices", auth},
                    new String[]{"list slices, all 1,000 in one page", "/api/v1/slices?limit=1000", auth},
                    new String[]{"list slices, all 1,000, gzip accepted", "/api/v1/slices?limit=1000", auth + "Accept-Encoding: gzip\r\n"},
                    new String[]{"health (trivial, again)", "/api/v1/health", ""});
            for (String[] p : phases) run(p[0], port, p[1], p[2], connections, warmup);  // warm-up of every path, discarded
            List<Result> results = new ArrayList<>();
            for (String[] p : phases) {
                Result res = run(p[0], port, p[1], p[2], connections, seconds);
                results.add(res);
                System.out.printf("%-40s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms  errors %d  (%d requests, %.0f KB/response)%n",
                        res.name, res.rps(), res.pct(50), res.pct(99), res.pct(100), res.errors, res.requests, res.bytes / 1024.0 / Math.max(1, res.requests));
            }
            double trivial = (results.get(0).rps() + results.get(4).rps()) / 2;
            System.out.printf("%nratio to trivial (mean of both health runs, %.0f req/s):%n", trivial);
            System.out.printf("  default page : %.2f  (goal >= 0.5), p99 %.2f ms (goal < 20)%n", results.get(1).rps() / trivial, results.get(1).pct(99));
            System.out.printf("  all 1,000    : %.2f  (goal >= 0.5), p99 %.2f ms (goal < 20)%n", results.get(2).rps() / trivial, results.get(2).pct(99));
            System.out.printf("  all 1,000 gz : %.2f  (goal >= 0.5), p99 %.2f ms (goal < 20)%n", results.get(3).rps() / trivial, results.get(3).pct(99));
            System.out.printf("connections %d, %d s measured per phase after %d s warm-up, store %s, %d cores, Java %s%n",
                    connections, seconds, warmup, db == null ? "embedded H2" : db, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        }
    }

    /** {@code connections} threads, each with one keep-alive socket, sending GETs back to back for {@code seconds}. */
    static Result run(String name, int port, String path, String headers, int connections, int seconds) throws Exception {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n").getBytes(StandardCharsets.US_ASCII);
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch ready = new CountDownLatch(connections);
        CountDownLatch go = new CountDownLatch(1);
        long[][] lat = new long[connections][];
        int[] counts = new int[connections];
        long[] errors = new long[connections];
        long[] bytes = new long[connections];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int id = c;
            Thread t = new Thread(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    s.setTcpNoDelay(true);
                    s.setSoTimeout(30_000);
                    OutputStream out = s.getOutputStream();
                    InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
                    ready.countDown();
                    go.await();
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        out.write(request);
                        out.flush();
                        int[] status = new int[1];
                        long len = readResponse(in, status);
                        long took = System.nanoTime() - start;
                        if (status[0] != 200) errors[id]++;
                        bytes[id] += len;
                        if (n == mine.length) mine = Arrays.copyOf(mine, n * 2);
                        mine[n++] = took;
                    }
                } catch (Exception e) {
                    errors[id]++;
                    ready.countDown();
                }
                lat[id] = Arrays.copyOf(mine, n);
                counts[id] = n;
            }, "load-" + c);
            t.start();
            threads.add(t);
        }
        ready.await();
        long begin = System.nanoTime();
        go.countDown();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread t : threads) t.join(60_000);
        double elapsed = (System.nanoTime() - begin) / 1e9;
        long total = Arrays.stream(counts).asLongStream().sum();
        long[] all = new long[(int) total];
        int at = 0;
        for (long[] l : lat) { System.arraycopy(l, 0, all, at, l.length); at += l.length; }
        Arrays.sort(all);
        return new Result(name, total, elapsed, all, Arrays.stream(errors).sum(), Arrays.stream(bytes).sum());
    }

    /** Reads one HTTP/1.1 response (Content-Length or chunked); returns the body length. */
    static long readResponse(InputStream in, int[] status) throws IOException {
        String statusLine = line(in);
        status[0] = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String h; !(h = line(in)).isEmpty(); ) {
            int colon = h.indexOf(':');
            String k = h.substring(0, colon).trim();
            String v = h.substring(colon + 1).trim();
            if (k.equalsIgnoreCase("Content-Length")) length = Long.parseLong(v);
            else if (k.equalsIgnoreCase("Transfer-Encoding") && v.equalsIgnoreCase("chunked")) chunked = true;
        }
        if (!chunked) {
            skip(in, Math.max(0, length));
            return Math.max(0, length);
        }
        long total = 0;
        while (true) {
            String size = line(in);
            int semi = size.indexOf(';');
            long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (n == 0) {
                while (!line(in).isEmpty()) { /* trailers */ }
                return total;
            }
            skip(in, n);
            line(in);
            total += n;
        }
    }

    private static void skip(InputStream in, long n) throws IOException {
        while (n > 0) {
            long k = in.skip(n);
            if (k <= 0) {
                if (in.read() < 0) throw new IOException("connection closed mid-body");
                k = 1;
            }
            n -= k;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) throw new IOException("connection closed");
            if (c != '\r') sb.append((char) c);
        }
        return sb.toString();
    }
}
