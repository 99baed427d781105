package io.olimpus.server.deploy;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.olimpus.server.engine.driver.PowerAction;
import io.olimpus.server.http.Access;
import io.olimpus.server.http.Api;
import io.olimpus.server.http.ApiException;
import io.olimpus.server.http.Http;
import io.olimpus.server.http.Json;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Deploy, undeploy, their jobs and progress (polled or streamed as server-sent events), and running VMs. */
public final class DeploymentRoutes {
    /** A job with the events after the one the client last saw. */
    public record JobView(DeployJob job, List<EventView> events) {}

    public record EventView(int seq, long at, @JsonRawValue String event) {}

    public record PowerRequest(String action) {}

    private DeploymentRoutes() {}

    public static void register(Api api, DeploymentService deployments) {
        api.get("/slices/{id}/plan", Access.USER, (ctx, caller) -> {
            var p = deployments.preview(caller, Http.idParam(ctx, "id"));
            if (p.plan() == null) {
                var problems = p.problems().stream().map(io.olimpus.server.slices.SliceService::problemJson).toList();
                throw new ApiException(422, "does-not-fit", p.problems().get(0).message(), "topology", p.problems().get(0).message(), Map.of("problems", problems));
            }
            Http.json(ctx, p);
        });
        api.post("/slices/{id}/deploy", Access.USER, (ctx, caller) -> accepted(ctx, deployments.deploy(caller, Http.idParam(ctx, "id"))));
        api.post("/slices/{id}/undeploy", Access.USER, (ctx, caller) -> accepted(ctx, deployments.undeploy(caller, Http.idParam(ctx, "id"))));
        api.get("/slices/{id}/job", Access.USER, (ctx, caller) -> Http.json(ctx, deployments.latestJob(caller, Http.idParam(ctx, "id"))));
        api.get("/slices/{id}/vms", Access.USER, (ctx, caller) -> Http.json(ctx, deployments.vms(caller, Http.idParam(ctx, "id"))));
        api.post("/slices/{id}/vms/{vm}/power", Access.USER, (ctx, caller) -> {
            PowerRequest r = Json.read(ctx, PowerRequest.class);
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
        api.get("/slices/{id}/vms/{vm}/console-url", Access.USER, (ctx, caller) ->
                Http.json(ctx, Map.of("url", deployments.consoleUrl(caller, Http.idParam(ctx, "id"), ctx.pathParam("vm")))));
        api.get("/jobs/{id}", Access.USER, (ctx, caller) -> {
            long id = Http.idParam(ctx, "id");
            DeployJob job = deployments.job(caller, id);
            int after = Http.intParam(ctx, "after", 0, 0, Integer.MAX_VALUE);
            Http.json(ctx, new JobView(job, deployments.events(id, after).stream().map(e -> new EventView(e.seq(), e.at(), e.json())).toList()));
        });
        api.get("/jobs/{id}/events", Access.USER, (ctx, caller) -> stream(ctx, deployments, deployments.job(caller, Http.idParam(ctx, "id")).id()));
    }

    private static void accepted(io.javalin.http.Context ctx, DeployJob job) {
        ctx.header("Location", Api.PREFIX + "/jobs/" + job.id());
        Http.json(ctx, 202, job);
    }

    /**
     * Server-sent events: every event of the job from {@code Last-Event-ID} (or the start) on, then
     * the new ones as they happen, closing after the job finished. A comment every 15 s keeps
     * proxies from closing a quiet stream.
     */
    private static void stream(io.javalin.http.Context ctx, DeploymentService deployments, long jobId) throws Exception {
        int after = 0;
        String last = ctx.header("Last-Event-ID");
        if (last != null && last.matches("\\d{1,9}")) after = Integer.parseInt(last);
        ctx.status(200).contentType("text/event-stream");
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Accel-Buffering", "no");
        OutputStream out = ctx.res().getOutputStream();
        long lastWrite = System.currentTimeMillis();
        while (true) {
            boolean done = isFinished(deployments, jobId);
            for (var e : deployments.events(jobId, after)) {
                out.write(("id: " + e.seq() + "\nevent: " + eventType(e.json()) + "\ndata: " + e.json() + "\n\n").getBytes(StandardCharsets.UTF_8));
                after = e.seq();
                lastWrite = System.currentTimeMillis();
            }
            out.flush();
            if (done) return;
            deployments.awaitEvents(jobId, after, 500);
            if (System.currentTimeMillis() - lastWrite > 15_000) {
                out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                lastWrite = System.currentTimeMillis();
            }
        }
    }

    private static boolean isFinished(DeploymentService deployments, long jobId) {
        return deployments.jobState(jobId) != DeployJob.State.RUNNING;
    }

    private static String eventType(String json) {
        int i = json.indexOf("\"type\":\"");
        if (i < 0) return "message";
        int j = json.indexOf('"', i + 8);
        return json.substring(i + 8, j);
    }
}
