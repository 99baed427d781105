package io.olimpus.server.api;

import io.olimpus.model.topology.Resources;
import io.olimpus.server.deploy.ZoneBackend;
import io.olimpus.server.engine.allocation.Ipv4Block;
import io.olimpus.server.engine.driver.PowerAction;
import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.driver.SliceDriver;
import io.olimpus.server.engine.driver.VmEvidence;
import io.olimpus.server.engine.driver.VmState;
import io.olimpus.server.engine.driver.VmStatus;
import io.olimpus.server.engine.placement.Overcommit;
import io.olimpus.server.engine.placement.PlacementStrategy;
import io.olimpus.server.engine.placement.WorkerCapacity;
import io.olimpus.server.engine.plan.NetworkPlan;
import io.olimpus.server.engine.plan.VmPlan;
import io.olimpus.server.engine.plan.ZonePolicy;
import io.olimpus.server.platform.Platform;
import io.olimpus.server.zones.HostCheck;
import io.olimpus.server.zones.SettingsBody;
import io.olimpus.server.zones.StoredSettings;
import io.olimpus.server.zones.Zone;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A platform of its own for API tests of the deployment feature ("scripted" zones): resources live
 * in memory, and each slice, by name, follows a script a test sets: a VM whose create throws, what
 * its console said, a listing held until the test lets it go. A slice without a script deploys.
 */
final class ScriptedPlatform implements Platform {
    /** What happens to one slice's deploys. */
    static final class Script {
        volatile String failVm;
        volatile RuntimeException failure;
        volatile String console = "";
        volatile String platformLog = "";
        /** While set, listing the slice waits for it: a rollback or undeploy stays in progress. */
        volatile CountDownLatch holdListing;
        /** While set, creating a VM of the slice waits for it: a deploy stays in progress. */
        volatile CountDownLatch holdCreate;
        /** What a capture on any of the slice's links writes ({@link #capture}); null: a capture that cannot start. */
        volatile java.util.function.Supplier<java.io.InputStream> capture;
        /** The last capture asked for: its link and limits, and counted down when it is closed. */
        volatile String capturedLink;
        volatile io.olimpus.server.engine.driver.CaptureLimits captureLimits;
        final CountDownLatch captureClosed = new CountDownLatch(1);
        /** How the owner gets into the VMs, as the last VM created was told. */
        volatile io.olimpus.server.engine.guest.GuestAccess guest;
        /** The VM and address the last SSH relay was opened to. */
        volatile String sshVm, sshAddress;
        /** Null: the VM's "sshd" echoes what it gets; else it refuses, and the relay ends saying this. */
        volatile String sshRefusal;
    }

    /** Whether the platform offers captures: off, it answers like a platform without them (OpenStack). */
    volatile boolean captures = true;
    /** Whether the platform relays SSH to its VMs: off, it answers like OpenStack. */
    volatile boolean sshRelays = true;

    /**
     * How long each driver call takes, as sleeps standing for a real platform's I/O (the class
     * scale benchmark); a created VM reports BOOTING until {@code bootMs} after its create returned.
     * None by default: API tests answer at once.
     */
    record Latency(long listMs, long prepareMs, long networkMs, long vmCreateMs, long bootMs, long statusMs, long deleteMs) {
        static final Latency NONE = new Latency(0, 0, 0, 0, 0, 0, 0);
    }

    volatile Latency latency = Latency.NONE;
    /** The zone's workers and address block (a class of hundreds of VMs needs more than the default one worker and /16). */
    volatile List<WorkerCapacity> workers = List.of(new WorkerCapacity("w1", "w1", new Resources(64, 262144, 4000), Resources.ZERO, true));
    volatile String subnets = "10.60.0.0/16";

    /** What one slice's deploy asked the driver to create, as the engine planned it (kept while {@link #recording}). */
    record Made(SliceContext slice, List<NetworkPlan> networks, List<VmPlan> vms) {}

    volatile boolean recording;
    /** By platform slice id: the latest deploy's slice context, networks and VMs (the benchmark's minimal script replays them). */
    final Map<String, Made> made = new ConcurrentHashMap<>();
    /** When each created VM ("s12/vm1") finishes booting, in System.nanoTime terms. */
    private final Map<String, Long> bootedAt = new ConcurrentHashMap<>();

    /** Slices with a creating call (prepare, network, VM) under way now, with how many calls each. */
    private final Map<String, Integer> busy = new java.util.HashMap<>();
    /** The most slices seen with creating calls under way at the same time: how many copies a class runner really deploys at once. */
    volatile int mostSlicesAtOnce;

