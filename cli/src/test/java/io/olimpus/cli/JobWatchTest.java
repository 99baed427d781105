package io.olimpus.cli;

import io.olimpus.wire.Wire;
import io.olimpus.wire.Wire.DeployEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a job's events are drawn: a bar redrawn in place on a terminal, one line each in a log. */
class JobWatchTest {
    static String draw(boolean terminal, DeployEvent... events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        Env env = new Env(ps, ps, new ByteArrayInputStream(new byte[0]), Map.of(), Path.of("."), Locale.ENGLISH, terminal);
        JobWatch w = new JobWatch(new Cli(env, new Messages(Locale.ENGLISH)));
        for (DeployEvent e : events) w.show(e);
        w.endBar();
        return out.toString(StandardCharsets.UTF_8);
    }

    static final DeployEvent[] DEPLOY = {
            new DeployEvent.Progress(1, 4, "networks"),
            new DeployEvent.VmChanged("n1", "vm1", Wire.VmState.CREATING, "on w1"),
            new DeployEvent.ResourceCreated(new Wire.ResourceRef("vm", "vm1", "w1", "n1", 1)),
            new DeployEvent.Progress(4, 4, "done"),
            new DeployEvent.Finished(Wire.JobOutcome.SUCCEEDED, "ok")};

    @Test
    void aLogGetsOneLinePerEvent() {
        String s = draw(false, DEPLOY);
        assertThat(s.lines()).containsExactly(
                "[#######-----------------------] 1/4 networks",
                "  vm1                  CREATING  on w1",
                "  + vm vm1 @w1",
                "[##############################] 4/4 done");
    }

    @Test
    void aTerminalRedrawsTheBarInPlaceWithVmLinesAboveIt() {
        String s = draw(true, DEPLOY);
        assertThat(s).contains("\r[#######-----------------------] 1/4 networks", "vm1                  CREATING",
                "\r[##############################] 4/4 done").doesNotContain("+ vm vm1");
        assertThat(s).endsWith("\n");
    }

    @Test
    void timeoutsReadAsPeopleWriteThem() {
        assertThat(JobWatch.parseDuration("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(JobWatch.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(JobWatch.parseDuration("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(JobWatch.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(JobWatch.parseDuration("PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> JobWatch.parseDuration("soon")).hasMessageContaining("90s, 10m or 1h");
    }
}
