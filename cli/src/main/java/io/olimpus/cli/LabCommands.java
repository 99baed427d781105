package io.olimpus.cli;

import io.olimpus.client.ClientException;
import io.olimpus.client.LabWire;
import io.olimpus.client.OlimpusClient;
import io.olimpus.model.file.TopologyDocument;
import io.olimpus.wire.Wire;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** A course's labs (issue 15, docs/labs.md): publish a design to the class, forecast, assign, open, close, reset, the live board. */
@Command(name = "lab", description = "Run a course's labs: publish a design to the class, forecast, open, close, reset, the live board.")
final class LabCommands {
    static final Class<?>[] COMMANDS = {Publish.class, ListLabs.class, Forecast.class, Assign.class, Open.class, Close.class,
            Retry.class, Reset.class, BoardCommand.class, Delete.class};


    @ParentCommand Cli root;

    static Instant when(String text, String option, Messages msg) {
        if (text == null) return null;
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CliFailure(Cli.USAGE, msg.get("labTimeInvalid", option, text));
        }
    }

    static Output.Table labs(List<LabWire.Lab> labs) {
        Output.Table t = new Output.Table("ID", "LAB", "STATE", "OPENS", "CLOSES", "DEPLOY AT OPEN", "UNDEPLOY AT CLOSE", "IDLE MIN", "STUDENTS EDIT");
        for (LabWire.Lab l : labs)
            t.row(l.id(), l.name(), l.state(), time(l.opensAt()), time(l.closesAt()), yes(l.deployAtOpen()), yes(l.undeployAtClose()),
                    l.idleMinutes() == null ? "-" : l.idleMinutes(), yes(l.studentsMayEdit()));
        return t;
    }

    static Output.Table studentLabs(List<LabWire.StudentLab> labs) {
        Output.Table t = new Output.Table("ID", "LAB", "COURSE", "STATE", "OPENS", "CLOSES", "YOUR SLICE", "ITS STATUS");
        for (LabWire.StudentLab l : labs)
            t.row(l.id(), l.name(), l.course(), l.state(), time(l.opensAt()), time(l.closesAt()),
                    l.sliceId() == null ? "-" : l.sliceId(), l.sliceStatus() == null ? "-" : l.sliceStatus());
        return t;
    }

    static Output.Table board(LabWire.Board b) {
        Output.Table t = new Output.Table("STUDENT", "STATE", "SLICE", "JOB", "REASON");
        for (LabWire.BoardRow r : b.rows())
            t.row(r.student(), r.state(), r.sliceId() == null ? "-" : r.sliceId(), r.jobId() == null ? "-" : r.jobId(), r.reason() == null ? "" : r.reason());
        return t;
    }

    /** "RUNNING 5, FAILED 1": the board's non-zero counts, in a stable order. */
    static String counts(LabWire.Board b) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(b.counts()).forEach((state, n) -> { if (n != null && n > 0) parts.add(state + " " + n); });
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    /** No copy is still on its way somewhere (being made, queued, deployed, undeployed): `board --follow` and `open` wait for it. */
    static boolean settled(LabWire.Board b) { return !b.busy(); }

    private static String time(Long epochMs) { return epochMs == null ? "by hand" : Instant.ofEpochMilli(epochMs).toString(); }

    private static String yes(boolean b) { return b ? "yes" : "no"; }

    @Command(name = "publish", description = {"Publish a design file to a course as a lab, with its window and options.",
            "Times are ISO-8601 instants, e.g. 2027-02-01T09:00:00Z; without them the lab opens and closes by hand."})
    static final class Publish implements Callable<Integer> {
        @ParentCommand LabCommands labs;
        @Parameters(index = "0", paramLabel = "COURSE") String course;
        @Parameters(index = "1", paramLabel = "NAME") String name;
        @Option(names = "--file", required = true, description = "The design every student gets a copy of (an Olimpus or course-tool file).") Path file;
        @Option(names = "--opens", description = "When it opens by itself.") String opens;
        @Option(names = "--closes", description = "When it closes by itself.") String closes;
        @Option(names = "--deploy-at-open", arity = "1", paramLabel = "true|false", description = "Deploy every copy when it opens (default: the server's).") Boolean deployAtOpen;
        @Option(names = "--undeploy-at-close", arity = "1", paramLabel = "true|false", description = "Undeploy every copy when it closes (default: the server's).") Boolean undeployAtClose;
        @Option(names = "--idle-minutes", description = "Stop a copy's VMs after this many minutes without its student's activity.") Integer idleMinutes;
        @Option(names = "--students-may-edit", arity = "1", paramLabel = "true|false", description = "Whether students may edit their copy.") Boolean studentsMayEdit;

        @Override
        public Integer call() throws IOException {
            Cli root = labs.root;
            Instant from = when(opens, "--opens", root.msg), to = when(closes, "--closes", root.msg);
            List<String> notices = new ArrayList<>();
            TopologyDocument doc = SliceCommands.readDesign(file, null, notices);
            for (String n : notices) root.env.err().println(root.msg.get("notice", n));
            OlimpusClient c = root.client();
            Wire.Course found = CourseCommands.find(c, course, root.msg);
            LabWire.Lab lab = c.createLab(found.id(), name, doc, from == null ? null : from.toEpochMilli(), to == null ? null : to.toEpochMilli(),
                    deployAtOpen, undeployAtClose, idleMinutes, studentsMayEdit);
            root.out().say(lab, root.msg.get("labPublished", lab.name(), Long.toString(lab.id()), found.name()));
            return Cli.OK;
        }
    }

    @Command(name = "list", description = "List a course's labs; without a course, the labs you have a copy of.")
    static final class ListLabs implements Callable<Integer> {
        @ParentCommand LabCommands labs;
        @Parameters(arity = "0..1", paramLabel = "COURSE") String course;

        @Override
        public Integer call() {
            Cli root = labs.root;
            OlimpusClient c = root.client();
            if (course == null) {
                List<LabWire.StudentLab> mine = c.myLabs();
                root.out().print(mine, studentLabs(mine));
            } else {
                List<LabWire.Lab> all = c.labs(CourseCommands.find(c, course, root.msg).id());
                root.out().print(all, labs(all));
            }
            return Cli.OK;
        }
    }

    @Command(name = "forecast", description = "Say whether the class fits the lab's zone, with the engine's own placement.")
    static final class Forecast implements Callable<Integer> {
        @ParentCommand LabCommands labs;
        @Parameters(paramLabel = "LAB") long lab;
        @Option(names = "--students", description = "Forecast for this many students (default: the course's roster).") Integer students;

        @Override
        public Integer call() {
            LabWire.Forecast f = labs.root.client().forecast(lab, students);
            labs.root.out().say(f, f.message());
            return f.fits() ? Cli.OK : Cli.INVALID;
        }
    }

    @Command(name = "assign", description = {"Give every enrolled student their own copy of the lab (kept when already given).",
            "The copies are made in the background; by default this waits for them, printing the counts as they change."})
    static final class Assign extends BoardAction {
        @Option(names = "--no-wait", description = "Answer at once with the board as it starts; follow it with `lab board LAB --follow`.") boolean noWait;
        @Option(names = "--timeout", defaultValue = "2h", description = "How long to wait at most (90s, 10m, 1h); the lab goes on after. Default: ${DEFAULT-VALUE}.") String timeout;

        @Override
        String timeout() { return timeout; }

        LabWire.Board act(OlimpusClient c) { return c.assign(lab); }

        String sentenceKey() { return noWait ? "labAssignStarted" : "labAssigning"; }

        @Override
        boolean waits() { return !noWait; }
    }

    /**
     * assign, open, close and retry: one call that answers the board as it starts; assign and open
     * then follow the board (the counts on standard error at every change) until nothing is in
     * progress, print it, and fail when a copy failed.
     */
    abstract static class BoardAction implements Callable<Integer> {
        @ParentCommand LabCommands labs;
        @Parameters(paramLabel = "LAB") long lab;

        abstract LabWire.Board act(OlimpusClient c);

        abstract String sentenceKey();

        boolean waits() { return false; }

        /** How long a waiting action waits at most. */
        String timeout() { return "2h"; }

        @Override
        public Integer call() throws InterruptedException {
            Cli root = labs.root;
            OlimpusClient c = root.client();
            LabWire.Board b = act(c);
            if (!waits()) {
                root.out().say(b, root.msg.get(sentenceKey(), Long.toString(lab), counts(b)));
                return Cli.OK;
            }
            root.env.err().println(root.msg.get(sentenceKey(), Long.toString(lab), counts(b)));
            LabWire.Board last = settled(b) ? c.board(lab) : BoardCommand.follow(root, c, lab, b, JobWatch.parseDuration(timeout()), timeout());
            root.out().print(last, board(last));
            return last.counts().getOrDefault("FAILED", 0) > 0 ? Cli.FAILED : Cli.OK;
        }
    }

    @Command(name = "open", description = {"Open the lab now: with deploy-at-open, every copy is made (if missing) and deployed.",
            "By default this waits until every copy runs or failed, printing the counts as they change."})
    static final class Open extends BoardAction {
        @Option(names = "--no-wait", description = "Answer at once with the board as it starts; follow it with `lab board LAB --follow`.") boolean noWait;
        @Option(names = "--timeout", defaultValue = "2h", description = "How long to wait at most (90s, 10m, 1h); the lab goes on after. Default: ${DEFAULT-VALUE}.") String timeout;

        @Override
        String timeout() { return timeout; }

        LabWire.Board act(OlimpusClient c) { return c.openLab(lab); }

        String sentenceKey() { return noWait ? "labOpened" : "labOpening"; }

        @Override
        boolean waits() { return !noWait; }
    }

    @Command(name = "close", description = "Close the lab now: every copy undeployed and kept as a draft.")
    static final class Close extends BoardAction {
        LabWire.Board act(OlimpusClient c) { return c.closeLab(lab); }

        String sentenceKey() { return "labClosed"; }
    }

    @Command(name = "retry", description = "Deploy the failed copies again.")
    static final class Retry extends BoardAction {
        LabWire.Board act(OlimpusClient c) { return c.retryFailed(lab); }

        String sentenceKey() { return "labRetried"; }
    }

    @Command(name = "reset", description = "Reset copies to the template (undeploy, re-create, deploy): one student's, or every copy.")
    static final class Reset implements Callable<Integer> {
        @ParentCommand LabCommands labs;
        @Parameters(paramLabel = "LAB") long lab;
        @Option(names = "--student", description = "Only this student's copy.") String student;
        @Option(names = "--all", description = "Every student's copy (asked for explicitly, since it resets the whole class).") boolean all;

        @Override
        public Integer call() {
            Cli root = labs.root;
            if ((student == null) == !all) throw new CliFailure(Cli.USAGE, root.msg.get("labResetWhom"));
            LabWire.Board b = root.client().resetLab(lab, student);
            root.out().say(b, root.msg.get("labReset", student == null ? root.msg.get("labEveryCopy") : student, Long.toString(lab), counts(b)));
            return Cli.OK;
        }
    }

    @Command(name = "board", description = "Show the lab's live board: every student's copy and its state; --follow waits until nothing is in progress.")
    static final class BoardCommand implements Callable<Integer> {
        @ParentCommand LabCommands labs;
        @Parameters(paramLabel = "LAB") long lab;
        @Option(names = "--follow", description = "Print the counts at every change until no copy is queued, deploying or undeploying.") boolean follow;
        @Option(names = "--timeout", defaultValue = "2h", description = "How long --follow waits at most (90s, 10m, 1h); the lab goes on after. Default: ${DEFAULT-VALUE}.") String timeout;

        @Override
        public Integer call() throws InterruptedException {
            Cli root = labs.root;
            OlimpusClient c = root.client();
            Duration limit = JobWatch.parseDuration(timeout);
            LabWire.Board last = c.board(lab);
            if (follow && !settled(last)) last = follow(root, c, lab, last, limit, timeout);
            root.out().print(last, board(last));
            return last.counts().getOrDefault("FAILED", 0) > 0 ? Cli.FAILED : Cli.OK;
        }

        /** Prints the counts on standard error at every change until the board settles; the server's board then. */
        static LabWire.Board follow(Cli root, OlimpusClient c, long lab, LabWire.Board first, Duration limit, String timeout) throws InterruptedException {
            AtomicReference<LabWire.Board> latest = new AtomicReference<>(first);
            AtomicReference<ClientException> failure = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            root.env.err().println(root.msg.get("labBoardNow", Long.toString(lab), counts(first)));
            try (AutoCloseable stream = c.followBoard(lab, b -> {
                LabWire.Board before = latest.getAndSet(b);
                if (b.version() != before.version()) root.env.err().println(root.msg.get("labBoardNow", Long.toString(lab), counts(b)));
                if (settled(b)) done.countDown();
            }, e -> { failure.set(e); done.countDown(); })) {
                if (!done.await(limit.toMillis(), TimeUnit.MILLISECONDS))
                    throw new CliFailure(Cli.TIMEOUT, root.msg.get("labBoardTimeout", Long.toString(lab), timeout, counts(latest.get())));
            } catch (CliFailure | InterruptedException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            if (failure.get() != null) throw failure.get();
            // The stream ends when the class settles: the last word is the server's board now.
            return c.board(lab);
        }
    }

    @Command(name = "delete", description = "Delete a lab (refused while copies are deployed: close it first).")
    static final class Delete implements Callable<Integer> {
        @ParentCommand LabCommands labs;
        @Parameters(paramLabel = "LAB") long lab;

        @Override
        public Integer call() {
            labs.root.client().deleteLab(lab);
            labs.root.out().say(Map.of("deleted", lab), labs.root.msg.get("labDeleted", Long.toString(lab)));
            return Cli.OK;
        }
    }
}
