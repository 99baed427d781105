package io.olimpus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.olimpus.client.OlimpusClient;
import io.olimpus.client.testing.LinuxBedZone;
import io.olimpus.client.testing.RealServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A student's whole path through the command line alone, against a real headnode (in this JVM)
 * deploying on the Linux test bed: log in, create a ring from the shape, plan, deploy with
 * --wait, list the VMs (running, each on a worker), undeploy, delete; nothing of the slice is
 * left on the bed. Only the bed's registration (an admin's one-time setup, as `./olimpus run`
 * does it) goes around the command line. Whatever a failed step left deployed is undeployed
 * through the API before the bed goes down.
 */
@Tag("e2e")
class CliLinuxE2ETest {
    static final String STUDENT = "cli-student";
    static final String PASSWORD = "cli-student-pass-1";
    static final String SLICE = "cli-ring";
    static LinuxBedZone bed;
    static RealServer server;
    static long slice = -1;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void up() throws Exception {
        bed = LinuxBedZone.up();
        server = RealServer.start();
        bed.register(server.baseUrl(), server.dataDir(), RealServer.ADMIN_PASSWORD);
    }

    @AfterAll
    static void down() throws Exception {
        try {
            if (slice > 0) undeployLeftovers();
        } finally {
            try {
                if (server != null) server.close();
            } finally {
                if (bed != null) bed.close();
            }
        }
    }

    private static void undeployLeftovers() throws Exception {
        try (OlimpusClient admin = OlimpusClient.connect(server.baseUrl())) {
            admin.login(RealServer.ADMIN, RealServer.ADMIN_PASSWORD);
            long deadline = System.currentTimeMillis() + 300_000;
            while (System.currentTimeMillis() < deadline) {
                String status;
                try {
                    status = admin.slice(slice).status().name();
                } catch (RuntimeException gone) {
                    return;  // deleted: nothing left to undeploy
                }
                if (status.equals("DRAFT")) return;
                if (status.equals("RUNNING") || status.equals("FAILED")) {
                    try { admin.undeploy(slice); } catch (RuntimeException busy) { /* a job still runs: wait for it */ }
                }
                Thread.sleep(1000);
            }
        }
    }

    @Test
    void aStudentDeploysARingOnTheBedThroughTheCommandLineAlone() throws Exception {
        CliTest.User admin = new CliTest.User(tmp.resolve("admin")).loginAs(server.baseUrl(), RealServer.ADMIN, RealServer.ADMIN_PASSWORD);
        CliTest.Result created = admin.runIn(PASSWORD + "\n", "user", "create", STUDENT, "--password-stdin");
        assertThat(created.code()).as(created.err()).isZero();

        CliTest.User ana = new CliTest.User(tmp.resolve("ana")).loginAs(server.baseUrl(), STUDENT, PASSWORD);

        CliTest.Result create = ana.run("slice", "create", SLICE, "--shape", "ring", "--size", "3", "--flavor", LinuxBedZone.FLAVOR,
                "--image", LinuxBedZone.IMAGE, "--zone", LinuxBedZone.ZONE, "-o", "json");
        assertThat(create.code()).as(create.err()).isZero();
        slice = create.json().path("slice").path("id").asLong();
        assertThat(slice).isPositive();

        // The plan: three VMs created, each placed on one of the bed's workers.
        CliTest.Result plan = ana.run("slice", "plan", SLICE);
        assertThat(plan.code()).as(plan.err()).isZero();
        List<String> vmRows = plan.out().lines().filter(l -> l.matches("create\\s+vm\\s.*")).toList();
        assertThat(vmRows).as(plan.out()).hasSize(3).allMatch(l -> l.matches(".*\\sworker[123]\\s.*"));

        // Deploy and follow it: every VM's state as it changes, then the outcome and the VMs.
        long started = System.nanoTime();
        CliTest.Result deploy = ana.run("slice", "deploy", SLICE, "--wait", "--timeout", "20m");
        System.out.printf("cli e2e: ring of 3 deployed in %.1f s%n", (System.nanoTime() - started) / 1e9);
        assertThat(deploy.code()).as(deploy.out() + deploy.err()).isZero();
        assertThat(deploy.out()).contains("deploy of " + SLICE + ": SUCCEEDED", "vm1", "vm2", "vm3");
        assertThat(deploy.out().lines().filter(l -> l.matches("\\s+vm[123]\\s+RUNNING\\b.*")).count())
                .as("a line per VM turning running, while following").isGreaterThanOrEqualTo(3);

        // The VMs: running, each on a worker, with an address.
        CliTest.Result list = ana.run("slice", "list");
        assertThat(list.out()).as(list.err()).containsPattern(SLICE + "\\s+" + STUDENT + "\\s+" + LinuxBedZone.ZONE + "\\s+RUNNING\\s+3\\b");
        CliTest.Result show = ana.run("slice", "show", SLICE, "-o", "json");
        assertThat(show.code()).as(show.err()).isZero();
        List<String> vms = new ArrayList<>();
        for (JsonNode vm : show.json().path("vms")) {
            vms.add(vm.path("name").asText());
            assertThat(vm.path("state").asText()).as(vm.toString()).isEqualTo("RUNNING");
            assertThat(vm.path("worker").asText()).as(vm.toString()).matches("worker[123]");
        }
        assertThat(vms).containsExactlyInAnyOrder("vm1", "vm2", "vm3");
        assertThat(bed.processes()).contains("-name s" + slice + "--");

        // Undeploy: the slice is a design again; then delete it.
        CliTest.Result undeploy = ana.run("slice", "undeploy", SLICE, "--wait", "--timeout", "20m");
        assertThat(undeploy.code()).as(undeploy.out() + undeploy.err()).isZero();
        assertThat(undeploy.out()).contains("undeploy of " + SLICE + ": SUCCEEDED");
        assertThat(ana.run("slice", "show", SLICE).out()).contains(": DRAFT,", "not deployed");
        CliTest.Result delete = ana.run("slice", "delete", SLICE);
        assertThat(delete.code()).as(delete.err()).isZero();
        assertThat(ana.run("slice", "show", SLICE).code()).isEqualTo(Cli.NOT_FOUND);
        assertThat(ana.run("slice", "list", "-o", "json").json()).isEmpty();

        // Nothing of the slice left on the bed.
        assertThat(bed.processes()).doesNotContain("-name s" + slice + "--");
    }
}
