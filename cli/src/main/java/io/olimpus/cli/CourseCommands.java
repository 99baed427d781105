package io.olimpus.cli;

import io.olimpus.client.OlimpusClient;
import io.olimpus.wire.Wire;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Courses (instructors and admins, issue 15): create, list, show, hand over, delete, the roster and the one-time credentials sheet. */
@Command(name = "course", description = "Run courses: rosters and students' one-time passwords (instructors and admins).")
final class CourseCommands {
    static final Class<?>[] COMMANDS = {Create.class, ListCourses.class, Show.class, Transfer.class, Delete.class, Roster.class, Credentials.class};

    @ParentCommand Cli root;

    /** A course named by its id or by its name (as `course list` shows them). */
    static Wire.Course find(OlimpusClient c, String idOrName, Messages msg) {
        if (idOrName.matches("\\d{1,18}")) return c.course(Long.parseLong(idOrName));
        return c.courses().stream().filter(x -> x.name().equals(idOrName)).findFirst()
                .orElseThrow(() -> new CliFailure(Cli.NOT_FOUND, msg.get("courseNotFound", idOrName)));
    }

    static Output.Table table(List<Wire.Course> courses) {
        Output.Table t = new Output.Table("ID", "COURSE", "OWNER", "ZONE", "LANG", "STUDENTS", "VMS/STUDENT", "VCPUS/STUDENT", "RAM MB/STUDENT", "SHEET TAKEN");
        for (Wire.Course c : courses)
            t.row(c.id(), c.name(), c.owner(), c.zone(), c.language(), c.students(), c.quota().maxVms(), c.quota().maxVcpus(), c.quota().maxRamMb(),
                    c.credentialsHandedOutAt() == null ? "no" : Instant.ofEpochMilli(c.credentialsHandedOutAt()).toString());
        return t;
    }

    static Output.Table students(List<Wire.Student> students) {
        Output.Table t = new Output.Table("USER", "EMAIL", "DISABLED", "ENROLLED");
        for (Wire.Student s : students) t.row(s.username(), s.email(), s.disabled() ? "yes" : "no", Instant.ofEpochMilli(s.enrolledAt()).toString());
        return t;
    }

    @Command(name = "create", description = "Create a course in a zone, with what each student may run at once.")
    static final class Create implements Callable<Integer> {
        @ParentCommand CourseCommands courses;
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--zone", required = true, description = "The zone its labs run in.") String zone;
        @Option(names = "--max-vms", description = "VMs per student (default: the server's user quota).") Integer maxVms;
        @Option(names = "--max-vcpus", description = "vCPUs per student.") Integer maxVcpus;
        @Option(names = "--max-ram-mb", description = "RAM per student, MB.") Integer maxRamMb;
        @Option(names = "--owner", description = "The instructor it belongs to (admins only; default: you).") String owner;
        @Option(names = "--language", paramLabel = "en|es", description = "The language of the mails to its students (default: en).") String language;

        @Override
        public Integer call() {
            Wire.Course c = courses.root.client().createCourse(new Wire.NewCourse(name, zone, maxVms, maxVcpus, maxRamMb, owner, language));
            courses.root.out().say(c, courses.root.msg.get("courseCreated", c.name(), c.id()));
            return Cli.OK;
        }
    }

    @Command(name = "list", description = "List your courses (admins: all of them; students: those they are in).")
    static final class ListCourses implements Callable<Integer> {
        @ParentCommand CourseCommands courses;

        @Override
        public Integer call() {
            List<Wire.Course> all = courses.root.client().courses();
            courses.root.out().print(all, table(all));
            return Cli.OK;
        }
    }

    @Command(name = "show", description = "Show a course and its students.")
    static final class Show implements Callable<Integer> {
        @ParentCommand CourseCommands courses;
        @Parameters(paramLabel = "COURSE", description = "Its id or name.") String course;

        @Override
        public Integer call() {
            OlimpusClient c = courses.root.client();
            Wire.Course found = find(c, course, courses.root.msg);
            List<Wire.Student> roster = c.roster(found.id());
            Output out = courses.root.out();
            if (out.forScripts()) {
                out.printData(Map.of("course", found, "students", roster));
            } else {
                out.print(found, table(List.of(found)));
                out.print(roster, students(roster));
            }
            return Cli.OK;
        }
    }

    @Command(name = "transfer", description = {"Hand a course over to another instructor (or admin), with its students and labs.",
            "The course's owner or an admin may; the former owner no longer sees it."})
    static final class Transfer implements Callable<Integer> {
        @ParentCommand CourseCommands courses;
        @Parameters(index = "0", paramLabel = "COURSE", description = "Its id or name.") String course;
        @Parameters(index = "1", paramLabel = "OWNER", description = "The instructor or admin it goes to.") String owner;

        @Override
        public Integer call() {
            OlimpusClient c = courses.root.client();
            Wire.Course found = find(c, course, courses.root.msg);
            Wire.Course moved = c.patchCourse(found.id(), Wire.CoursePatch.owner(owner));
            courses.root.out().say(moved, courses.root.msg.get("courseTransferred", moved.name(), found.owner(), moved.owner()));
            return Cli.OK;
        }
    }

    @Command(name = "delete", description = "Delete a course (its students keep their accounts).")
    static final class Delete implements Callable<Integer> {
        @ParentCommand CourseCommands courses;
        @Parameters(paramLabel = "COURSE") String course;

