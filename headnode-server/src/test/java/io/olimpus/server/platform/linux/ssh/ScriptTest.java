package io.olimpus.server.platform.linux.ssh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Script's vocabulary, rendered and run by this machine's sh: values stay values, whatever they hold. */
class ScriptTest {
    private static final String HOSTILE = "it's $(touch pwned) `touch pwned` \"; touch pwned; ' * ~";

    @TempDir
    Path dir;

    private CommandResult sh(Script script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", script.render()).directory(dir.toFile()).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new CommandResult(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void eitherRunsOneBranchByTheHostsOwnTestAndKeepsSetEInIt() throws Exception {
        Script yes = Script.create().either("true", Script.create().run("echo", "then"), Script.create().run("echo", "else"));
        assertThat(sh(yes).stdout()).isEqualTo("then\n");
        Script no = Script.create().either("false", Script.create().run("echo", "then"), Script.create()).run("echo", "after");
        assertThat(sh(no).stdout()).isEqualTo("after\n");
        CommandResult failed = sh(Script.create().either("true", Script.create().run("false").run("echo", "not reached"), Script.create()).run("echo", "nor this"));
        assertThat(failed.exitCode()).isNotZero();
        assertThat(failed.stdout()).isEmpty();
    }

    @Test
    void aHostReachedAsAnotherUserThanRootRunsEveryScriptThroughSudoWithoutAPrompt() throws Exception {
        Script s = Script.create().run("ip", "link", "add", "it's");
        String asRoot = s.commandFor(new SshEndpoint("worker1", "198.18.0.11", 22, "root"));
        String asUser = s.commandFor(new SshEndpoint("worker1", "198.18.0.11", 22, "olimpus"));
        assertThat(asRoot).isEqualTo(s.asShCommand()).startsWith("sh -c '");
        assertThat(asUser).isEqualTo("sudo -n " + s.asShCommand());
        assertThat(new SshEndpoint("w", "198.18.0.11", 22, "root").sudo()).isFalse();
        assertThat(new SshEndpoint("w", "198.18.0.11", 22, "ubuntu").sudo()).isTrue();
        // The line runs as one sh -c under sudo: the value stays one argument.
        Process p = new ProcessBuilder("sh", "-c", Script.create().run("printf", "%s", HOSTILE).commandFor(new SshEndpoint("w", "198.18.0.11", 22, "root", true)))
                .directory(dir.toFile()).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0 && (err.contains("sudo: command not found") || err.contains("password is required")))
            org.junit.jupiter.api.Assumptions.abort("SKIPPED: no passwordless sudo on this machine: " + err);
        assertThat(out).isEqualTo(HOSTILE);
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void aFixedSnippetReadsItsValuesFromVariablesAndNeverRunsThem() throws Exception {
        CommandResult r = sh(Script.create().fixed("printf '%s|%s' \"$a\" \"$b\"", Script.var("a", HOSTILE), Script.var("b", "")));
        assertThat(r.stdout()).isEqualTo(HOSTILE + "|");
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void aFixedSnippetMustReadEveryValueItIsGivenAndNamesAreLowerCaseWords() {
        assertThatThrownBy(() -> Script.create().fixed("echo hi", Script.var("a", "x"))).isInstanceOf(IllegalArgumentException.class);
        for (String name : new String[]{"PATH", "IFS", "a b", "a;b", "1a", ""})
            assertThatThrownBy(() -> Script.var(name, "x")).as(name).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Script.var("a", "two\nlines")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Script.var("a", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unlessWithAPipeRunsTheActionOnlyWhenTheListingLacksTheLine() throws Exception {
        Path list = Files.writeString(dir.resolve("list"), "a 1\nb 2\n");
        Script s = Script.create()
                .unless(Command.of("cat", list.toString()).pipe("grep", "-q", "^b 2$"), Command.of("touch", "added-b"))
                .unless(Command.of("cat", list.toString()).pipe("grep", "-q", "^" + HOSTILE), Command.of("touch", HOSTILE));
        assertThat(s.render()).contains("cat " + list + " | grep -q '^b 2$' >/dev/null 2>&1 || touch added-b\n");
        assertThat(sh(s).exitCode()).isZero();
        assertThat(dir.resolve("added-b")).doesNotExist();
        assertThat(dir.resolve(HOSTILE)).exists();
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void whileSucceedsRepeatsUntilTheTestFails() throws Exception {
        Files.createFile(dir.resolve("1"));
        Files.createFile(dir.resolve("2"));
        // Removes one numbered file per round, as iptables -D removes one copy of a rule.
        CommandResult r = sh(Script.create().whileSucceeds(new String[]{"sh", "-c", "ls | grep -q '^[0-9]$'"},
                "sh", "-c", "rm \"$(ls | grep '^[0-9]$' | head -n 1)\"").run("ls"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void aLockIsHeldToTheScriptsEndButNotByTheDaemonItStarts() throws Exception {
        String lock = dir.resolve("x.lock").toString();
        Script s = Script.create().lock(lock)
                // The daemon: holds nothing of the script's, so the lock is free once the script ends.
                .daemon("sh", "-c", "sleep 5 >/dev/null 2>&1 &")
                .run("flock", "-n", "-E", "7", lock, "true");
        assertThat(s.render()).contains("exec 9>" + lock + " && flock 9\n", "9>&-\n");
        // While the script holds the lock, a second taker is refused...
        assertThat(sh(s).exitCode()).isEqualTo(7);
        // ...and once it has ended, the lock is free although its daemon still runs.
        assertThat(sh(Script.create().run("flock", "-n", "-E", "7", lock, "true")).exitCode()).isZero();
    }

    @Test
    void execReplacesTheScriptWithTheCommand() throws Exception {
        CommandResult r = sh(Script.create().exec("printf", "%s", HOSTILE).run("echo", "not reached"));
        assertThat(r.stdout()).isEqualTo(HOSTILE);
    }

    @Test
    void anEmptyCommandOrANullArgumentIsRefused() {
        assertThatThrownBy(Command::of).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Command.of("ls").pipe()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Command.of("ls", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parallelPartsRunAtOnceAndTheScriptFailsAfterAllEndedWhenOneFailed() throws Exception {
        // Each part waits for the other's file: run one after the other, they could not both finish.
        Script both = Script.create().parallel(java.util.List.of(
                Script.create().run("touch", "a").fixed("for i in $(seq 1 100); do [ -e \"$f\" ] && exit 0; sleep 0.05; done; exit 1", Script.var("f", "b")),
                Script.create().run("touch", "b").fixed("for i in $(seq 1 100); do [ -e \"$f\" ] && exit 0; sleep 0.05; done; exit 1", Script.var("f", "a"))))
                .run("touch", "after");
        assertThat(sh(both).exitCode()).isZero();
        assertThat(dir.resolve("after")).exists();

        Script oneFails = Script.create().parallel(java.util.List.of(Script.create().run("false"), Script.create().run("sleep", "0.3").run("touch", "slow")))
                .run("touch", "never");
        assertThat(sh(oneFails).exitCode()).isNotZero();
        assertThat(dir.resolve("slow")).as("the other part was waited for").exists();
        assertThat(dir.resolve("never")).doesNotExist();
    }
}
