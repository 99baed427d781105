package io.olimpus.server.platform.linux;

import io.olimpus.model.topology.LinkImpairment;
import io.olimpus.server.engine.driver.Console;
import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.engine.driver.PowerAction;
import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.driver.SliceDriver;
import io.olimpus.server.engine.driver.VmEvidence;
import io.olimpus.server.engine.driver.VmState;
import io.olimpus.server.engine.driver.VmStatus;
import io.olimpus.server.engine.plan.NetworkPlan;
import io.olimpus.server.engine.plan.NicPlan;
import io.olimpus.server.engine.plan.VmPlan;
import io.olimpus.server.platform.linux.ssh.RemoteCommandException;
import io.olimpus.server.platform.linux.ssh.RemoteShell;
import io.olimpus.server.platform.linux.ssh.RemoteStream;
import io.olimpus.server.platform.linux.ssh.Script;
import io.olimpus.server.platform.linux.ssh.SshSessions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Linux cluster driver: per network a segment on every worker it spans and on the headnode
 * ({@link Fabric}: OVS or Linux bridges), which serves DHCP on it ({@link Dnsmasq}) and NATs the
 * VMs that asked for the internet ({@link Nat}); per VM a QEMU process with one tap per NIC
 * ({@link Qemu}) booted from a copy of its image on the worker ({@link ImageCache}). Each part
 * makes its kinds of resource and removes them; this class runs their scripts on the right
 * hosts, marks every resource ({@link Markers}) before it is made, and reports it.
 */
public final class LinuxClusterDriver implements SliceDriver {
    /** Where the driver's scripts run: SSH sessions on a cluster, a recording fake in unit tests. */
    interface Hosts {
        RemoteShell shell(LinuxHost host);

        RemoteStream stream(LinuxHost host, Script script);
    }

    private final LinuxZone zone;
    private final Hosts hosts;
    private final ImageSource images;
    private final ImageCache imageCache;
    private final Dnsmasq dnsmasq;
    private final Fabric fabric;
    private final Qemu qemu;
    private final Nat nat;
    private final Map<LinuxResource, ResourceOwner.Remover> removers = new EnumMap<>(LinuxResource.class);

    public LinuxClusterDriver(LinuxZone zone, SshSessions ssh, ImageSource images) {
        this(zone, new Hosts() {
            @Override public RemoteShell shell(LinuxHost host) { return ssh.shell(host.ssh()); }

            @Override public RemoteStream stream(LinuxHost host, Script script) { return ssh.stream(host.ssh(), script); }
        }, images);
    }

    LinuxClusterDriver(LinuxZone zone, Hosts hosts, ImageSource images) {
        this.zone = zone;
        this.hosts = hosts;
        this.images = images;
        this.imageCache = new ImageCache(images, hosts::shell, zone.imageCacheBytes());
        this.fabric = Fabric.of(zone.dataPlane());
        this.dnsmasq = new Dnsmasq(zone.headnode(), fabric);
        this.qemu = new Qemu(fabric);
        this.nat = new Nat(zone.headnode(), fabric, zone.uplinkInterface());
        this.leaseWatch = new LeaseWatch(hosts.shell(zone.headnode()));
        for (ResourceOwner part : List.of(fabric, dnsmasq, qemu, nat)) removers.putAll(part.removers());
        if (removers.size() != LinuxResource.values().length) throw new IllegalStateException("a resource kind has no remover: " + removers.keySet());
    }

    private RemoteShell shell(LinuxHost h) { return hosts.shell(h); }

    private LinuxHost host(String id) {
        if (zone.headnode().id().equals(id)) return zone.headnode();
        return zone.worker(id);
    }

    /** Each resource's marker, then the script that makes it. */
    private static Script marked(LinuxHost h, SliceContext slice, List<ResourceOwner.Creation> creations) {
        Script s = Script.create();
        for (ResourceOwner.Creation c : creations) {
            Markers.mark(s, h, slice, c.ref());
            s.append(c.script());
        }
        return s;
    }

