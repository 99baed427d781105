package io.olimpus.server.labs;

import com.fasterxml.jackson.databind.JsonNode;
import io.olimpus.server.engine.placement.ClassForecast;
import io.olimpus.server.engine.placement.Shortfall;
import io.olimpus.server.http.Access;
import io.olimpus.server.http.Api;
import io.olimpus.server.http.ApiException;
import io.olimpus.server.http.Http;
import io.olimpus.server.http.Json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * /courses/{id}/labs and /labs/{id}/...: an instructor's (or an admin's) labs, their forecast,
 * opening, closing, resets and the live board (polled, or streamed as server-sent events);
 * GET /labs: the labs a student has a copy of.
 */
public final class LabRoutes {
    /** A quiet board stream gets a comment this often, so proxies do not close it. */
    private static final long KEEP_ALIVE_MS = 15_000;

    private LabRoutes() {}

    public static void register(Api api, LabService labs) {
        api.post("/courses/{id}/labs", Access.INSTRUCTOR, (ctx, caller) -> {
            Lab l = labs.create(caller, Http.idParam(ctx, "id"), newLab(Json.readTree(ctx)));
            ctx.header("Location", Api.PREFIX + "/labs/" + l.id());
            Http.json(ctx, 201, wire(l));
        });
        api.get("/courses/{id}/labs", Access.INSTRUCTOR, (ctx, caller) ->
                Http.json(ctx, labs.list(caller, Http.idParam(ctx, "id")).stream().map(LabRoutes::wire).toList()));
        api.get("/labs", Access.USER, (ctx, caller) -> Http.json(ctx, labs.labsOf(caller).stream().map(s -> {
            Map<String, Object> m = wire(s.lab());
            m.put("course", s.course());
            m.put("sliceId", s.sliceId());
            m.put("sliceStatus", s.sliceStatus().name());
            return m;
        }).toList()));
        api.get("/labs/{id}", Access.INSTRUCTOR, (ctx, caller) -> {
            long id = Http.idParam(ctx, "id");
            Map<String, Object> m = wire(labs.lab(caller, id));
            m.put("template", new io.olimpus.wire.Wire.RawJson(labs.template(caller, id)));
            Http.json(ctx, m);
        });
        api.delete("/labs/{id}", Access.INSTRUCTOR, (ctx, caller) -> {
            labs.delete(caller, Http.idParam(ctx, "id"));
            ctx.status(204);
        });
        api.get("/labs/{id}/forecast", Access.INSTRUCTOR, (ctx, caller) -> {
            String n = ctx.queryParam("students");
            Integer students = n == null ? null : Http.intParam(ctx, "students", 0, 0, 10_000);
            Http.json(ctx, wire(labs.forecast(caller, Http.idParam(ctx, "id"), students)));
        });
        boardAction(api, labs, "assign", labs::assign);
        boardAction(api, labs, "open", labs::open);
        boardAction(api, labs, "close", labs::close);
        api.post("/labs/{id}/reset", Access.INSTRUCTOR, (ctx, caller) -> {
            long id = Http.idParam(ctx, "id");
            String raw = new String(Http.body(ctx), java.nio.charset.StandardCharsets.UTF_8);
            JsonNode body;
            try {
                body = raw.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(raw);
            } catch (java.io.IOException e) {
                throw ApiException.badField("body", "is not JSON: send {\"student\": \"<username>\"}, or no body to reset every copy");
            }
            JsonNode st = body.path("student");
            if (!st.isMissingNode() && !st.isNull() && !st.isTextual())
                throw ApiException.badField("student", "must be a student's username, or left out to reset every copy");
            labs.reset(caller, id, st.isTextual() ? st.asText() : null);
            Http.json(ctx, 202, board(id, labs.board(caller, id)));
        });
        boardAction(api, labs, "retry", labs::retry);
        api.get("/labs/{id}/board", Access.INSTRUCTOR, (ctx, caller) -> {
            long id = Http.idParam(ctx, "id");
            Http.json(ctx, board(id, labs.board(caller, id)));
        });
        api.sse("/labs/{id}/board/events", Access.INSTRUCTOR, (ctx, caller) -> {
            long id = Http.idParam(ctx, "id");
            ClassBoard b = labs.board(caller, id);
            return client -> stream(client, id, b);
        });
    }

    /**
     * assign, open, close and retry: start the work, answer 202 with the board as it starts (a
     * copy still being made shows as CREATING); follow it on GET .../board or .../board/events.
     */
    private static void boardAction(Api api, LabService labs, String action, java.util.function.BiConsumer<io.olimpus.server.auth.Principal, Long> start) {
        api.post("/labs/{id}/" + action, Access.INSTRUCTOR, (ctx, caller) -> {
            long id = Http.idParam(ctx, "id");
            start.accept(caller, id);
            Http.json(ctx, 202, board(id, labs.board(caller, id)));
        });
    }

