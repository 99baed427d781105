package io.olimpus.desktop.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.olimpus.desktop.client.OlimpusClient;
import io.olimpus.desktop.client.Wire;
import io.olimpus.desktop.io.LocalCatalog;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.validation.Problem;
import io.olimpus.model.validation.ProblemCode;
import io.olimpus.model.validation.Severity;

import java.util.ArrayList;
import java.util.List;

/**
 * The one place where the session reads the server's words: slice statuses, job kinds, event
 * types, VM states, console kinds, problem severities and the plan's JSON. Typed wire values
 * (status enums, a sealed event type) replace the strings here and nowhere else. How states look
 * (colours, captions) is {@link Looks}.
 */
final class WireTerms {
    private WireTerms() {}

    /** The VM state of what a deploy is about to create or change. */
    static final String QUEUED = "QUEUED";

    /** What a job event does to the job's picture. */
    enum Event { PROGRESS, VM_CHANGED, ROLLING_BACK, FINISHED, OTHER }

    static Event event(Wire.JobEvent e) {
        return switch (e.type()) {
            case "Progress" -> Event.PROGRESS;
            case "VmChanged" -> Event.VM_CHANGED;
            case "RollingBack" -> Event.ROLLING_BACK;
            case "Finished" -> Event.FINISHED;
            default -> Event.OTHER;  // resources created and deleted: the progress step already says what
        };
    }

    /** Something of the slice is deployed: it has VMs to show. */
    static boolean hasVms(Wire.Slice s) {
        return "RUNNING".equals(s.status()) || "FAILED".equals(s.status());
    }

    /** A deploy or undeploy of the slice is under way (or just ended and the status is not settled yet). */
    static boolean jobUnderWay(Wire.Slice s) {
        return "DEPLOYING".equals(s.status()) || "UNDEPLOYING".equals(s.status());
    }

    static boolean isDeploy(Wire.DeployJob job) { return "DEPLOY".equals(job.kind()); }

    /** The slice as it is while {@code job} runs. */
    static Wire.Slice whileRunning(Wire.Slice s, Wire.DeployJob job) {
        return s == null ? null : new Wire.Slice(s.id(), s.owner(), s.name(), s.zone(), isDeploy(job) ? "DEPLOYING" : "UNDEPLOYING",
                s.vmCount(), s.vcpus(), s.ramMb(), s.version(), s.createdAt(), s.updatedAt());
    }

    static boolean succeeded(String outcome) { return "SUCCEEDED".equals(outcome); }

    /** {@code vms} show {@code vm} in the state a power {@code action} (stop, start, reboot) leads to. */
    static boolean reached(List<Wire.VmView> vms, String vm, String action) {
        String target = action.equals("stop") ? "STOPPED" : "RUNNING";
        return vms.stream().anyMatch(x -> x.name().equals(vm) && target.equals(x.state()));
    }

    /** The VM's console is the cloud's own page, opened in the browser. */
    static boolean opensInBrowser(Wire.VmView v) { return "browser".equals(v.consoleKind()); }

    static boolean isWarning(Wire.DesignProblem p) { return "warning".equalsIgnoreCase(p.severity()); }

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
        String zone = p.plan().path("zone").asText("");
        for (JsonNode v : p.plan().path("vms")) planned.add(line(v, zone));
        List<String> added = new ArrayList<>(), changed = new ArrayList<>();
        p.diff().path("addedVms").forEach(v -> added.add(v.path("vmId").asText()));
        p.diff().path("changedVms").forEach(v -> changed.add(v.path("vmId").asText()));
        List<PlanView.Line> removed = new ArrayList<>();
        p.diff().path("removedVms").forEach(v -> removed.add(line(v, zone)));
        return PlanView.of(planned, added, changed, removed, p.diff().path("addedNetworks").size(),
                p.diff().path("removedNetworks").size(), p.diff().path("changedNetworks").size());
    }

    /** A planned VM goes to a worker (Linux) or, where the cloud places it, to the zone. */
    private static PlanView.Line line(JsonNode v, String zone) {
        String worker = v.path("workerId").asText("");
        return new PlanView.Line(Looks.Change.KEEP, v.path("vmId").asText(), v.path("name").asText(), worker.isEmpty() ? zone : worker);
    }

    static Wire.Slice summary(Wire.SliceDetail d) {
        return new Wire.Slice(d.id(), d.owner(), d.name(), d.zone(), d.status(), d.vmCount(), d.vcpus(), d.ramMb(), d.version(), d.createdAt(), d.updatedAt());
    }

    static SliceRow row(Wire.Slice s) { return new SliceRow(s.id(), s.owner(), s.name(), s.zone(), s.vmCount(), s.status(), s.updatedAt()); }

    static List<VmLine> lines(List<Wire.VmView> vms) {
        return vms.stream().map(x -> new VmLine(x.vmId(), x.name(), x.worker(), x.state(), x.detail())).toList();
    }

    /** The server's flavors, images and zones, read with {@code c} (blocking). */
    static LocalCatalog catalog(OlimpusClient c) {
        List<LocalCatalog.Flavor> flavors = c.flavors().stream()
                .map(f -> new LocalCatalog.Flavor(f.name(), new Resources(f.vcpus(), f.ramMb(), f.diskGb()))).toList();
        List<String> images = c.images().stream().map(Wire.Image::name).toList();
        List<String> zones = c.zones().stream().map(Wire.Zone::name).toList();
        return new LocalCatalog(flavors, images, zones);
    }
}