        @Override
        public Integer call() {
            OlimpusClient c = courses.root.client();
            Wire.Course found = find(c, course, courses.root.msg);
            c.deleteCourse(found.id());
            courses.root.out().say(Map.of("deleted", found.name()), courses.root.msg.get("courseDeleted", found.name()));
            return Cli.OK;
        }
    }

    @Command(name = "roster", description = "A course's students: import a roster CSV, enrol or remove one, list them.",
            subcommands = {Roster.Import.class, Roster.Enrol.class, Roster.Remove.class, Roster.ListStudents.class})
    static final class Roster {
        @ParentCommand CourseCommands courses;

        @Command(name = "import", description = {"Create and enrol the students of a roster CSV, all or none.",
                "Header: username,email,password,... (only username required); new students get one-time passwords, mailed or on the credentials sheet."})
        static final class Import implements Callable<Integer> {
            @ParentCommand Roster roster;
            @Parameters(paramLabel = "COURSE") String course;
            @Parameters(paramLabel = "FILE.csv") Path file;

            @Override
            public Integer call() throws IOException {
                Cli root = roster.courses.root;
                OlimpusClient c = root.client();
                Wire.Course found = find(c, course, root.msg);
                Wire.RosterImported r = c.importRoster(found.id(), Files.readString(file, StandardCharsets.UTF_8));
                Output out = root.out();
                if (out.forScripts()) {
                    out.printData(r);
                    return Cli.OK;
                }
                Output.Table t = new Output.Table("USER", "EMAIL", "MAILED");
                for (Wire.HandedOut h : r.created()) t.row(h.username(), h.email(), h.mailed() ? "yes" : h.mailProblem() == null ? "no" : "no: " + h.mailProblem());
                out.print(r.created(), t);
                out.say(r, root.msg.get("rosterImported", r.created().size(), r.enrolled().size(), found.name(), found.id()));
                return Cli.OK;
            }
        }

        @Command(name = "enrol", description = "Enrol existing users.")
        static final class Enrol implements Callable<Integer> {
            @ParentCommand Roster roster;
            @Parameters(index = "0", paramLabel = "COURSE") String course;
            @Parameters(index = "1..*", arity = "1..*", paramLabel = "USER") List<String> users;

            @Override
            public Integer call() {
                Cli root = roster.courses.root;
                OlimpusClient c = root.client();
                Wire.Course found = find(c, course, root.msg);
                List<Wire.Student> now = c.enrol(found.id(), users);
                root.out().say(now, root.msg.get("studentsEnrolled", String.join(", ", users), found.name(), now.size()));
                return Cli.OK;
            }
        }

        @Command(name = "remove", description = "Remove a student from the course (their account stays).")
        static final class Remove implements Callable<Integer> {
            @ParentCommand Roster roster;
            @Parameters(index = "0", paramLabel = "COURSE") String course;
            @Parameters(index = "1", paramLabel = "USER") String user;

            @Override
            public Integer call() {
                Cli root = roster.courses.root;
                OlimpusClient c = root.client();
                Wire.Course found = find(c, course, root.msg);
                c.removeStudent(found.id(), user);
                root.out().say(Map.of("removed", user), root.msg.get("studentRemoved", user, found.name()));
                return Cli.OK;
            }
        }

        @Command(name = "list", description = "List a course's students.")
        static final class ListStudents implements Callable<Integer> {
            @ParentCommand Roster roster;
            @Parameters(paramLabel = "COURSE") String course;

            @Override
            public Integer call() {
                Cli root = roster.courses.root;
                OlimpusClient c = root.client();
                List<Wire.Student> all = c.roster(find(c, course, root.msg).id());
                root.out().print(all, students(all));
                return Cli.OK;
            }
        }
    }

    @Command(name = "credentials", description = {"Save the one-time passwords of the course's new students to a CSV file.",
            "The server hands the sheet out ONCE; the file is made readable by you only, and an existing file is never overwritten."})
    static final class Credentials implements Callable<Integer> {
        @ParentCommand CourseCommands courses;
        @Parameters(paramLabel = "COURSE") String course;
        @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Where to save the sheet (must not exist yet).") Path out;

        @Override
        public Integer call() throws IOException {
            Cli root = courses.root;
            // Checked before the sheet is taken: it cannot be asked for twice.
            if (Files.exists(out)) throw new CliFailure(Cli.USAGE, root.msg.get("sheetFileExists", out));
            boolean posix = out.toAbsolutePath().getParent().getFileSystem().supportedFileAttributeViews().contains("posix");
            FileAttribute<?>[] attrs = posix ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                    : new FileAttribute<?>[0];
            Path made;
            try {
                made = Files.createFile(out, attrs);
            } catch (FileAlreadyExistsException e) {
                throw new CliFailure(Cli.USAGE, root.msg.get("sheetFileExists", out));
            }
            OlimpusClient c = root.client();
            String sheet;
            try {
                sheet = c.takeCredentials(find(c, course, root.msg).id());
            } catch (RuntimeException e) {
                Files.deleteIfExists(made);
                throw e;
            }
            Files.writeString(made, sheet, StandardCharsets.UTF_8);
            long n = sheet.lines().count() - 1;
            root.out().say(Map.of("saved", out.toString(), "students", n), root.msg.get("sheetSaved", n, out));
            return Cli.OK;
        }
    }
}