    /**
     * The whole board as a "board" event now and after every change (a burst of changes is sent as
     * one; a 200-student board is a few kilobytes), until nothing is queued, deploying or
     * undeploying (nor being created), or the client goes away: like a job's stream, it ends when the work ends, and a
     * client opens it again after its next open, close, reset or retry.
     */
    private static void stream(io.javalin.http.sse.SseClient client, long labId, ClassBoard board) {
        long sent = -1, lastWrite = System.currentTimeMillis();
        while (!client.terminated()) {
            ClassBoard.Snapshot s = board.snapshot();
            if (s.version() != sent) {
                client.sendEvent("board", new String(Json.write(board(labId, s)), java.nio.charset.StandardCharsets.UTF_8), Long.toString(s.version()));
                sent = s.version();
                lastWrite = System.currentTimeMillis();
            }
            if (!s.busy()) return;
            try {
                board.awaitChange(sent, 1000);
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

    private static Map<String, Object> board(long labId, ClassBoard b) { return board(labId, b.snapshot()); }

    static Map<String, Object> board(long labId, ClassBoard.Snapshot s) {
        Map<String, Object> counts = new LinkedHashMap<>();
        for (ClassBoard.State st : ClassBoard.State.values()) counts.put(st.name(), s.count(st));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("labId", labId);
        m.put("version", s.version());
        m.put("counts", counts);
        m.put("rows", s.rows().stream().map(r -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("sliceId", r.sliceId());
            row.put("student", r.student());
            row.put("state", r.state().name());
            row.put("reason", r.reason());
            row.put("jobId", r.jobId());
            row.put("at", r.at());
            return row;
        }).toList());
        return m;
    }

    static Map<String, Object> wire(Lab l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", l.id());
        m.put("courseId", l.courseId());
        m.put("name", l.name());
        m.put("state", l.state().name());
        m.put("opensAt", l.opensAt());
        m.put("closesAt", l.closesAt());
        m.put("deployAtOpen", l.options().deployAtOpen());
        m.put("undeployAtClose", l.options().undeployAtClose());
        m.put("idleMinutes", l.options().idleMinutes());
        m.put("studentsMayEdit", l.options().studentsMayEdit());
        m.put("createdAt", l.createdAt());
        return m;
    }

    static Map<String, Object> wire(ClassForecast f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zone", f.zone());
        m.put("students", f.students());
        m.put("vmsPerStudent", f.vmsPerStudent());
        m.put("totalVms", f.totalVms());
        m.put("perStudent", resources(f.perStudent()));
        m.put("total", resources(f.total()));
        m.put("overcommit", Map.of("cpu", f.overcommit().cpu(), "ram", f.overcommit().ram(), "disk", f.overcommit().disk()));
        m.put("strategy", f.strategy().name());
        m.put("fits", f.fits());
        m.put("studentsThatFit", f.studentsThatFit());
        m.put("shortBy", f.shortBy().stream().map(LabRoutes::shortfall).toList());
        m.put("fullWorkers", f.fullWorkers());
        m.put("workers", f.workers().stream().map(w -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", w.name());
            x.put("up", w.up());
            x.put("limit", resources(w.limit()));
            x.put("usedBefore", resources(w.usedBefore()));
            x.put("usedAfter", resources(w.usedAfter()));
            return x;
        }).toList());
        m.put("message", f.message());
        return m;
    }

    private static Map<String, Object> shortfall(Shortfall s) {
        return Map.of("resource", s.resource(), "unit", s.unit(), "missing", s.missing());
    }

    private static Map<String, Object> resources(io.olimpus.model.topology.Resources r) {
        return Map.of("vcpus", r.vcpus(), "ramMb", r.ramMb(), "diskGb", r.diskGb());
    }

    private static LabService.NewLab newLab(JsonNode b) {
        if (!b.isObject()) throw ApiException.badField("body", "expected a JSON object: name, template, opensAt, closesAt and the options");
        for (var it = b.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("name", "template", "opensAt", "closesAt", "deployAtOpen", "undeployAtClose", "idleMinutes", "studentsMayEdit").contains(f))
                throw ApiException.badField(f, "unknown field; a lab has name, template, opensAt, closesAt, deployAtOpen, undeployAtClose, idleMinutes, studentsMayEdit");
        }
        JsonNode name = b.path("name");
        if (!name.isMissingNode() && !name.isNull() && !name.isTextual()) throw ApiException.badField("name", "must be a string like net1");
        return new LabService.NewLab(name.isTextual() ? name.asText() : null, b.get("template"), millis(b, "opensAt"), millis(b, "closesAt"),
                bool(b, "deployAtOpen"), bool(b, "undeployAtClose"), integer(b, "idleMinutes"), bool(b, "studentsMayEdit"));
    }

    private static Long millis(JsonNode b, String f) {
        JsonNode v = b.path(f);
        if (v.isMissingNode() || v.isNull()) return null;
        if (!v.isIntegralNumber() || v.asLong() < 0) throw ApiException.badField(f, "must be a time in epoch milliseconds (like 1767225600000), or null");
        return v.asLong();
    }

    private static Boolean bool(JsonNode b, String f) {
        JsonNode v = b.path(f);
        if (v.isMissingNode() || v.isNull()) return null;
        if (!v.isBoolean()) throw ApiException.badField(f, "must be true or false");
        return v.asBoolean();
    }

    private static Integer integer(JsonNode b, String f) {
        JsonNode v = b.path(f);
        if (v.isMissingNode() || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw ApiException.badField(f, "must be a whole number of minutes, or null");
        return v.asInt();
    }
}
