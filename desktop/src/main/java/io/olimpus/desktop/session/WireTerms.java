package io.olimpus.desktop.session;

import io.olimpus.client.ClientException;
import io.olimpus.client.OlimpusClient;
import io.olimpus.wire.Wire;
import io.olimpus.desktop.io.LocalCatalog;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.validation.CatalogAliases;
import io.olimpus.model.validation.Problem;
import io.olimpus.model.validation.ProblemCode;
import io.olimpus.model.validation.Severity;

import io.olimpus.desktop.vm.CanvasFacts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place where the session reads the server's words: slice statuses, job kinds, event
 * types, VM states, console kinds, problem severities and the plan's JSON. Typed wire values
 * (status enums, a sealed event type) replace the strings here and nowhere else. How states look
 * (colours, captions) is {@link Looks}.
 */
final class WireTerms {
    private WireTerms() {}

    /** The VM state of what a deploy is about to create or change. */
    static final String QUEUED = Wire.VmState.QUEUED.name();
    static final String FAILED = Wire.VmState.FAILED.name();
    /** Not a server state: a VM a failed deploy never created, or created and rolled back. */
    static final String NOT_DEPLOYED = "NOT_DEPLOYED";

    /** Something of the slice is deployed: it has VMs to show. */
    static boolean hasVms(Wire.Slice s) {
        return s.status() == Wire.SliceStatus.RUNNING || s.status() == Wire.SliceStatus.FAILED;
    }

    /** A deploy or undeploy of the slice is under way (or just ended and the status is not settled yet). */
    static boolean jobUnderWay(Wire.Slice s) {
        return s.status() == Wire.SliceStatus.DEPLOYING || s.status() == Wire.SliceStatus.UNDEPLOYING;
    }

    static boolean isDeploy(Wire.DeployJob job) { return job.kind() == Wire.JobKind.DEPLOY; }

    /** The slice as it is while {@code job} runs. */
    static Wire.Slice whileRunning(Wire.Slice s, Wire.DeployJob job) {
        return s == null ? null : new Wire.Slice(s.id(), s.ownerId(), s.owner(), s.name(), s.zone(),
                isDeploy(job) ? Wire.SliceStatus.DEPLOYING : Wire.SliceStatus.UNDEPLOYING,
                s.vmCount(), s.vcpus(), s.ramMb(), s.version(), s.createdAt(), s.updatedAt());
    }

    static boolean succeeded(String outcome) { return Wire.JobOutcome.SUCCEEDED.name().equals(outcome); }

    /** A finished job that did not do what it was asked: its failed VMs may have left evidence. */
    static boolean failedJob(Wire.DeployJob job) {
        return job.state() == Wire.JobState.ROLLED_BACK || job.state() == Wire.JobState.INCOMPLETE;
    }

