package io.olimpus.server.engine.driver;

import io.olimpus.model.topology.LinkImpairment;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.validation.Problem;
import io.olimpus.server.engine.plan.NetworkPlan;
import io.olimpus.server.engine.plan.NicPlan;
import io.olimpus.server.engine.plan.VmPlan;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a platform must do for the engine. A driver creates, inspects and deletes; it decides
 * nothing (placement, allocation, ordering and rollback are the engine's). Every operation is
 * idempotent: resources carry names derived from the slice and plan, so a retried or resumed
 * create finds what exists, and a delete of something already gone succeeds.
 * Each create reports every resource through {@code created} the moment it exists, so the
 * engine records it before anything else happens and a crash strands nothing unrecorded.
 */
public interface SliceDriver {
    /** Anything the slice needs before its networks (an OpenStack project; nothing on Linux). */
    void prepareSlice(SliceContext slice, Consumer<ResourceRef> created);

    /** The network's segment on every worker it spans, plus its DHCP. */
    void createNetwork(SliceContext slice, NetworkPlan network, Consumer<ResourceRef> created);

    /**
     * How a phase's networks may be created together: each inner list is created by one call of
     * {@link #createNetworks}, the lists in parallel. By default each network alone; a platform
     * that reaches a host in one round trip puts them in one group and makes each host's part of
     * all of them at once.
     */
    default List<List<NetworkPlan>> networkGroups(List<NetworkPlan> networks) {
        return networks.stream().map(List::of).toList();
    }

    /** Creates a group made by {@link #networkGroups}, reporting every resource through {@code created} as {@link #createNetwork} does. */
    default void createNetworks(SliceContext slice, List<NetworkPlan> group, Consumer<ResourceRef> created) {
        for (NetworkPlan n : group) createNetwork(slice, n, created);
    }

    /** The VM with its NICs on their networks; returns once the platform has started it. */
    void createVm(SliceContext slice, VmPlan vm, Consumer<ResourceRef> created);

    /** Outbound access for a VM that asked for the internet (NAT on the headnode, or a router). */
    void enableInternet(SliceContext slice, VmPlan vm, NetworkPlan via, Consumer<ResourceRef> created);

    /** Deletes one resource; already gone is success. */
    void delete(SliceContext slice, ResourceRef ref);

    /**
     * How resources of one teardown rank may go together: each inner list is deleted by one call
     * of {@link #deleteTogether}, the lists in parallel. By default each resource alone; a platform
     * that reaches a host in one round trip groups what sits on the same host.
     */
    default List<List<ResourceRef>> deleteGroups(List<ResourceRef> rank) {
        return rank.stream().map(List::of).toList();
    }

    /**
     * Deletes a group made by {@link #deleteGroups}, telling {@code deleted} of each resource the
     * moment it is gone, and throws when any could not go (what was told stays gone). {@code going}
     * is everything this teardown deletes, lower ranks included: a platform may skip work that
     * their deletion makes moot (restarting a network's DHCP server that goes too).
     */
    default void deleteTogether(SliceContext slice, List<ResourceRef> group, java.util.Set<ResourceRef> going, Consumer<ResourceRef> deleted) {
        for (ResourceRef r : group) {
            delete(slice, r);
            deleted.accept(r);
        }
    }

    /** Everything of this slice that exists on the platform, found by its names: proves rollbacks complete. */
    List<ResourceRef> list(SliceContext slice);

    /**
     * The VM's state, checked on the platform, not assumed. The engine follows a boot with it, so a
     * platform may hold the call a while for news of a booting VM rather than answer the same again.
     */
    VmStatus status(SliceContext slice, VmPlan vm);

    /**
     * The state of each of {@code vms} (in that order) as the platform shows it now, for a person
     * reading the slice: unlike {@link #status}, it never waits for news of a booting VM.
     */
    default List<VmStatus> statusNow(SliceContext slice, List<VmPlan> vms) {
        return vms.stream().map(v -> status(slice, v)).toList();
    }

    void power(SliceContext slice, VmPlan vm, PowerAction action);

    /**
     * The end of a VM's serial console and of its hypervisor's error output, read before a
     * rollback deletes the VM, so the job keeps what explains the failure. Best effort: a
     * platform that cannot say returns {@link VmEvidence#NONE}; it never throws for a VM that is gone.
     */
    default VmEvidence evidence(SliceContext slice, VmPlan vm) { return VmEvidence.NONE; }

    /**
     * The zone's boot budget for this VM (its admin's setting, which may differ between KVM and
     * software-emulated hosts); empty leaves it to the engine's default. An image's own budget
     * overrides it ({@code engine.apply.BootBudget} decides).
     */
    default Optional<Duration> bootBudget(VmPlan vm) { return Optional.empty(); }

    /**
     * Starts a packet capture on the link {@code linkId} of the running slice (one end's NIC sees
     * both directions), streamed through the platform's own channel (never a port opened for it)
     * and bounded by {@code limits} on the platform as well. Platforms without one say so.
     */
    default PacketCapture capture(SliceContext slice, String linkId, CaptureLimits limits) {
        throw new DriverException("capture is available on Linux zones only; this zone's platform offers no packet capture");
    }

    /** Whether {@link #capture} works on this platform; asked before it, so a refusal names the zone, not a failure. */
    default boolean offersCapture() { return false; }

    /**
     * A byte stream to the VM's graphical console (RFB), reached through the platform's own
     * channel (never a port opened for it). Platforms without one say so.
     */
    default Console console(SliceContext slice, VmPlan vm) {
        throw new DriverException("this platform offers no console access to VMs");
    }

    /**
     * A byte stream to the VM's serial console, a text terminal (what the guest writes on its
     * first serial port comes out, the keys typed go in), reached like {@link #console}. Platforms
     * without one say so; {@link #offersSerialConsole} tells beforehand.
     */
    default Console serialConsole(SliceContext slice, VmPlan vm) {
        throw new DriverException("this zone's platform offers no serial console; open the VM's graphical console instead");
    }

    /**
     * What the guest writes on its serial console, for a watcher (an instructor): a platform that
     * can, reads it without taking the serial port from the VM's own user; by default the console
     * itself, whose input the caller then never writes.
     */
    default Console serialOutput(SliceContext slice, VmPlan vm) { return serialConsole(slice, vm); }

    /** Whether {@link #serialConsole} works on this platform; asked before it, so a refusal names the zone, not a failure. */
    default boolean offersSerialConsole() { return false; }

    /**
     * A byte stream to TCP port 22 of the VM at {@code address} (its address on its first
     * network), opened from inside the platform (never a port opened for it), so a student's SSH
     * client reaches a VM that has no public address. Platforms without one say so;
     * {@link #offersSshRelay} tells beforehand.
     */
    default Console sshRelay(SliceContext slice, VmPlan vm, String address) {
        throw new DriverException("this zone's platform does not relay SSH to its VMs; give the VM a public (floating) address and connect to it");
    }

    /** Whether {@link #sshRelay} works on this platform; asked before it, so a refusal names the zone, not a failure. */
    default boolean offersSshRelay() { return false; }

    /** Whether the VM's console is the cloud's own web page ({@link #consoleUrl}) rather than {@link #console}. */
    default boolean consoleInBrowser() { return false; }

    /** The address of the cloud's own console page for the VM; platforms without one say so. */
    default String consoleUrl(SliceContext slice, VmPlan vm) {
        throw new DriverException("this platform's console is forwarded through the server, not opened in a browser");
    }

    /**
     * What of a design this platform cannot carry (a link property it has no means for), each a
     * problem on the link with what to do instead. Planning refuses a design with any, so nothing
     * is ever silently ignored. A platform that carries everything returns none.
     */
    default List<Problem> designProblems(Topology topology) { return List.of(); }

    /**
     * Shapes the traffic of a running VM's NIC as its link's impairment says, replacing any earlier
     * shaping; {@link LinkImpairment#impairs() no impairment} removes it. Idempotent, and done in
     * place: the VM keeps running. Only called for designs {@link #designProblems} accepted.
     */
    default void shapePort(SliceContext slice, VmPlan vm, NicPlan nic, LinkImpairment impairment) {
        throw new DriverException("this platform cannot shape links (delay, jitter, loss, rate); remove the link's properties");
    }

    /**
     * {@link #shapePort(SliceContext, VmPlan, NicPlan, LinkImpairment)}, for a platform whose shaping
     * is a resource of its own (an OpenStack QoS policy): it reports it through {@code created}
     * like any create, so the engine records it before anything else happens.
     */
    default void shapePort(SliceContext slice, VmPlan vm, NicPlan nic, LinkImpairment impairment, Consumer<ResourceRef> created) {
        shapePort(slice, vm, nic, impairment);
    }
}
