package io.olimpus.server.platform.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.olimpus.model.shape.Shape;
import io.olimpus.model.shape.ShapeGenerator;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.topology.VmSpec;
import io.olimpus.model.validation.Catalog;
import io.olimpus.server.engine.allocation.Ipv4Block;
import io.olimpus.server.engine.apply.DeployEvent;
import io.olimpus.server.engine.apply.DeploymentRunner;
import io.olimpus.server.engine.apply.JobOutcome;
import io.olimpus.server.engine.apply.MemoryJournal;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.placement.Overcommit;
import io.olimpus.server.engine.placement.PlacementStrategy;
import io.olimpus.server.engine.placement.WorkerCapacity;
import io.olimpus.server.engine.plan.ClusterAllocations;
import io.olimpus.server.engine.plan.DeploymentPlan;
import io.olimpus.server.engine.plan.NetworkPlan;
import io.olimpus.server.engine.plan.NicPlan;
import io.olimpus.server.engine.plan.PlanDiff;
import io.olimpus.server.engine.plan.PlanRequest;
import io.olimpus.server.engine.plan.PlanResult;
import io.olimpus.server.engine.plan.Planner;
import io.olimpus.server.engine.plan.VmPlan;
import io.olimpus.server.engine.plan.ZonePolicy;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wall time to deploy an N-VM ring (default 20) on the OpenStack test bed through the engine and
 * the driver, next to a minimal script issuing the creating calls with full parallelism (each VM
 * starts the moment its two networks exist; no lookups) on the same cloud, and the API calls per
 * VM of each. Not a unit test: run by packaging/bench/openstack-ring.sh, which prints the table
 * recorded in docs/benchmarks.md.
 */
public final class OpenStackRingBenchmark {
    static final ObjectMapper JSON = new ObjectMapper();
    static final MediaType JSON_TYPE = MediaType.get("application/json");
    static final long POLL_MS = 250;