    private static List<ResourceRef> refs(List<ResourceOwner.Creation> creations) {
        return creations.stream().map(ResourceOwner.Creation::ref).toList();
    }

    // ---- create ------------------------------------------------------------------------------

    @Override
    public void prepareSlice(SliceContext slice, Consumer<ResourceRef> created) {
        // Nothing is slice-wide on a Linux cluster: networks and VMs carry the slice id in their markers.
    }

    @Override
    public void createNetwork(SliceContext slice, NetworkPlan net, Consumer<ResourceRef> created) {
        createNetworks(slice, List.of(net), created);
    }

    /** All of a phase's networks together: {@link #createNetworks} makes each host's part of them in one round trip. */
    @Override
    public List<List<NetworkPlan>> networkGroups(List<NetworkPlan> networks) {
        return List.of(List.copyOf(networks));
    }

    /**
     * Per host one script with its segment of every network it spans and, on the headnode, each
     * network's leg and DHCP; the hosts at once. A full mesh of 7 has 21 networks: one round trip
     * per host instead of one per network and host. Every script is built (and its names
     * checked) before any host is touched. A host whose script fails reports nothing of it; its
     * markers, written before each part, let the listing find what it made.
     */
    @Override
    public void createNetworks(SliceContext slice, List<NetworkPlan> group, Consumer<ResourceRef> created) {
        Map<LinuxHost, List<ResourceOwner.Creation>> perHost = new java.util.LinkedHashMap<>();
        for (NetworkPlan net : group) {
            List<LinuxHost> spanned = new ArrayList<>();
            for (String w : net.workerIds()) spanned.add(zone.worker(w));
            spanned.add(zone.headnode());
            for (LinuxHost h : spanned) {
                List<String> peers = spanned.stream().filter(o -> o != h).map(LinuxHost::dataAddress).toList();
                List<ResourceOwner.Creation> here = perHost.computeIfAbsent(h, k -> new ArrayList<>());
                here.add(fabric.segment(h, net, peers));
                if (h == zone.headnode()) here.add(dnsmasq.serve(net));
            }
        }
        Map<LinuxHost, Script> scripts = new java.util.LinkedHashMap<>();
        perHost.forEach((h, creations) -> scripts.put(h, marked(h, slice, creations)));
        onEachHost(scripts.keySet(), h -> {
            shell(h).check(scripts.get(h));
            refs(perHost.get(h)).forEach(created);
        });
    }