    /** The evidence of a job as one text: per failed VM, the end of its console, then its platform's log; empty when there is none. */
    static String evidenceText(Wire.JobEvidence e) {
        if (e == null || e.vms() == null) return "";
        StringBuilder sb = new StringBuilder();
        for (Wire.VmEvidence v : e.vms()) {
            if (!sb.isEmpty()) sb.append('\n');
            if (v.console() != null && !v.console().isBlank())
                sb.append(io.olimpus.desktop.ui.Msg.fmt("job.evidence.console", v.vmName())).append('\n').append(v.console().stripTrailing()).append('\n');
            if (v.platformLog() != null && !v.platformLog().isBlank())
                sb.append(io.olimpus.desktop.ui.Msg.fmt("job.evidence.platformLog", v.vmName())).append('\n').append(v.platformLog().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** {@code vms} show {@code vm} in the state a power {@code action} (stop, start, reboot) leads to. */
    static boolean reached(List<Wire.VmView> vms, String vm, String action) {
        Wire.VmState target = action.equals("stop") ? Wire.VmState.STOPPED : Wire.VmState.RUNNING;
        return vms.stream().anyMatch(x -> x.name().equals(vm) && target == x.state());
    }

    /** The VM's console is the cloud's own page, opened in the browser. */
    static boolean opensInBrowser(Wire.VmView v) { return v.consoleKind() == Wire.ConsoleKind.BROWSER; }

    static boolean isWarning(Wire.DesignProblem p) { return p.severity() == Wire.Severity.WARNING; }

    /**
     * The warnings of a save the designer cannot find itself: the owner's quota, which the server
     * enforces only at deploy. The others (an isolated VM...) the designer's own validation shows.
     */
    static List<Wire.DesignProblem> serverOnlyWarnings(Wire.Saved saved) {
        if (saved.warnings() == null) return List.of();
        return saved.warnings().stream().filter(p -> ProblemCode.QUOTA_EXCEEDED.name().equals(p.code())).toList();
    }

    /** A problem the server found, as the designer marks it; codes this desktop does not know keep their severity. */
    static Problem problem(Wire.DesignProblem p) {
        Severity sev = isWarning(p) ? Severity.WARNING : Severity.ERROR;
        ProblemCode code;
        try {
            code = ProblemCode.valueOf(p.code());
        } catch (IllegalArgumentException | NullPointerException e) {
            code = sev == Severity.ERROR ? ProblemCode.ZONE_CAPACITY : ProblemCode.DISCONNECTED;
        }
        return new Problem(code, sev, p.message(), p.nodeIds() == null ? List.of() : p.nodeIds(), p.linkIds() == null ? List.of() : p.linkIds());
    }

    static PlanView planView(Wire.Preview p) {
        List<PlanView.Line> planned = new ArrayList<>();
        String zone = p.plan().zone() == null ? "" : p.plan().zone();
        for (var v : p.plan().vms()) planned.add(line(v, zone));
        List<String> added = new ArrayList<>(), changed = new ArrayList<>();
        p.diff().addedVms().forEach(v -> added.add(v.vmId()));
        p.diff().changedVms().forEach(v -> changed.add(v.vmId()));
        List<PlanView.Line> removed = new ArrayList<>();
        p.diff().removedVms().forEach(v -> removed.add(line(v, zone)));
        return PlanView.of(planned, added, changed, removed, p.diff().addedNetworks().size(),
                p.diff().removedNetworks().size(), p.diff().changedNetworks().size());
    }

    /** The plan's subnets by link and addresses by VM and link, kept with what {@code before} knew of the VMs' runtime. */
    static CanvasFacts planFacts(Wire.Preview p, CanvasFacts before) {
        Map<String, String> cidrByNetwork = new HashMap<>();
        for (Wire.NetworkPlan n : p.plan().networks()) cidrByNetwork.put(n.networkId(), n.cidr());
        Map<String, String> subnets = new HashMap<>();
        Map<String, Map<String, String>> ips = new HashMap<>();
        for (Wire.VmPlan v : p.plan().vms()) {
            if (v.nics() == null) continue;
            for (Wire.NicPlan nic : v.nics()) {
                if (nic.linkId() == null) continue;
                String cidr = cidrByNetwork.get(nic.networkId());
                if (cidr != null) subnets.put(nic.linkId(), cidr);
                if (nic.ip() != null) ips.computeIfAbsent(v.vmId(), k -> new HashMap<>()).put(nic.linkId(), nic.ip());
            }
        }
        return (before == null ? CanvasFacts.NONE : before).withPlan(subnets, ips);
    }

    /** Each VM's addresses as the platform reports them, in NIC order. */
    static Map<String, List<String>> addresses(List<Wire.VmView> vms) {
        Map<String, List<String>> out = new HashMap<>();
        for (Wire.VmView v : vms) {
            if (v.vmId() == null || v.nics() == null) continue;
            out.put(v.vmId(), v.nics().stream().map(Wire.Nic::ip).filter(ip -> ip != null && !ip.isBlank()).toList());
        }
        return out;
    }

    /** A planned VM goes to a worker (Linux) or, where the cloud places it, to the zone. */
    private static PlanView.Line line(Wire.VmPlan v, String zone) {
        String worker = v.workerId() == null ? "" : v.workerId();
        return new PlanView.Line(Looks.Change.KEEP, v.vmId(), v.name(), worker.isEmpty() ? zone : worker);
    }

    /** The detail as a list row; the detail carries no owner id (0), which the desktop never reads. */
    static Wire.Slice summary(Wire.SliceDetail d) {
        return new Wire.Slice(d.id(), 0, d.owner(), d.name(), d.zone(), d.status(), d.vmCount(), d.vcpus(), d.ramMb(), d.version(), d.createdAt(), d.updatedAt());
    }

    static SliceRow row(Wire.Slice s) { return new SliceRow(s.id(), s.owner(), s.name(), s.zone(), s.vmCount(), s.status().name(), s.updatedAt()); }

    /** The slices as rows, a lab's copy marked with its lab (the server lists the copies among the student's slices). */
    static List<SliceRow> rows(List<Wire.Slice> slices, List<io.olimpus.client.LabWire.StudentLab> labs) {
        Map<Long, SliceRow.LabCopy> bySlice = new HashMap<>();
        for (var l : labs)
            if (l.sliceId() != null) bySlice.put(l.sliceId(), new SliceRow.LabCopy(l.name(), l.course(), l.opensAt(), l.closesAt(), l.state()));
        return slices.stream().map(s -> row(s).withLab(bySlice.get(s.id()))).toList();
    }

    static List<VmLine> lines(List<Wire.VmView> vms) {
        return vms.stream().map(x -> new VmLine(x.vmId(), x.name(), x.worker(), x.state() == null ? null : x.state().name(), x.detail())).toList();
    }

    /** The server's flavors, images and zones, read with {@code c} (blocking). */
    static LocalCatalog catalog(OlimpusClient c) {
        List<LocalCatalog.Flavor> flavors = c.flavors().stream()
                .map(f -> new LocalCatalog.Flavor(f.name(), new Resources(f.vcpus(), f.ramMb(), f.diskGb()))).toList();
        List<String> images = c.images().stream().map(Wire.Image::name).toList();
        List<String> zones = c.zones().stream().map(Wire.Zone::name).toList();
        return new LocalCatalog(flavors, images, zones).fromServer(c.address(), aliases(c));
    }

    /** The server's aliases as the model reads them; none when this server cannot tell (an older one). */
    static CatalogAliases aliases(OlimpusClient c) {
        Map<String, String> zones = new HashMap<>(), images = new HashMap<>(), flavors = new HashMap<>();
        try {
            for (Wire.CatalogAlias a : c.aliases()) {
                var to = switch (a.kind()) { case "zone" -> zones; case "image" -> images; case "flavor" -> flavors; default -> null; };
                if (to != null) to.put(CatalogAliases.key(a.alias()), a.name());
            }
        } catch (ClientException e) {
            return CatalogAliases.NONE;
        }
        return new CatalogAliases(zones, images, flavors);
    }
}