    public static void main(String[] args) throws Exception {
        int vms = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String poll = args.length > 2 ? args[2] : "list";   // how the script follows servers: one listing per interval, or a GET per server
        OpenStackTestBed bed = OpenStackTestBed.up();
        ExecutorService pool = Executors.newFixedThreadPool(64);
        OpenStackDriver driver = new OpenStackDriver(bed.zone().withBootTimeout(Duration.ofSeconds(600)), OpenStackTestBed.catalog());
        DeploymentRunner runner = new DeploymentRunner(pool, Duration.ofSeconds(600), Duration.ofMillis(POLL_MS));
        try {
            driver.verify();
            // Warm-up, not measured: the flavor and image exist afterwards, and the JVM has loaded everything.
            DeploymentPlan warm = plan(bed, "bench-warm", 3);
            deployWithDriver(runner, driver, warm, "bench-warm");
            String flavorId = null, imageId = null;
            var admin = bed.admin();
            flavorId = admin.compute().flavors().list().stream().filter(f -> f.getName().equals(OpenStackTestBed.FLAVOR)).findFirst().orElseThrow().getId();
            imageId = admin.imagesV2().list(Map.of("name", OpenStackTestBed.IMAGE)).get(0).getId();

            List<long[]> olimpus = new ArrayList<>(), script = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                // Whatever an interrupted earlier run left of these slices goes first (found by name, like any undeploy).
                for (String leftover : List.of("bench-olx-" + round, "bench-min-" + round)) {
                    DeploymentPlan none = new DeploymentPlan(leftover, "bed", List.of(), List.of());
                    undeploy(runner, driver, new SliceContext(leftover, leftover, none), new MemoryJournal());
                }
                DeploymentPlan p1 = plan(bed, "bench-olx-" + round, vms);
                driver.resetApiCalls();
                long t0 = System.nanoTime();
                MemoryJournal j = new MemoryJournal();
                SliceContext ctx = new SliceContext("bench-olx-" + round, p1.sliceName(), p1);
                List<DeployEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
                JobOutcome out = runner.apply(ctx, null, PlanDiff.between(null, p1), driver, j, e -> {
                    events.add(e);
                    if (e instanceof DeployEvent.ResourceCreated rc && rc.ref().kind().equals(OpenStackDriver.PROJECT)) roomFor(bed, rc.ref().name(), vms);
                });
                long ms = (System.nanoTime() - t0) / 1_000_000;
                long calls = driver.totalApiCalls();
                if (out != JobOutcome.SUCCEEDED) throw new IllegalStateException("Olimpus deploy " + out + ": " + events.get(events.size() - 1));
                olimpus.add(new long[]{ms, calls});
                System.out.printf("round %d olimpus: %d ms, %d calls %s%n", round, ms, calls, driver.apiCalls());
                undeploy(runner, driver, ctx, j);

                DeploymentPlan p2 = plan(bed, "bench-min-" + round, vms);
                MinimalScript s = new MinimalScript(bed, pool, flavorId, imageId);
                s.listPolling = !"get".equals(poll);
                s.adminToken();   // like the driver, the script holds its service token before the clock starts
                long u0 = System.nanoTime();
                String projectId = s.deploy("olimpus-bench-min-" + round, p2);
                long ums = (System.nanoTime() - u0) / 1_000_000;
                script.add(new long[]{ums, s.calls.get()});
                System.out.printf("round %d script (" + poll + " polling):  %d ms, %d calls (project %s)%n", round, ums, s.calls.get(), projectId);
                SliceContext ctx2 = new SliceContext("bench-min-" + round, p2.sliceName(), p2);
                undeploy(runner, driver, ctx2, new MemoryJournal());
            }
            long oMed = median(olimpus, 0), sMed = median(script, 0);
            System.out.printf("%n| VMs | Olimpus wall (median of %d) | minimal parallel script | ratio | API calls/VM Olimpus | API calls/VM script |%n", rounds);
            System.out.printf("|---|---|---|---|---|---|%n");
            System.out.printf("| %d | %.2f s | %.2f s | %.2f× | %.1f | %.1f |%n", vms, oMed / 1000.0, sMed / 1000.0, (double) oMed / sMed,
                    median(olimpus, 1) / (double) vms, median(script, 1) / (double) vms);
            for (int i = 0; i < rounds; i++)
                System.out.printf("round %d: Olimpus %d ms / %d calls, script %d ms / %d calls%n", i + 1, olimpus.get(i)[0], olimpus.get(i)[1], script.get(i)[0], script.get(i)[1]);
        } finally {
            pool.shutdownNow();
            driver.close();
            bed.down();
        }
    }

    /** Nova's default quota (10 instances, 20 cores) is smaller than the ring: both sides raise it the same way, outside their call counts. */
    static void roomFor(OpenStackTestBed bed, String projectId, int vms) {
        bed.admin().compute().quotaSets().updateForTenant(projectId,
                org.openstack4j.api.Builders.quotaSet().instances(vms + 10).cores(2 * vms + 20).ram(1024 * vms + 51200).build());
    }

    static long median(List<long[]> xs, int field) {
        List<Long> v = new ArrayList<>(xs.stream().map(x -> x[field]).toList());
        v.sort(Long::compare);
        return v.get(v.size() / 2);
    }

    static DeploymentPlan plan(OpenStackTestBed bed, String slice, int vms) {
        Resources tiny = new Resources(1, 64, 1);
        Catalog catalog = new Catalog() {
            public Optional<Resources> flavor(String n) { return n.equals(OpenStackTestBed.FLAVOR) ? Optional.of(tiny) : Optional.empty(); }
            public boolean hasImage(String n) { return n.equals(OpenStackTestBed.IMAGE); }
            public boolean hasZone(String n) { return n.equals("bed"); }
            public Optional<String> smallestFlavorCovering(Resources r) { return Optional.of(OpenStackTestBed.FLAVOR); }
        };
        ZonePolicy policy = new ZonePolicy("bed", PlacementStrategy.SPREAD, Overcommit.DEFAULT, 100, 4000, Ipv4Block.parse("198.18.64.0/18"), 24);
        String az = bed.zone().availabilityZone();
        var r = Planner.plan(new PlanRequest(slice, ShapeGenerator.generate("ring", Shape.ring(vms).withVm(VmSpec.of(OpenStackTestBed.FLAVOR, OpenStackTestBed.IMAGE))),
                catalog, policy, List.of(new WorkerCapacity(az, az, new Resources(1000, 1_000_000, 10_000), Resources.ZERO, true)),
                ClusterAllocations.NONE, null, new Random(7)));
        if (!(r instanceof PlanResult.Planned planned)) throw new IllegalStateException("plan refused: " + r);
        return planned.plan();
    }

    static void deployWithDriver(DeploymentRunner runner, OpenStackDriver driver, DeploymentPlan p, String slice) {
        MemoryJournal j = new MemoryJournal();
        SliceContext ctx = new SliceContext(slice, p.sliceName(), p);
        List<DeployEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        JobOutcome out = runner.apply(ctx, null, PlanDiff.between(null, p), driver, j, events::add);
        if (out != JobOutcome.SUCCEEDED) throw new IllegalStateException("warm-up deploy " + out + ": " + events.get(events.size() - 1));
        undeploy(runner, driver, ctx, j);
    }

    static void undeploy(DeploymentRunner runner, OpenStackDriver driver, SliceContext ctx, MemoryJournal j) {
        JobOutcome out = runner.undeploy(ctx, driver, j, e -> {});
        if (out != JobOutcome.SUCCEEDED) throw new IllegalStateException("undeploy of " + ctx.sliceId() + ": " + out);
    }

    /** The same creating calls over raw REST, each issued the moment what it needs exists. */
    static final class MinimalScript {
        final OpenStackTestBed bed;
        final ExecutorService pool;
        final String flavorId, imageId;
        final AtomicLong calls = new AtomicLong();
        boolean listPolling = true;
        /** Whether a VM counts as up only once its ports are ACTIVE too, as Olimpus's RUNNING does (the class benchmark). */
        boolean portsActive;
        /** How often it looks again; the class benchmark sets the server's own interval (500 ms). */
        long pollMs = POLL_MS;
        // No read timeout, like a plain script (python-requests has none): a cloud that queues the script's
        // calls slows it down instead of failing it; the benchmark bounds the whole run instead.
        final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ZERO).addInterceptor(chain -> { calls.incrementAndGet(); return chain.proceed(chain.request()); })
                .retryOnConnectionFailure(true).build();
        String admin, userId, nova, neutron, keystone;

        MinimalScript(OpenStackTestBed bed, ExecutorService pool, String flavorId, String imageId) {
            this.bed = bed;
            this.pool = pool;
            this.flavorId = flavorId;
            this.imageId = imageId;
            this.keystone = bed.json.get("keystone_url").asText();
        }

        String auth(ObjectNode scope) throws IOException {
            ObjectNode body = JSON.createObjectNode();
            ObjectNode a = body.putObject("auth");
            ObjectNode id = a.putObject("identity");
            id.putArray("methods").add("password");
            ObjectNode u = id.putObject("password").putObject("user");
            u.put("name", bed.json.get("username").asText()).put("password", bed.json.get("password").asText());
            u.putObject("domain").put("name", bed.json.get("domain").asText());
            a.set("scope", scope);
            Request req = new Request.Builder().url(keystone + "/auth/tokens").post(RequestBody.create(body.toString(), JSON_TYPE)).build();
            try (Response r = http.newCall(req).execute()) {
                if (r.code() != 201) throw new IOException("auth " + r.code() + " " + r.body().string());
                JsonNode t = JSON.readTree(r.body().string()).get("token");
                userId = t.get("user").get("id").asText();
                for (JsonNode s : t.get("catalog")) for (JsonNode e : s.get("endpoints"))
                    if (e.get("interface").asText().equals("public")) {
                        if (s.get("type").asText().equals("compute")) nova = e.get("url").asText();
                        if (s.get("type").asText().equals("network")) neutron = e.get("url").asText();
                    }
                return r.header("X-Subject-Token");
            }
        }

        void adminToken() throws IOException {
            ObjectNode scope = JSON.createObjectNode();
            ObjectNode p = scope.putObject("project");
            p.put("name", bed.json.get("project").asText());
            p.putObject("domain").put("name", bed.json.get("domain").asText());
            admin = auth(scope);
        }

        JsonNode send(String token, String method, String url, JsonNode body, int expect) {
            Request.Builder b = new Request.Builder().url(url).header("X-Auth-Token", token);
            if (body != null) b.method(method, RequestBody.create(body.toString(), JSON_TYPE));
            else b.method(method, method.equals("PUT") ? RequestBody.create(new byte[0]) : null);
            try (Response r = http.newCall(b.build()).execute()) {
                String text = r.body() == null ? "" : r.body().string();
                if (r.code() != expect && !(expect == 200 && r.code() == 201) && !(expect == 202 && r.code() == 201))
                    throw new IllegalStateException(method + " " + url + " -> " + r.code() + " " + text);
                return text.isEmpty() ? null : JSON.readTree(text);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Like the driver: one listing of the project's servers per poll interval serves every waiting VM. */
        private long listedAt = Long.MIN_VALUE;
        private Map<String, String> statuses = Map.of();

        synchronized Map<String, String> listedAfter(String tok, long since) {
            if (listedAt <= since) {
                long start = System.nanoTime();
                Map<String, String> m = new HashMap<>();
                for (JsonNode sv : send(tok, "GET", nova + "/servers/detail", null, 200).get("servers")) m.put(sv.get("id").asText(), sv.get("status").asText());
                statuses = m;
                listedAt = start;
            }
            return statuses;
        }

        /** Like the driver's port watch: one listing of the project's ports per poll interval serves every waiting VM. */
        private long portsListedAt = Long.MIN_VALUE;
        private Map<String, Boolean> portsUp = Map.of();

        boolean portsActive(String tok, String net, String serverId) {
            if (!listPolling) {
                JsonNode ports = send(tok, "GET", net + "/ports?device_id=" + serverId, null, 200).get("ports");
                if (ports.isEmpty()) return false;
                for (JsonNode p : ports) if (!p.get("status").asText().equals("ACTIVE")) return false;
                return true;
            }
            synchronized (this) {
                if (portsListedAt <= System.nanoTime() - pollMs * 1_000_000) {
                    long start = System.nanoTime();
                    Map<String, Boolean> m = new HashMap<>();
                    for (JsonNode p : send(tok, "GET", net + "/ports", null, 200).get("ports"))
                        m.merge(p.get("device_id").asText(), p.get("status").asText().equals("ACTIVE"), Boolean::logicalAnd);
                    portsUp = m;
                    portsListedAt = start;
                }
                return portsUp.getOrDefault(serverId, false);
            }
        }

        String deploy(String projectName, DeploymentPlan plan) throws Exception {
            ObjectNode proj = JSON.createObjectNode();
            proj.putObject("project").put("name", projectName).put("domain_id", "default").put("enabled", true);
            String pid = send(admin, "POST", keystone + "/projects", proj, 201).get("project").get("id").asText();
            if (plan.vms().size() > 10) roomFor(bed, pid, plan.vms().size());   // Nova's default quota holds 10
            JsonNode roles = send(admin, "GET", keystone + "/roles?name=member", null, 200);
            String role = roles.get("roles").get(0).get("id").asText();
            send(admin, "PUT", keystone + "/projects/" + pid + "/users/" + userId + "/roles/" + role, null, 204);
            ObjectNode scope = JSON.createObjectNode();
            scope.putObject("project").put("id", pid);
            String tok = auth(scope);
            String net = neutron.replaceAll("/+$", "") + "/v2.0";

            Map<String, CompletableFuture<String[]>> nets = new HashMap<>();
            for (NetworkPlan n : plan.networks())
                nets.put(n.networkId(), CompletableFuture.supplyAsync(() -> {
                    ObjectNode nb = JSON.createObjectNode();
                    nb.putObject("network").put("name", OpenStackNames.network(n.networkId())).put("admin_state_up", true);
                    String nid = send(tok, "POST", net + "/networks", nb, 201).get("network").get("id").asText();
                    Ipv4Block block = Ipv4Block.parse(n.cidr());
                    String last = block.host(block.hostCount());
                    ObjectNode sb = JSON.createObjectNode();
                    ObjectNode s = sb.putObject("subnet");
                    s.put("name", OpenStackNames.network(n.networkId())).put("network_id", nid).put("ip_version", 4).put("cidr", n.cidr())
                            .put("gateway_ip", n.gateway()).put("enable_dhcp", true);
                    s.putArray("allocation_pools").addObject().put("start", last).put("end", last);
                    String sid = send(tok, "POST", net + "/subnets", sb, 201).get("subnet").get("id").asText();
                    return new String[]{nid, sid};
                }, pool));

            List<CompletableFuture<Void>> servers = new ArrayList<>();
            for (VmPlan vm : plan.vms()) {
                CompletableFuture<?>[] needs = vm.nics().stream().map(nic -> nets.get(nic.networkId())).toArray(CompletableFuture[]::new);
                servers.add(CompletableFuture.allOf(needs).thenRunAsync(() -> {
                    ObjectNode pb = JSON.createObjectNode();
                    ArrayNode ports = pb.putArray("ports");
                    for (NicPlan nic : vm.nics()) {
                        String[] ids = nets.get(nic.networkId()).join();
                        ObjectNode p = ports.addObject();
                        p.put("name", OpenStackNames.port(vm.vmId())).put("network_id", ids[0]).put("mac_address", nic.mac());
                        p.putArray("fixed_ips").addObject().put("ip_address", nic.ip()).put("subnet_id", ids[1]);
                    }
                    JsonNode made = send(tok, "POST", net + "/ports", pb, 201).get("ports");
                    ObjectNode sv = JSON.createObjectNode();
                    ObjectNode s = sv.putObject("server");
                    s.put("name", vm.name()).put("flavorRef", flavorId).put("imageRef", imageId).put("availability_zone", bed.zone().availabilityZone());
                    s.putObject("metadata").put(OpenStackNames.VM_META, vm.vmId());
                    ArrayNode nw = s.putArray("networks");
                    for (JsonNode p : made) nw.addObject().put("port", p.get("id").asText());
                    String sid = send(tok, "POST", nova + "/servers", sv, 202).get("server").get("id").asText();
                    long booted = System.nanoTime();
                    while (true) {
                        String st = listPolling ? listedAfter(tok, Math.max(booted, System.nanoTime() - pollMs * 1_000_000)).getOrDefault(sid, "BUILD")
                                : send(tok, "GET", nova + "/servers/" + sid, null, 200).get("server").get("status").asText();
                        if (st.equals("ACTIVE") && (!portsActive || portsActive(tok, net, sid))) return;
                        if (st.equals("ERROR")) throw new IllegalStateException(vm.name() + " ERROR");
                        try { Thread.sleep(pollMs); } catch (InterruptedException e) { throw new IllegalStateException(e); }
                    }
                }, pool));
            }
            CompletableFuture.allOf(servers.toArray(CompletableFuture[]::new)).join();
            return pid;
        }
    }
}
