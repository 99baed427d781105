package io.olimpus.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.olimpus.model.topology.Resources;
import io.olimpus.server.app.Server;
import io.olimpus.server.engine.apply.DeploymentRunner;
import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.driver.SliceDriver;
import io.olimpus.server.engine.driver.VmState;
import io.olimpus.server.engine.placement.WorkerCapacity;
import io.olimpus.server.engine.plan.NetworkPlan;
import io.olimpus.server.engine.plan.NicPlan;
import io.olimpus.server.engine.plan.VmPlan;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15's scale run, on a scripted platform: a class of 100 students x 4 VMs (a 4-VM ring: 4
 * networks, 4 VMs per copy) deployed through a lab by the whole real server (HTTP API, store on H2
 * and on MariaDB, deployment engine, lab service, class runner, the board's event stream), and
 * closed again. Only the platform's I/O is simulated: each driver call sleeps for {@link #LATENCY}
 * and a created VM reports BOOTING for {@code bootMs}. The same driver calls, with the plans the
 * engine made, are then run by a minimal script (a fixed pool of the class runner's concurrency,
 * each copy's networks and VMs in parallel) to give the ideal the server is compared with.
 * Run by {@code ./olimpus bench class}; figures go to docs/benchmarks.md.
 */
@Tag("bench")
public class ClassDeployBenchmark {
    static final int STUDENTS = Integer.getInteger("bench.students", 100);
    static final int VMS = Integer.getInteger("bench.vms", 4);
    /** Server.Labs.CONCURRENCY: how many copies the class runner works on at once. */
    static final int CONCURRENCY = 8;
    /** Deployments' status poll interval while a VM boots; the script follows a boot at the same interval. */
    static final Duration POLL = Duration.ofMillis(500);
    /**
     * Per call, in ms: list 60, prepare the slice 150 (an OpenStack project, role and token), a
     * network 200 (network + subnet), a VM's create 400 (ports + boot request), its boot 3,000, a
     * status 20, a delete 100. Of the order of the OpenStack bed's API calls on this machine, with
     * a short boot so that the server's own overhead is not hidden behind it.
     */
    static final ScriptedPlatform.Latency LATENCY = new ScriptedPlatform.Latency(
            Long.getLong("bench.listMs", 60), Long.getLong("bench.prepareMs", 150), Long.getLong("bench.networkMs", 200),
            Long.getLong("bench.vmCreateMs", 400), Long.getLong("bench.bootMs", 3000), Long.getLong("bench.statusMs", 20), Long.getLong("bench.deleteMs", 100));
    static final long WAIT_MS = 900_000;

    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Store.class)
    void aClassOfAHundredTimesFourVms(Store store) throws Exception {
        ScriptedPlatform platform = new ScriptedPlatform();
        platform.latency = LATENCY;
        // Four workers of 64 vCPU / 256 GB (x4 vCPU overcommit) hold 400 one-vCPU VMs; a /10 holds 400 /24 subnets.
        List<WorkerCapacity> ws = new ArrayList<>();
        for (int i = 1; i <= 4; i++) ws.add(new WorkerCapacity("w" + i, "w" + i, new Resources(64, 262144, 4000), Resources.ZERO, true));
        platform.workers = ws;
        platform.subnets = "10.64.0.0/10";
        try (TestServer server = TestServer.start(store, c -> c, new Server.Extensions(FakeKeystone.INSTANCE).withPlatform(platform))) {
            ApiClient api = server.client;
            Fixtures fx = new Fixtures(api);
            String zone = Fixtures.unique("benchz");
            var z = api.post("/zones", fx.admin, Map.of("name", zone, "platform", "scripted"));
            assertThat(z.status()).as(z.toString()).isEqualTo(201);
            String flavor = fx.flavor(1, 256, 1), image = fx.image();

            // Warm-up (not measured): a class of 8 through the same path, so the JIT and the pools are warm.
            classRun(api, fx, platform, zone, flavor, image, 8, store + " warm-up", false);
            platform.made.clear();
            classRun(api, fx, platform, zone, flavor, image, STUDENTS, store.name(), true);
        }
    }

    private static void classRun(ApiClient api, Fixtures fx, ScriptedPlatform platform, String zone, String flavor, String image,
                                 int students, String tag, boolean report) throws Exception {
        Fixtures.Account teacher = fx.user("teach", Map.of("role", "instructor"));
        long heap0 = heapAfterGc();
        Cpu cpu0 = Cpu.now();
        platform.recording = true;

        // The class deploy: course, roster of new students, the lab published, opened, until the board shows all RUNNING.
        long t0 = System.nanoTime();
        var course = api.post("/courses", teacher.token(), Map.of("name", Fixtures.unique("course"), "zone", zone));
        assertThat(course.status()).as(course.toString()).isEqualTo(201);
        long courseId = course.json().get("id").asLong();
        StringBuilder csv = new StringBuilder("username,email\n");
        for (int i = 0; i < students; i++) csv.append(Fixtures.unique("stu")).append(",\n");
        var roster = api.send("POST", "/courses/" + courseId + "/roster", teacher.token(), csv.toString().getBytes(StandardCharsets.UTF_8), "text/csv");
        assertThat(roster.status()).as(roster.toString()).isEqualTo(201);
        assertThat(roster.json().get("created").size()).isEqualTo(students);
        long tRoster = System.nanoTime();
        var template = Fixtures.ring("lab", null, VMS, flavor, image);
        var lab = api.post("/courses/" + courseId + "/labs", teacher.token(), Map.of("name", "net1", "template", template));
        assertThat(lab.status()).as(lab.toString()).isEqualTo(201);
        long labId = lab.json().get("id").asLong();

        HeapPeak peak = new HeapPeak();
        try (BoardFollower board = new BoardFollower(api.base(), teacher.token(), labId)) {
            long tOpen = System.nanoTime();
            board.phase(System.currentTimeMillis());
            var opened = api.post("/labs/" + labId + "/open", teacher.token(), null);
            assertThat(opened.status()).as(opened.toString()).isEqualTo(202);
            long tOpened = System.nanoTime();
            JsonNode running = board.await(all("RUNNING", students), WAIT_MS);
            long tRunning = System.nanoTime();
            BoardFollower.Phase deployView = board.phase(System.currentTimeMillis());
            Cpu cpu1 = Cpu.now();
            long heapPeak = heapAfterGc();
            long sampledPeak = peak.stop();
            assertThat(running.get("counts").get("RUNNING").asInt()).as(running.toString()).isEqualTo(students);

            // What the engine planned for the class: one per copy, nothing shared, nothing allocated twice.
            Map<String, ScriptedPlatform.Made> made = Map.copyOf(platform.made);
            platform.recording = false;
            assertThat(made).hasSize(students);
            assertNoDuplicates(made, VMS);

            // Close: every copy undeployed, kept as a draft.
            HeapPeak closePeak = new HeapPeak();
            long tClose = System.nanoTime();
            var closed = api.post("/labs/" + labId + "/close", teacher.token(), null);
            assertThat(closed.status()).as(closed.toString()).isEqualTo(202);
            board.await(all("DRAFT", students), WAIT_MS);
            long tClosed = System.nanoTime();
            BoardFollower.Phase closeView = board.phase(System.currentTimeMillis());
            Cpu cpu2 = Cpu.now();
            closePeak.stop();
            for (String sliceId : made.keySet()) assertThat(platform.resources(sliceId)).as(sliceId).isEmpty();

            // The ideal: the same driver calls with the same plans, by a minimal script of the same concurrency.
            Cpu cpu3 = Cpu.now();
            Map<String, List<ResourceRef>> createdByScript = new ConcurrentHashMap<>();
            long s0 = System.nanoTime();
            minimalDeploy(platform.driver(), made.values(), createdByScript);
            long s1 = System.nanoTime();
            Cpu cpu4 = Cpu.now();
            minimalUndeploy(platform.driver(), made.values(), createdByScript);
            long s2 = System.nanoTime();
            Cpu cpu5 = Cpu.now();
            for (String sliceId : made.keySet()) assertThat(platform.resources(sliceId)).as(sliceId).isEmpty();
            assertThat(createdByScript.values().stream().mapToInt(List::size).sum()).isEqualTo(students * 2 * VMS);

            if (!report) return;
            int vms = students * VMS;
            double total = secs(tRunning - t0), openToRunning = secs(tRunning - tOpen), script = secs(s1 - s0);
            double closeWall = secs(tClosed - tClose), scriptClose = secs(s2 - s1);
            long waves = (students + CONCURRENCY - 1) / CONCURRENCY;
            long bootPolled = (LATENCY.bootMs() + POLL.toMillis() - 1) / POLL.toMillis() * POLL.toMillis();
            double floor = waves * (LATENCY.prepareMs() + LATENCY.networkMs() + LATENCY.vmCreateMs() + LATENCY.statusMs() + bootPolled) / 1000.0;
            System.out.printf("BENCH class %s: %d students x %d VMs (%d VMs, %d networks), concurrency %d, latencies %s%n",
                    tag, students, VMS, vms, students * VMS, CONCURRENCY, LATENCY);
            System.out.printf("BENCH class %s deploy: course + roster of %d %.2f s, lab + open (answers 202; its %d copies are made in the background) %.2f s, open to all RUNNING on the board %.2f s, total %.2f s%n",
                    tag, students, secs(tRoster - t0), students, secs(tOpened - tRoster), secs(tRunning - tOpened), total);
            System.out.printf("BENCH class %s deploy vs minimal script %.2f s (floor %.1f s): open to all RUNNING %.2fx, whole class deploy %.2fx%n",
                    tag, script, floor, openToRunning / script, total / script);
            double closeFloor = waves * (2 * LATENCY.deleteMs()) / 1000.0, listings = waves * (2 * LATENCY.listMs()) / 1000.0;
            System.out.printf("BENCH class %s close: close to all DRAFT on the board %.2f s vs minimal script %.2f s (floor %.1f s): %.2fx;"
                            + " the engine's listing of each copy before and after its undeploy (the proof nothing is left) adds %.1f s to the floor%n",
                    tag, closeWall, scriptClose, closeFloor, closeWall / scriptClose, listings);
            System.out.printf("BENCH class %s heap after GC: before %.1f MB, all RUNNING %.1f MB (+%.1f KB per copy); max heap used while deploying (no forced GC) %.1f MB; %s%n",
                    tag, mb(heap0), mb(heapPeak), (heapPeak - heap0) / 1024.0 / students, mb(sampledPeak), cpu1.gcSince(cpu0));
            System.out.printf("BENCH class %s CPU deploy: process %.1f s (%.0f ms per copy), of which the benchmark's client threads %.1f s; minimal script's process %.1f s%n",
                    tag, cpu1.processSince(cpu0), cpu1.processSince(cpu0) * 1000 / students, cpu1.clientSince(cpu0), cpu4.processSince(cpu3));
            System.out.printf("BENCH class %s CPU close: process %.1f s (%.0f ms per copy), of which the benchmark's client threads %.1f s; minimal script's process %.1f s%n",
                    tag, cpu2.processSince(cpu1), cpu2.processSince(cpu1) * 1000 / students, cpu2.clientSince(cpu1), cpu5.processSince(cpu4));
            System.out.printf("BENCH class %s board deploy: %s%n", tag, deployView.describe(secs(tRunning - tOpen)));
            System.out.printf("BENCH class %s board close: %s%n", tag, closeView.describe(closeWall));
        }
    }

    // ---- the minimal script ----------------------------------------------------------------------

    /** Per copy, on a fixed pool of the runner's concurrency: prepare, every network at once, every VM at once, each followed until RUNNING. */
    static void minimalDeploy(SliceDriver driver, java.util.Collection<ScriptedPlatform.Made> copies, Map<String, List<ResourceRef>> created) throws Exception {
        ExecutorService slots = Executors.newFixedThreadPool(CONCURRENCY), steps = Executors.newCachedThreadPool();
        try {
            List<Future<?>> all = new ArrayList<>();
            for (ScriptedPlatform.Made m : copies) {
                all.add(slots.submit(() -> {
                    List<ResourceRef> mine = java.util.Collections.synchronizedList(new ArrayList<>());
                    created.put(m.slice().sliceId(), mine);
                    Consumer<ResourceRef> add = mine::add;
                    driver.prepareSlice(m.slice(), add);
                    parallel(steps, m.networks(), n -> driver.createNetwork(m.slice(), n, add));
                    parallel(steps, m.vms(), vm -> {
                        driver.createVm(m.slice(), vm, add);
                        while (driver.status(m.slice(), vm).state() != VmState.RUNNING) sleep(POLL.toMillis());
                    });
                    return null;
                }));
            }
            for (Future<?> f : all) f.get();
        } finally {
            slots.shutdownNow();
            steps.shutdownNow();
        }
    }

    /** Per copy: what the script created, highest teardown rank first, each rank's deletes at once. */
    static void minimalUndeploy(SliceDriver driver, java.util.Collection<ScriptedPlatform.Made> copies, Map<String, List<ResourceRef>> created) throws Exception {
        ExecutorService slots = Executors.newFixedThreadPool(CONCURRENCY), steps = Executors.newCachedThreadPool();
        try {
            List<Future<?>> all = new ArrayList<>();
            for (ScriptedPlatform.Made m : copies) {
                all.add(slots.submit(() -> {
                    for (List<ResourceRef> rank : DeploymentRunner.byRankHighestFirst(List.copyOf(created.get(m.slice().sliceId()))))
                        parallel(steps, rank, r -> driver.delete(m.slice(), r));
                    return null;
                }));
            }
            for (Future<?> f : all) f.get();
        } finally {
            slots.shutdownNow();
            steps.shutdownNow();
        }
    }

    private static <T> void parallel(ExecutorService pool, List<T> items, Consumer<T> task) throws Exception {
        List<Future<?>> fs = new ArrayList<>();
        for (T t : items) fs.add(pool.submit(() -> task.accept(t)));
        for (Future<?> f : fs) f.get();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- checks ----------------------------------------------------------------------------------

    /** No segment, subnet, MAC or address is given to two networks or NICs of the class. */
    static void assertNoDuplicates(Map<String, ScriptedPlatform.Made> made, int vmsPerCopy) {
        Set<Integer> segments = new HashSet<>();
        Set<String> cidrs = new HashSet<>(), macs = new HashSet<>(), ips = new HashSet<>();
        int nics = 0;
        for (ScriptedPlatform.Made m : made.values()) {
            assertThat(m.vms()).as(m.slice().sliceId()).hasSize(vmsPerCopy);
            for (NetworkPlan n : m.networks()) {
                assertThat(segments.add(n.segmentId())).as("segment %d given twice", n.segmentId()).isTrue();
                assertThat(cidrs.add(n.cidr())).as("subnet %s given twice", n.cidr()).isTrue();
            }
            for (VmPlan vm : m.vms())
                for (NicPlan nic : vm.nics()) {
                    nics++;
                    assertThat(macs.add(nic.mac())).as("MAC %s given twice", nic.mac()).isTrue();
                    if (nic.ip() != null) assertThat(ips.add(nic.ip())).as("address %s given twice", nic.ip()).isTrue();
                }
        }
        assertThat(nics).isEqualTo(made.size() * vmsPerCopy * 2);
    }

    public static Predicate<JsonNode> all(String state, int n) {
        return b -> b.get("rows").size() == n && b.get("counts").get(state).asInt() == n;
    }

    // ---- the board as a client reads it -----------------------------------------------------------

    /**
     * Reads GET /labs/{id}/board/events as the client's BoardFollower does: every "board" event is
     * the whole board; a stream that ends (the server ends it once nothing is queued, deploying or
     * undeploying) is opened again a second later. For each event it notes when it arrived, and for
     * each row that changed since the previous event the lag from the row's change on the server
     * ({@code at}, the same clock: one JVM) to its arrival.
     */
    public static final class BoardFollower implements AutoCloseable {
        /** BoardFollower.REOPEN_MS in the client. */
        static final long REOPEN_MS = 1000;

        /** What the client saw during one phase. */
        public record Phase(int events, long versions, int streams, List<Long> lags, List<Long> liveLags, int rowChanges) {
            public String describe(double seconds) {
                return String.format("%d events in %.1f s (%.1f/s) for %d board versions, %d streams opened; %d row changes seen, lag change-to-client ms"
                                + " median/p95/max: all %s, on a stream already open (%d changes) %s",
                        events, seconds, events / seconds, versions, streams, rowChanges, stats(lags), liveLags.size(), stats(liveLags));
            }

            private static String stats(List<Long> lags) {
                List<Long> l = new ArrayList<>(lags);
                java.util.Collections.sort(l);
                return pct(l, 50) + " / " + pct(l, 95) + " / " + (l.isEmpty() ? -1 : l.get(l.size() - 1));
            }

            private static long pct(List<Long> sorted, int p) {
                return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
            }
        }

        private final HttpClient http = HttpClient.newHttpClient();
        private final HttpRequest req;
        private final Thread thread;
        private volatile boolean closed;
        private volatile InputStream body;
        private final Object lock = new Object();
        private JsonNode latest;
        private final Map<String, String> seen = new HashMap<>();  // by student: a copy being made has no slice yet
        private long phaseStart, firstVersion = -1, lastVersion = -1;
        private int events, streams, rowChanges;
        /** Whether this phase's work was seen in progress: a settled board after that is its end. */
        private boolean sawBusy;
        private List<Long> lags = new ArrayList<>(), liveLags = new ArrayList<>();
        private String failure;

        public BoardFollower(String apiBase, String token, long labId) {
            req = HttpRequest.newBuilder(URI.create(apiBase + "/labs/" + labId + "/board/events"))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build();
            thread = new Thread(this::follow, "bench-board-follower");
            thread.setDaemon(true);
            thread.start();
        }

        long cpuNanos() { return THREADS.getThreadCpuTime(thread.getId()); }

        private void follow() {
            while (!closed) {
                try {
                    HttpResponse<InputStream> res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
                    body = res.body();
                    synchronized (lock) { streams++; }
                    if (res.statusCode() != 200) {
                        synchronized (lock) { failure = "HTTP " + res.statusCode(); lock.notifyAll(); }
                        return;
                    }
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                        String type = null;
                        StringBuilder data = new StringBuilder();
                        boolean first = true;
                        for (String line; (line = r.readLine()) != null; ) {
                            if (line.isEmpty()) {
                                if ("board".equals(type) && data.length() > 0) {
                                    onBoard(data.toString(), first);
                                    first = false;
                                }
                                type = null;
                                data.setLength(0);
                            } else if (line.startsWith("event:")) type = line.substring(6).trim();
                            else if (line.startsWith("data:")) data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
                        }
                    }
                } catch (IOException e) {
                    if (closed) return;
                    synchronized (lock) { failure = e.toString(); lock.notifyAll(); }
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    Thread.sleep(REOPEN_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** {@code first}: the first event of a stream, which carries what changed while no stream was open. */
        private void onBoard(String json, boolean first) throws IOException {
            long now = System.currentTimeMillis();
            JsonNode b = ApiClient.JSON.readTree(json);
            synchronized (lock) {
                events++;
                long v = b.get("version").asLong();
                if (firstVersion < 0) firstVersion = v;
                lastVersion = v;
                for (JsonNode row : b.get("rows")) {
                    long at = row.get("at").asLong();
                    String key = row.get("state").asText() + "@" + at;
                    String before = seen.put(row.get("student").asText(), key);
                    if (!key.equals(before) && at >= phaseStart) {
                        rowChanges++;
                        lags.add(now - at);
                        if (!first) liveLags.add(now - at);
                    }
                }
                latest = b;
                if (!settled(b)) sawBusy = true;
                lock.notifyAll();
            }
        }

        /** Ends the current phase (what was seen since the previous call) and starts the next at {@code startMillis}. */
        public Phase phase(long startMillis) {
            synchronized (lock) {
                Phase p = new Phase(events, firstVersion < 0 ? 0 : lastVersion - firstVersion + 1, streams, lags, liveLags, rowChanges);
                phaseStart = startMillis;
                sawBusy = false;
                events = 0;
                streams = 0;
                rowChanges = 0;
                firstVersion = -1;
                lags = new ArrayList<>();
                liveLags = new ArrayList<>();
                return p;
            }
        }

        /**
         * Called before an action that sets a settled board going again (retry): {@link #await} then waits for the
         * work it starts instead of failing on the board it settled on, while the phase's figures keep counting.
         */
        public void rearm() {
            synchronized (lock) {
                sawBusy = false;
            }
        }

        /** Nothing queued or in progress: the server ends the stream, and the board stays as it is until the next action. */
        private static boolean settled(JsonNode b) {
            JsonNode c = b.get("counts");
            return c.path("CREATING").asInt() + c.get("QUEUED").asInt() + c.get("DEPLOYING").asInt() + c.get("UNDEPLOYING").asInt() == 0;
        }

        /** The first board the client received that satisfies {@code done}; waits at most {@code millis}. */
        public JsonNode await(Predicate<JsonNode> done, long millis) throws InterruptedException {
            long end = System.currentTimeMillis() + millis;
            synchronized (lock) {
                while ((latest == null || !done.test(latest)) && failure == null) {
                    if (sawBusy && settled(latest))
                        throw new AssertionError("the class settled otherwise: " + latest);
                    long left = end - System.currentTimeMillis();
                    if (left <= 0) throw new AssertionError("the board never got there; last seen: " + latest);
                    lock.wait(left);
                }
                if (failure != null) throw new AssertionError("the board's stream failed: " + failure);
                return latest;
            }
        }

        @Override
        public void close() {
            closed = true;
            thread.interrupt();
            InputStream b = body;
            if (b != null) {
                try {
                    b.close();
                } catch (IOException ignored) { /* going away */ }
            }
        }
    }

    // ---- heap and CPU -----------------------------------------------------------------------------

    public static long heapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The largest heap use seen every 50 ms until stopped (garbage included: the footprint a heap size must allow for). */
    public static final class HeapPeak {
        private volatile boolean stop;
        private volatile long max;
        private final Thread t;

        public HeapPeak() {
            t = new Thread(() -> {
                while (!stop) {
                    max = Math.max(max, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-heap-sampler");
            t.setDaemon(true);
            t.start();
        }

        public long stop() throws InterruptedException {
            stop = true;
            t.interrupt();
            t.join();
            return max;
        }
    }

    /**
     * The process's CPU time, and the part of it spent by the benchmark's own client side: this
     * thread (the API calls), the board follower and the JDK HTTP client's threads. The server is
     * the rest, with the JIT and the garbage collector.
     */
    public record Cpu(long processNanos, long clientNanos, long gcCount, long gcMillis) {
        public static Cpu now() {
            long client = 0;
            for (long id : THREADS.getAllThreadIds()) {
                var info = THREADS.getThreadInfo(id);
                if (info == null) continue;
                String n = info.getThreadName();
                if (id == Thread.currentThread().getId() || n.startsWith("bench-") || n.startsWith("HttpClient-")) {
                    long c = THREADS.getThreadCpuTime(id);
                    if (c > 0) client += c;
                }
            }
            long count = 0, ms = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, gc.getCollectionCount());
                ms += Math.max(0, gc.getCollectionTime());
            }
            return new Cpu(OS.getProcessCpuTime(), client, count, ms);
        }

        public double processSince(Cpu before) { return (processNanos - before.processNanos) / 1e9; }

        /** Threads that ended meanwhile take their time with them: a lower bound. */
        public double clientSince(Cpu before) { return Math.max(0, clientNanos - before.clientNanos) / 1e9; }

        public String gcSince(Cpu before) {
            return String.format("GC %d collections, %d ms (forced ones included)", gcCount - before.gcCount, gcMillis - before.gcMillis);
        }
    }

    public static double secs(long nanos) { return nanos / 1e9; }

    public static double mb(long bytes) { return bytes / 1024.0 / 1024.0; }
}
