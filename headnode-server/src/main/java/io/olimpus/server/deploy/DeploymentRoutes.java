package io.olimpus.server.deploy;

import io.javalin.http.sse.SseClient;
import io.olimpus.model.topology.LinkImpairment;
import io.olimpus.server.engine.driver.PowerAction;
import io.olimpus.server.engine.plan.DeploymentPlan;
import io.olimpus.server.engine.plan.NetworkPlan;
import io.olimpus.server.engine.plan.PlanDiff;
import io.olimpus.server.engine.plan.VmPlan;
import io.olimpus.server.http.Access;
import io.olimpus.server.http.Api;
import io.olimpus.server.http.ApiException;
import io.olimpus.server.http.Http;
import io.olimpus.server.http.Json;
import io.olimpus.server.http.ResponseHeaders;
import io.olimpus.server.slices.SliceRoutes;
import io.olimpus.wire.Wire;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Deploy, undeploy, their jobs and progress (polled or streamed as server-sent events), and running VMs. */
public final class DeploymentRoutes {
    /** A quiet stream gets a comment this often, so proxies do not close it. */
    private static final long KEEP_ALIVE_MS = 15_000;

    private DeploymentRoutes() {}

    public static void register(Api api, DeploymentService deployments) {
        api.get("/slices/{id}/plan", Access.USER, (ctx, caller) -> {
            var p = deployments.preview(caller, Http.idParam(ctx, "id"));
            if (p.plan() == null) {
                var problems = SliceRoutes.problems(p.problems());
                throw new ApiException(422, "does-not-fit", p.problems().get(0).message(), "topology", p.problems().get(0).message(), Map.of("problems", problems));
            }
            Http.json(ctx, new Wire.Preview(wire(p.plan()), wire(p.diff()), SliceRoutes.problems(p.problems())));
        });
        api.post("/slices/{id}/deploy", Access.USER, (ctx, caller) -> {
            DeploymentService.Started started = deployments.start(caller, Http.idParam(ctx, "id"));
            ResponseHeaders.noStore(ctx);  // it may carry the VMs' password
            ctx.header("Location", Api.PREFIX + "/jobs/" + started.job().id());
            Http.json(ctx, 202, wire(started.job(), started.vmPassword()));
        });
        api.post("/slices/{id}/undeploy", Access.USER, (ctx, caller) -> accepted(ctx, deployments.undeploy(caller, Http.idParam(ctx, "id"))));
        api.get("/slices/{id}/job", Access.USER, (ctx, caller) -> Http.json(ctx, wire(deployments.latestJob(caller, Http.idParam(ctx, "id")))));
        api.get("/slices/{id}/vms", Access.USER, (ctx, caller) -> {
            long id = Http.idParam(ctx, "id");
            Http.json(ctx, deployments.vms(caller, id).stream().map(v -> wire(id, v)).toList());
        });
        api.post("/slices/{id}/vms/{vm}/power", Access.USER, (ctx, caller) -> {
            Wire.PowerRequest r = Json.read(ctx, Wire.PowerRequest.class);
            PowerAction action;
            try {
                action = PowerAction.valueOf(String.valueOf(r.action()).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badField("action", "must be one of stop, start, reboot");
            }
            deployments.power(caller, Http.idParam(ctx, "id"), ctx.pathParam("vm"), action);
            ctx.status(204);
        });
        api.websocket("/slices/{id}/vms/{vm}/console", Access.USER, new ConsoleSocket(deployments));
        api.websocket("/slices/{id}/vms/{vm}/serial", Access.USER, new ConsoleSocket(
                (c, id, vm) -> { deployments.checkSerialConsole(c, id, vm); return null; }, deployments::serialConsole));
        // SSH to a VM: raw bytes to its port 22, relayed by the zone's platform (owner and admins only).
        api.websocket("/slices/{id}/vms/{vm}/ssh", Access.USER, new ConsoleSocket(deployments::checkSsh, deployments::ssh, "SSH connection", ConsoleSocket.Input.ALL));
        // Read-only views for a student's instructor (or an admin, or the owner): the server passes none of the viewer's input.
        api.websocket("/slices/{id}/vms/{vm}/console-watch", Access.USER, new ConsoleSocket(
                (c, id, vm) -> { deployments.checkConsoleWatch(c, id, vm); return null; }, deployments::consoleWatch, "console", ConsoleSocket.Input.RFB_VIEW_ONLY));
        api.websocket("/slices/{id}/vms/{vm}/serial-watch", Access.USER, new ConsoleSocket(
                (c, id, vm) -> { deployments.checkSerialWatch(c, id, vm); return null; }, deployments::serialWatch, "serial console", ConsoleSocket.Input.NONE));
        api.get("/slices/{id}/vms/{vm}/console-url", Access.USER, (ctx, caller) ->
                Http.json(ctx, new Wire.ConsoleUrl(deployments.consoleUrl(caller, Http.idParam(ctx, "id"), ctx.pathParam("vm")))));
        api.get("/jobs/{id}", Access.USER, (ctx, caller) -> {
            long id = Http.idParam(ctx, "id");
            DeployJob job = deployments.job(caller, id);
            int after = Http.intParam(ctx, "after", 0, 0, Integer.MAX_VALUE);
            Http.json(ctx, new Wire.JobView(wire(job), deployments.events(id, after).stream()
                    .map(e -> new Wire.JobEventRow(e.seq(), e.at(), WireEvents.read(e.json()))).toList()));
        });
        api.get("/jobs/{id}/evidence", Access.USER, (ctx, caller) -> {
            long id = Http.idParam(ctx, "id");
            Http.json(ctx, new Wire.JobEvidence(id, deployments.evidence(caller, id).stream()
                    .map(e -> new Wire.VmEvidence(e.vmId(), e.vmName(), e.console(), e.platformLog(), e.at())).toList()));
        });
        api.sse("/jobs/{id}/events", Access.USER, (ctx, caller) -> {
            long jobId = deployments.job(caller, Http.idParam(ctx, "id")).id();
            String last = ctx.header("Last-Event-ID");
            int after = last != null && last.matches("\\d{1,9}") ? Integer.parseInt(last) : 0;
            return client -> stream(client, deployments, jobId, after);
        });
        CaptureRoutes.register(api, deployments);
    }

    private static void accepted(io.javalin.http.Context ctx, DeployJob job) {
        ctx.header("Location", Api.PREFIX + "/jobs/" + job.id());
        Http.json(ctx, 202, wire(job));
    }

    /**
     * Every event of the job after {@code after} (the client's Last-Event-ID), then the new ones as
     * they happen, ending after the job finished or when the client goes away. Each message's id is
     * the event's seq, its name the event's type, its data the event as stored.
     */
    private static void stream(SseClient client, DeploymentService deployments, long jobId, int after) {
        long lastWrite = System.currentTimeMillis();
        while (!client.terminated()) {
            boolean done = deployments.jobState(jobId) != DeployJob.State.RUNNING;
            for (var e : deployments.events(jobId, after)) {
                client.sendEvent(Wire.DeployEvent.typeName(WireEvents.read(e.json())), e.json(), Integer.toString(e.seq()));
                after = e.seq();
                lastWrite = System.currentTimeMillis();
            }
            if (done) return;
            try {
                deployments.awaitEvents(jobId, after, 500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (System.currentTimeMillis() - lastWrite > KEEP_ALIVE_MS) {
                client.sendComment("keep-alive");
                lastWrite = System.currentTimeMillis();
            }
        }
    }

    static Wire.DeployJob wire(DeployJob j) { return wire(j, null); }

    static Wire.DeployJob wire(DeployJob j, String vmPassword) {
        return new Wire.DeployJob(j.id(), j.sliceId(), Wire.JobKind.valueOf(j.kind().name()), Wire.JobState.valueOf(j.state().name()),
                j.message(), j.requestedBy(), j.startedAt(), j.finishedAt(), vmPassword);
    }

    /**
     * {@code console}: where to open the VM's console on this server: a WebSocket carrying RFB, or
     * (a cloud's console page) the endpoint that answers its URL; {@code serial}: the WebSocket of
     * its serial console, where the zone has one.
     */
    private static Wire.VmView wire(long sliceId, DeploymentService.VmReport r) {
        VmPlan v = r.vm();
        boolean browser = r.consoleInBrowser();
        return new Wire.VmView(v.vmId(), v.name(), v.workerId(), Wire.VmState.valueOf(r.status().state().name()), r.status().detail(),
                v.nics().stream().map(n -> new Wire.Nic(n.networkId(), n.mac(), n.ip())).toList(),
                Api.PREFIX + "/slices/" + sliceId + "/vms/" + v.name() + (browser ? "/console-url" : "/console"),
                browser ? Wire.ConsoleKind.BROWSER : Wire.ConsoleKind.VNC,
                r.serialConsole() ? Api.PREFIX + "/slices/" + sliceId + "/vms/" + v.name() + "/serial" : null);
    }

    private static Wire.Plan wire(DeploymentPlan p) {
        return new Wire.Plan(p.sliceName(), p.zone(), networks(p.networks()), vms(p.vms()),
                p.links().stream().map(l -> link(l.linkId(), l.impairment())).toList());
    }

    private static Wire.PlanDiff wire(PlanDiff d) {
        return new Wire.PlanDiff(networks(d.addedNetworks()), networks(d.removedNetworks()), networks(d.changedNetworks()),
                vms(d.addedVms()), vms(d.removedVms()), vms(d.changedVms()),
                d.changedLinks().stream().map(c -> new Wire.LinkChange(c.linkId(), c.describe(), link(c.linkId(), c.before()), link(c.linkId(), c.after()))).toList());
    }

    private static Wire.LinkPlan link(String linkId, LinkImpairment i) {
        LinkImpairment n = i.normalized();
        return new Wire.LinkPlan(linkId, n.delayMs(), n.jitterMs(), n.lossPercent(), n.rateMbit());
    }

    private static List<Wire.NetworkPlan> networks(List<NetworkPlan> ns) {
        return ns.stream().map(n -> new Wire.NetworkPlan(n.networkId(), n.name(), n.segmentId(), n.cidr(), n.gateway(), n.workerIds())).toList();
    }

    private static List<Wire.VmPlan> vms(List<VmPlan> vs) {
        return vs.stream().map(v -> new Wire.VmPlan(v.vmId(), v.name(), v.workerId(), v.flavor(),
                new Wire.Resources(v.resources().vcpus(), v.resources().ramMb(), v.resources().diskGb()), v.image(), v.internet(),
                v.nics().stream().map(n -> new Wire.NicPlan(n.index(), n.linkId(), n.networkId(), n.mac(), n.ip())).toList())).toList();
    }
}