    /**
     * Runs {@code task} for every host at once (the last in the calling thread) and waits for all
     * of them, so none is left running unseen; then throws the first failure.
     */
    private static void onEachHost(java.util.Collection<LinuxHost> hosts, Consumer<LinuxHost> task) {
        List<LinuxHost> all = List.copyOf(hosts);
        List<RuntimeException> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            LinuxHost h = all.get(i);
            Runnable one = () -> {
                try {
                    task.accept(h);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            };
            if (i == all.size() - 1) {
                one.run();
                continue;
            }
            Thread t = new Thread(one, "linux-" + h.id());
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DriverException("interrupted while waiting for " + t.getName().substring("linux-".length()));
            }
        }
        if (!failures.isEmpty()) throw failures.get(0);
    }

    /** Prunes every worker's image cache now (after an image left the catalog); best effort, per worker. */
    void pruneImageCaches() {
        for (LinuxHost w : zone.workers().values()) imageCache.prune(shell(w), w, null);
    }

    @Override
    public void createVm(SliceContext slice, VmPlan vm, Consumer<ResourceRef> created) {
        LinuxHost h = zone.worker(vm.workerId()), hn = zone.headnode();
        ImageSource.Image image = images.resolve(vm.image());
        String cache = imageCache.ensure(h, image);

        List<ResourceOwner.Creation> leases = dnsmasq.leases(slice, vm);
        Script onHeadnode = marked(hn, slice, leases).append(dnsmasq.markBootStart(slice, vm));
        if (!onHeadnode.isEmpty()) shell(hn).check(onHeadnode);
        refs(leases).forEach(created);

        List<ResourceOwner.Creation> machine = qemu.create(h, slice, vm, image, cache);
        shell(h).check(marked(h, slice, machine));
        refs(machine).forEach(created);
        // Just launched: no lease can be acknowledged yet, so its first status asks the headnode only once its
        // console says it is up or after LEASE_EVERY, not at once (a round trip per VM saved).
        Seen fresh = new Seen();
        fresh.leasesAsked = System.nanoTime();
        seen.put(Qemu.vmDir(h, slice, vm), fresh);
    }

    @Override
    public void enableInternet(SliceContext slice, VmPlan vm, NetworkPlan via, Consumer<ResourceRef> created) {
        LinuxHost hn = zone.headnode();
        ResourceOwner.Creation rules = nat.enable(vm, via);
        shell(hn).check(marked(hn, slice, List.of(rules)));
        created.accept(rules.ref());
    }

    /**
     * The link's impairment as tc on the NIC's tap, on the VM's worker ({@link LinkShaper}); the VM
     * keeps running. A kernel without the qdisc it needs is told as such, with what to do.
     */
    @Override
    public void shapePort(SliceContext slice, VmPlan vm, NicPlan nic, LinkImpairment impairment) {
        LinuxHost h = zone.worker(vm.workerId());
        try {
            shell(h).check(LinkShaper.shape(LinuxNames.tap(nic.mac()), impairment));
        } catch (RemoteCommandException e) {
            if (!LinkShaper.kernelLacksQdisc(e.result().stderr() + e.result().stdout())) throw e;
            throw new DriverException("link " + nic.linkId() + " on " + vm.name() + ": worker " + h.name() + "'s kernel lacks the queueing discipline for "
                    + impairment.summary() + " (delay, jitter and loss need sch_netem, a rate needs sch_tbf); an administrator can load it"
                    + " (modprobe sch_netem) or install the kernel's extra modules, or remove those properties from the link");
        }
    }

    /** Without an uplink the zone has no way out: each VM that asks for the internet is refused, named, with what to do. */
    @Override
    public List<io.olimpus.model.validation.Problem> designProblems(io.olimpus.model.topology.Topology topology) {
        if (zone.uplinkInterface() != null) return List.of();
        return topology.vms().stream().filter(n -> n.vm().internet())
                .map(n -> io.olimpus.model.validation.Problem.onNodes(io.olimpus.model.validation.ProblemCode.NO_INTERNET_IN_ZONE,
                        "VM '" + n.name() + "' asks for internet (field internet), but this zone has no uplink interface, so its slices have none:"
                                + " clear the VM's internet option, or deploy to a zone whose administrator set an uplinkInterface", n.id()))
                .toList();
    }

    // ---- delete, list ------------------------------------------------------------------------

    /** The part that made the resource removes it; its marker goes last. */
    @Override
    public void delete(SliceContext slice, ResourceRef ref) {
        deleteTogether(slice, List.of(ref), java.util.Set.of(ref), r -> {});
    }

    /** A host's resources go together: one script, one round trip per host. */
    @Override
    public List<List<ResourceRef>> deleteGroups(List<ResourceRef> rank) {
        return List.copyOf(byHost(rank).values());
    }

    /**
     * One script per host: each resource removed by the part that made it, then its marker, then
     * a line saying it is gone ({@link #GONE}), so a script that fails half-way still tells what
     * went. A host's VMs go at once ({@link LinuxResource#deletedInParallel}). Leases are
     * forgotten by their network's dnsmasq with one restart per network, none for a network whose
     * DHCP goes in the same teardown; their markers stay until that restart succeeded.
     */
    @Override
    public void deleteTogether(SliceContext slice, List<ResourceRef> group, java.util.Set<ResourceRef> going, Consumer<ResourceRef> deleted) {
        for (Map.Entry<String, List<ResourceRef>> e : byHost(group).entrySet()) {
            LinuxHost h = host(e.getKey());
            // What a status saw of a VM goes with it (a VM created and never asked about would leave its entry).
            for (ResourceRef r : e.getValue()) if (LinuxResource.of(r) == LinuxResource.VM) seen.remove(h.stateRoot() + "/vms/" + r.name());
            var result = shell(h).run(teardown(slice, h, e.getValue(), going));
            if (result.ok()) {
                e.getValue().forEach(deleted);
                continue;
            }
            for (String line : result.stdout().split("\n"))
                for (ResourceRef r : e.getValue())
                    if (line.equals(GONE + " " + r.kind() + " " + r.name())) deleted.accept(r);
            throw new io.olimpus.server.platform.linux.ssh.RemoteCommandException(h.name(), result);
        }
    }

    /** What a teardown script prints for each resource it removed. */
    static final String GONE = "olimpus-deleted";

    private Script teardown(SliceContext slice, LinuxHost h, List<ResourceRef> refs, java.util.Set<ResourceRef> going) {
        List<Script> parallel = new ArrayList<>();
        Script serial = Script.create(), leasesGone = Script.create();
        java.util.Set<Integer> leaseSegments = new java.util.TreeSet<>();
        for (ResourceRef ref : refs) {
            LinuxResource kind = LinuxResource.of(ref);
            Script removal = removers.get(kind).delete(slice, h, ref);
            Script unmark = Script.create();
            Markers.unmark(unmark, h, slice, ref);
            unmark.run("echo", GONE, ref.kind(), ref.name());
            if (kind == LinuxResource.LEASE) {
                leaseSegments.add(Dnsmasq.leaseSegment(ref));
                serial.append(removal);
                leasesGone.append(unmark);
            } else if (kind.deletedInParallel()) {
                parallel.add(removal.append(unmark));
            } else {
                serial.append(removal).append(unmark);
            }
        }
        for (int seg : leaseSegments)
            if (going.stream().noneMatch(r -> dnsmasq.isDhcpOf(r, seg))) serial.append(dnsmasq.forgetRemovedLeases(slice, seg));
        return Script.create().parallel(parallel).append(serial).append(leasesGone);
    }

    private static Map<String, List<ResourceRef>> byHost(List<ResourceRef> refs) {
        Map<String, List<ResourceRef>> out = new java.util.LinkedHashMap<>();
        for (ResourceRef r : refs) out.computeIfAbsent(r.host(), k -> new ArrayList<>()).add(r);
        return out;
    }

    /** Every host's markers of the slice, the hosts asked at once (a deploy lists first, an undeploy before and after). */
    @Override
    public List<ResourceRef> list(SliceContext slice) {
        Map<LinuxHost, List<ResourceRef>> byHost = new java.util.concurrent.ConcurrentHashMap<>();
        List<LinuxHost> all = List.copyOf(zone.allHosts());
        onEachHost(all, h -> byHost.put(h, Markers.parse(h, shell(h).check(Markers.list(h, slice)))));
        List<ResourceRef> out = new ArrayList<>();
        for (LinuxHost h : all) out.addAll(byHost.get(h));
        return out;
    }

    // ---- leftovers ---------------------------------------------------------------------------

    /** What the zone's hosts hold of slices not in {@code owned} ({@link LinuxLeftovers}). */
    public io.olimpus.server.platform.Leftovers.Report leftovers(String zoneName, java.util.Set<String> owned) {
        return new LinuxLeftovers(zoneName, zone, this::shell, this).report(owned);
    }

    /** Removes what {@link #leftovers} reports; ownership is asked again before each slice's clean-up. */
    public io.olimpus.server.platform.Leftovers.Report cleanLeftovers(String zoneName, java.util.function.Supplier<java.util.Set<String>> owned) {
        return new LinuxLeftovers(zoneName, zone, this::shell, this).clean(owned);
    }

    // ---- running VMs -------------------------------------------------------------------------

    /**
     * Through the worker's {@link BootWatch}: one round trip per worker serves all its booting VMs
     * and returns when one of them changes. With NICs, RUNNING also needs every NIC's lease since
     * the VM started, asked of the headnode when the console says the guest is up, and at least
     * every {@link #LEASE_EVERY} for guests whose console says nothing (every two while it still
     * prints new lines); VMs asking at the same time share one round trip ({@link LeaseWatch}).
     */
    @Override
    public VmStatus status(SliceContext slice, VmPlan vm) {
        LinuxHost h = zone.worker(vm.workerId());
        String dir = Qemu.vmDir(h, slice, vm);
        Seen seen = this.seen.computeIfAbsent(dir, d -> new Seen());
        String probed = watches.computeIfAbsent(h.id(), id -> new BootWatch(shell(h))).probe(dir, seen.word);
        var notAlive = Qemu.notAlive(probed, h);
        if (notAlive.isPresent()) {
            this.seen.remove(dir);
            return notAlive.get();
        }
        VmStatus guest = Qemu.GuestConsole.status(probed, !vm.nics().isEmpty());
        boolean up = Qemu.GuestConsole.up(probed);
        seen.word = up ? "up" : "booting";
        if (vm.nics().isEmpty() || guest.state() == VmState.FAILED) {
            if (guest.state() != VmState.BOOTING) this.seen.remove(dir);
            return guest;
        }
        long now = System.nanoTime();
        // A console still printing new lines is still booting: its leases wait for it to say it is up, or to go quiet,
        // or for twice LEASE_EVERY (a guest that prints for ever without saying so is still found).
        boolean talking = guest.detail() != null && !guest.detail().equals(seen.line);
        seen.line = guest.detail();
        if (!up && seen.leasesAsked != null) {
            long since = now - seen.leasesAsked;
            if (since < LEASE_EVERY.toNanos() || talking && since < 2 * LEASE_EVERY.toNanos()) return guest;
        }
        seen.leasesAsked = now;
        boolean leased = leaseWatch.leased(dir, dnsmasq.bootedSinceStart(slice, vm));
        if (!leased) return guest;
        this.seen.remove(dir);
        return new VmStatus(VmState.RUNNING, null);
    }

    /**
     * The same reading as {@link #status}, without its waits: one probe per worker of all its VMs,
     * then one lease check on the headnode for the VMs alive with NICs. It changes nothing of what
     * the engine's boot follow-up has seen.
     */
    @Override
    public List<VmStatus> statusNow(SliceContext slice, List<VmPlan> vms) {
        String[] dirs = new String[vms.size()];
        Map<String, List<String>> dirsByWorker = new java.util.LinkedHashMap<>();
        for (int i = 0; i < vms.size(); i++) {
            VmPlan vm = vms.get(i);
            dirs[i] = Qemu.vmDir(zone.worker(vm.workerId()), slice, vm);
            dirsByWorker.computeIfAbsent(vm.workerId(), w -> new ArrayList<>()).add(dirs[i]);
        }
        Map<String, String> probes = new java.util.HashMap<>();
        // A worker that cannot be read makes its own VMs unknown, not the others'.
        Map<String, DriverException> unread = new java.util.HashMap<>();
        dirsByWorker.forEach((w, onWorker) -> {
            try {
                probes.putAll(BootWatch.now(shell(zone.worker(w)), onWorker));
            } catch (DriverException e) {
                unread.put(w, e);
            }
        });
        VmStatus[] out = new VmStatus[vms.size()];
        Map<String, Script> leaseChecks = new java.util.LinkedHashMap<>();
        for (int i = 0; i < vms.size(); i++) {
            VmPlan vm = vms.get(i);
            if (unread.containsKey(vm.workerId())) {
                out[i] = unknown(unread.get(vm.workerId()));
                continue;
            }
            String probed = probes.getOrDefault(dirs[i], "");
            var notAlive = Qemu.notAlive(probed, zone.worker(vm.workerId()));
            if (notAlive.isPresent()) {
                out[i] = notAlive.get();
                continue;
            }
            out[i] = Qemu.GuestConsole.status(probed, !vm.nics().isEmpty());
            if (!vm.nics().isEmpty() && out[i].state() != VmState.FAILED) leaseChecks.put(dirs[i], dnsmasq.bootedSinceStart(slice, vm));
        }
        java.util.Set<String> leased;
        DriverException headnode = null;
        try {
            leased = leaseWatch.leasedNow(leaseChecks);
        } catch (DriverException e) {
            leased = java.util.Set.of();
            headnode = e;
        }
        for (int i = 0; i < vms.size(); i++) {
            if (leased.contains(dirs[i])) out[i] = new VmStatus(VmState.RUNNING, null);
            else if (headnode != null && leaseChecks.containsKey(dirs[i])) out[i] = unknown(headnode);
        }
        return List.of(out);
    }

    /** A VM whose state could not be read, with the reason, as a listing shows it. */
    private static VmStatus unknown(DriverException e) {
        return new VmStatus(VmState.FAILED, "status unknown: " + e.getMessage());
    }

    /** How often the headnode is asked for a booting VM's leases while its console does not say it is up. */
    static final Duration LEASE_EVERY = Duration.ofSeconds(BootWatch.WAIT_SECONDS);
    private final Map<String, BootWatch> watches = new java.util.concurrent.ConcurrentHashMap<>();
    /** The headnode's lease checks of VMs asked at the same time go in one round trip. */
    private final LeaseWatch leaseWatch;
    /** Per VM folder, what its last status saw: the word its next round waits to change, and when its leases were last asked. */
    private final Map<String, Seen> seen = new java.util.concurrent.ConcurrentHashMap<>();

    private static final class Seen {
        volatile String word = "booting";
        /**
         * Null until first asked: the first status asks at once (a restarted guest may hold its leases already),
         * unless the VM was just created ({@link #createVm} sets it).
         */
        volatile Long leasesAsked;
        /** The console's last line at the last status (null: none yet). */
        volatile String line;
    }

    /** The end of the VM's serial log and of QEMU's error output, read from its folder on the worker while it is still there. */
    @Override
    public VmEvidence evidence(SliceContext slice, VmPlan vm) {
        LinuxHost h = zone.worker(vm.workerId());
        String dir = Qemu.vmDir(h, slice, vm);
        RemoteShell sh = shell(h);
        return new VmEvidence(sh.run(Qemu.tail(dir, Qemu.SERIAL_LOG)).stdout(), sh.run(Qemu.tail(dir, Qemu.ERRORS)).stdout());
    }

    @Override
    public Optional<Duration> bootBudget(VmPlan vm) { return Optional.of(zone.bootBudget(vm.workerId())); }

    @Override
    public void power(SliceContext slice, VmPlan vm, PowerAction action) {
        LinuxHost h = zone.worker(vm.workerId());
        // A (re)started guest counts as booted only after DHCP acknowledges it again.
        if (action != PowerAction.STOP && !vm.nics().isEmpty()) shell(zone.headnode()).check(dnsmasq.markBootStart(slice, vm));
        shell(h).check(Qemu.power(Qemu.vmDir(h, slice, vm), action));
    }

    /**
     * The VM's VNC display, which QEMU serves only on a UNIX socket in the VM's folder: socat on the
     * worker joins that socket to an SSH channel, so no TCP port is ever opened for it.
     */
    @Override
    public Console console(SliceContext slice, VmPlan vm) {
        return join(slice, vm, Qemu.ConsoleSocket.VNC);
    }

    /**
     * The VM's first serial port, which QEMU serves on a UNIX socket in the VM's folder (and logs
     * to its serial log), joined to an SSH channel by socat as {@link #console} is. QEMU serves one
     * client at a time on it: a second viewer waits until the first one closes.
     */
    @Override
    public Console serialConsole(SliceContext slice, VmPlan vm) {
        return join(slice, vm, Qemu.ConsoleSocket.SERIAL);
    }

    /**
     * The guest's serial output as QEMU logs it (the end of the log, then what follows), streamed
     * over SSH like the console: it never connects to the serial socket, which QEMU serves to one
     * client at a time, so a watcher neither waits for nor blocks the student's own terminal, and
     * has no path to the guest's input at all.
     */
    @Override
    public Console serialOutput(SliceContext slice, VmPlan vm) {
        LinuxHost h = zone.worker(vm.workerId());
        String dir = requireSocket(h, slice, vm, Qemu.ConsoleSocket.SERIAL);
        return hosts.stream(h, Qemu.followSerialLog(dir));
    }

    /** One of the VM's sockets on its worker, joined to an SSH channel by socat; a stopped VM has none. */
    private Console join(SliceContext slice, VmPlan vm, Qemu.ConsoleSocket socket) {
        LinuxHost h = zone.worker(vm.workerId());
        return hosts.stream(h, Qemu.joinSocket(requireSocket(h, slice, vm, socket), socket));
    }

    /** The VM's folder on its worker, once its socket is seen there: a stopped VM has none. */
    private String requireSocket(LinuxHost h, SliceContext slice, VmPlan vm, Qemu.ConsoleSocket socket) {
        String dir = Qemu.vmDir(h, slice, vm);
        if (!shell(h).run(Qemu.hasSocket(dir, socket)).ok())
            throw new DriverException("VM '" + vm.name() + "' has no " + socket.what + " on " + h.name() + " (is it stopped?)");
        return dir;
    }

    @Override
    public boolean offersSerialConsole() { return true; }

    /** socat on the headnode, which has a leg on every slice network, to the VM's port 22 ({@link SshRelay}). */
    @Override
    public Console sshRelay(SliceContext slice, VmPlan vm, String address) {
        return new SshRelay(vm.name(), address, hosts.stream(zone.headnode(), SshRelay.script(address, SshRelay.SSH_PORT)));
    }

    @Override
    public boolean offersSshRelay() { return true; }

    /**
     * tcpdump on the tap of one of the link's VM NICs ({@link Tcpdump}), on that VM's worker, its
     * pcap output streamed over the worker's kept-open SSH session: no port is opened for it.
     * Closing closes the channel's input, which ends tcpdump on the worker.
     */
    @Override
    public boolean offersCapture() { return true; }

    @Override
    public io.olimpus.server.engine.driver.PacketCapture capture(SliceContext slice, String linkId, io.olimpus.server.engine.driver.CaptureLimits limits) {
        Tcpdump.End end = Tcpdump.end(slice.plan(), linkId)
                .orElseThrow(() -> new DriverException("link '" + linkId + "' has no VM NIC in the slice's plan: capture on a link that ends at a VM"));
        LinuxHost h = zone.worker(end.vm().workerId());
        RemoteStream stream = hosts.stream(h, Tcpdump.capture(end.tap(), limits));
        String where = h.name() + ", " + end.tap() + " (" + end.vm().name() + " eth" + end.nic().index() + ")";
        return new io.olimpus.server.engine.driver.PacketCapture() {
            @Override public java.io.InputStream pcap() { return stream.in(); }

            @Override public String diagnostics() { return stream.stderr(); }

            @Override public String where() { return where; }

            @Override public void close() { stream.close(); }
        };
    }
}