    private synchronized void enter(SliceContext s) {
        busy.merge(s.sliceId(), 1, Integer::sum);
        mostSlicesAtOnce = Math.max(mostSlicesAtOnce, busy.size());
    }

    private synchronized void leave(SliceContext s) {
        busy.computeIfPresent(s.sliceId(), (k, n) -> n == 1 ? null : n - 1);
    }

    /** Simulated I/O of a creating call of slice {@code s}, counted in {@link #mostSlicesAtOnce}. */
    private void creating(SliceContext s, long ms) {
        enter(s);
        try {
            pause(ms);
        } finally {
            leave(s);
        }
    }

    private static void pause(long ms) {
        if (ms <= 0) return;
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while simulating platform I/O", e);
        }
    }

    /** Waits while a test holds the call ({@code hold} non-null), at most a minute. */
    private static void waitFor(CountDownLatch hold, String call) {
        if (hold == null) return;
        try {
            if (!hold.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("the test never let the " + call + " go");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Made made(SliceContext s) {
        return made.computeIfAbsent(s.sliceId(), k -> new Made(s, new java.util.concurrent.CopyOnWriteArrayList<>(), new java.util.concurrent.CopyOnWriteArrayList<>()));
    }

    /** The driver itself, for a benchmark's minimal script that makes the same calls as the engine. */
    SliceDriver driver() { return driver; }

    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    /** VMs a power action stopped, as "s12/vm1" (platform slice id / VM name). */
    final Set<String> stopped = ConcurrentHashMap.newKeySet();
    private final Set<ResourceRef> existing = ConcurrentHashMap.newKeySet();
    private final Map<ResourceRef, String> sliceOf = new ConcurrentHashMap<>();

    /** The script of the slice named {@code sliceName}, made on first use. */
    Script script(String sliceName) { return scripts.computeIfAbsent(sliceName, k -> new Script()); }

    /** What exists of slices on this platform, by slice id on platforms (s + database id). */
    List<ResourceRef> resources(String platformId) {
        return existing.stream().filter(r -> platformId.equals(sliceOf.get(r))).toList();
    }

    @Override public String id() { return "scripted"; }

    @Override public String novaAz(String zoneName, String requested) { return null; }

    @Override public boolean hasWorkers() { return false; }

    @Override public Accepted accept(Zone zone, SettingsBody body, Optional<StoredSettings> stored) { return new Accepted(Map.of(), null, "scripted"); }

    @Override public Object view(StoredSettings stored) { return Map.of(); }

    @Override public List<HostCheck> check(Zone zone, StoredSettings stored) { return List.of(); }

    @Override
    public ZoneBackend open(Zone zone) {
        ZonePolicy policy = new ZonePolicy(zone.name(), PlacementStrategy.SPREAD, Overcommit.DEFAULT, 1, 4094, Ipv4Block.parse(subnets), 24);
        return new ZoneBackend(driver, policy, workers);
    }

    private final SliceDriver driver = new SliceDriver() {
        private void add(SliceContext s, ResourceRef r, Consumer<ResourceRef> created) {
            existing.add(r);
            sliceOf.put(r, s.sliceId());
            created.accept(r);
        }

        @Override public void prepareSlice(SliceContext s, Consumer<ResourceRef> created) {
            creating(s, latency.prepareMs());
            if (recording) made.put(s.sliceId(), new Made(s, new java.util.concurrent.CopyOnWriteArrayList<>(), new java.util.concurrent.CopyOnWriteArrayList<>()));
        }

        @Override
        public void createNetwork(SliceContext s, NetworkPlan n, Consumer<ResourceRef> created) {
            creating(s, latency.networkMs());
            if (recording) made(s).networks().add(n);
            add(s, new ResourceRef("net", s.sliceId() + "-" + n.networkId(), "w1", n.networkId(), 10), created);
        }

        @Override
        public void createVm(SliceContext s, VmPlan vm, Consumer<ResourceRef> created) {
            creating(s, latency.vmCreateMs());
            waitFor(script(s.sliceName()).holdCreate, "create");
            if (recording) made(s).vms().add(vm);
            bootedAt.put(s.sliceId() + "/" + vm.vmId(), System.nanoTime() + latency.bootMs() * 1_000_000);
            add(s, new ResourceRef("vm", s.sliceId() + "-" + vm.name(), "w1", vm.vmId(), 30), created);
            Script sc = script(s.sliceName());
            sc.guest = s.guest();
            if (vm.name().equals(sc.failVm)) throw sc.failure;
        }

        @Override
        public void enableInternet(SliceContext s, VmPlan vm, NetworkPlan via, Consumer<ResourceRef> created) {}

        @Override
        public void delete(SliceContext s, ResourceRef ref) {
            pause(latency.deleteMs());
            if (ref.kind().equals("vm")) bootedAt.remove(s.sliceId() + "/" + ref.owner());
            existing.remove(ref);
            sliceOf.remove(ref);
        }

        @Override
        public List<ResourceRef> list(SliceContext s) {
            pause(latency.listMs());
            waitFor(script(s.sliceName()).holdListing, "listing");
            return new ArrayList<>(resources(s.sliceId()));
        }

        @Override
        public VmStatus status(SliceContext s, VmPlan vm) {
            pause(latency.statusMs());
            boolean there = existing.stream().anyMatch(r -> r.kind().equals("vm") && r.owner().equals(vm.vmId()) && s.sliceId().equals(sliceOf.get(r)));
            if (there && stopped.contains(s.sliceId() + "/" + vm.name())) return new VmStatus(VmState.STOPPED, null);
            Long booted = bootedAt.get(s.sliceId() + "/" + vm.vmId());
            if (there && booted != null && System.nanoTime() < booted) return new VmStatus(VmState.BOOTING, null);
            return there ? new VmStatus(VmState.RUNNING, null) : new VmStatus(VmState.FAILED, "gone");
        }

        @Override
        public void power(SliceContext s, VmPlan vm, PowerAction action) {
            if (action == PowerAction.STOP) stopped.add(s.sliceId() + "/" + vm.name());
            else stopped.remove(s.sliceId() + "/" + vm.name());
        }

        @Override
        public VmEvidence evidence(SliceContext s, VmPlan vm) {
            Script sc = script(s.sliceName());
            return new VmEvidence(sc.console, sc.platformLog);
        }

        @Override public boolean offersCapture() { return captures; }

        @Override public boolean offersSshRelay() { return sshRelays; }

        @Override
        public io.olimpus.server.engine.driver.Console sshRelay(SliceContext s, VmPlan vm, String address) {
            Script sc = script(s.sliceName());
            sc.sshVm = vm.name();
            sc.sshAddress = address;
            String refusal = sc.sshRefusal;
            // An echo: every write comes back to be read; an empty chunk is the end.
            var chunks = new java.util.concurrent.LinkedBlockingQueue<byte[]>();
            if (refusal != null) chunks.add(new byte[0]);
            java.io.InputStream in = new java.io.InputStream() {
                private byte[] chunk = new byte[0];
                private int at;

                @Override
                public int read() throws java.io.IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws java.io.IOException {
                    if (chunk == null) return -1;
                    if (at == chunk.length) {
                        try {
                            chunk = chunks.take();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new java.io.InterruptedIOException();
                        }
                        at = 0;
                        if (chunk.length == 0) {
                            chunk = null;
                            return -1;
                        }
                    }
                    int n = Math.min(len, chunk.length - at);
                    System.arraycopy(chunk, at, b, off, n);
                    at += n;
                    return n;
                }
            };
            java.io.OutputStream out = new java.io.OutputStream() {
                @Override public void write(int b) { chunks.add(new byte[]{(byte) b}); }

                @Override public void write(byte[] b, int off, int len) { chunks.add(java.util.Arrays.copyOfRange(b, off, off + len)); }
            };
            return new io.olimpus.server.engine.driver.Console() {
                @Override public java.io.InputStream in() { return in; }

                @Override public java.io.OutputStream out() { return out; }

                @Override public String endNote() { return refusal; }

                @Override public void close() { chunks.add(new byte[0]); }
            };
        }

        @Override
        public io.olimpus.server.engine.driver.PacketCapture capture(SliceContext s, String linkId, io.olimpus.server.engine.driver.CaptureLimits limits) {
            Script sc = script(s.sliceName());
            sc.capturedLink = linkId;
            sc.captureLimits = limits;
            java.io.InputStream in = sc.capture == null ? java.io.InputStream.nullInputStream() : sc.capture.get();
            return new io.olimpus.server.engine.driver.PacketCapture() {
                @Override public java.io.InputStream pcap() { return in; }

                @Override public String diagnostics() { return sc.capture == null ? "tcpdump: tap0: No such device exists" : ""; }

                @Override public String where() { return "w1, tap0"; }

                @Override
                public void close() {
                    try {
                        in.close();
                    } catch (java.io.IOException ignored) { /* a test stream */ }
                    sc.captureClosed.countDown();
                }
            };
        }
    };
}
