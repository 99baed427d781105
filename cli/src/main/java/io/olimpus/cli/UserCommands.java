package io.olimpus.cli;

import io.olimpus.client.OlimpusClient;
import io.olimpus.wire.Wire;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Users (admins): create (a generated password shown once), list, disable/enable, delete, import a roster CSV. */
@Command(name = "user", description = "Administer users (admins only).")
final class UserCommands {
    /** Its subcommands, added only when the command line names this group (see Cli.expand). */
    static final Class<?>[] COMMANDS = {UserCommands.Create.class, UserCommands.ListUsers.class, UserCommands.Disable.class,
                UserCommands.Enable.class, UserCommands.Delete.class, UserCommands.Import.class};

    @ParentCommand Cli root;

    static Output.Table table(List<Wire.User> users, boolean withPassword) {
        Output.Table t = withPassword ? new Output.Table("USER", "ROLE", "PASSWORD") : new Output.Table("USER", "ROLE", "DISABLED", "MAX VMS", "MAX VCPUS", "MAX RAM MB");
        for (Wire.User u : users) {
            if (withPassword) t.row(u.username(), role(u), u.password() == null ? "(given)" : u.password());
            else t.row(u.username(), role(u), u.disabled() ? "yes" : "no", u.quota() == null ? null : u.quota().maxVms(),
                    u.quota() == null ? null : u.quota().maxVcpus(), u.quota() == null ? null : u.quota().maxRamMb());
        }
        return t;
    }

    private static String role(Wire.User u) { return u.role() == null ? null : u.role().name().toLowerCase(); }

    @Command(name = "create", description = "Create a user; without --password-stdin a password is generated and shown once.")
    static final class Create implements Callable<Integer> {
        @ParentCommand UserCommands users;

        @Parameters(paramLabel = "USERNAME") String username;

        @Option(names = "--admin", description = "Make an administrator (default: a student).")
        boolean admin;

        @Option(names = "--password-stdin", description = "Read the password from standard input instead of generating one.")
        boolean passwordStdin;

        @Option(names = "--max-vms") Integer maxVms;
        @Option(names = "--max-vcpus") Integer maxVcpus;
        @Option(names = "--max-ram-mb") Integer maxRamMb;

        @Override
        public Integer call() {
            Cli root = users.root;
            OlimpusClient c = root.client();
            String password = passwordStdin ? root.readLine() : null;
            Wire.User u = c.createUser(new Wire.NewUser(username, password, admin ? "admin" : "user", maxVms, maxVcpus, maxRamMb));
            root.out().say(u, u.password() == null ? root.msg.get("userCreated", u.username())
                    : root.msg.get("userCreatedWithPassword", u.username(), u.password()));
            return Cli.OK;
        }
    }

    @Command(name = "list", description = "List users.")
    static final class ListUsers implements Callable<Integer> {
        @ParentCommand UserCommands users;

        @Option(names = "--query", description = "Only usernames containing this.") String query;

        @Override
        public Integer call() {
            List<Wire.User> all = users.root.client().users(query, 1000, 0).items();
            users.root.out().print(all, table(all, false));
            return Cli.OK;
        }
    }

    @Command(name = "disable", description = "Disable a user: they cannot log in, and their sessions end.")
    static final class Disable implements Callable<Integer> {
        @ParentCommand UserCommands users;
        @Parameters(paramLabel = "USERNAME") String username;

        @Override
        public Integer call() {
            Wire.User u = users.root.client().patchUser(username, Wire.UserPatch.disabled(true));
            users.root.out().say(u, users.root.msg.get("userDisabled", u.username()));
            return Cli.OK;
        }
    }

    @Command(name = "enable", description = "Enable a disabled user again.")
    static final class Enable implements Callable<Integer> {
        @ParentCommand UserCommands users;
        @Parameters(paramLabel = "USERNAME") String username;

        @Override
        public Integer call() {
            Wire.User u = users.root.client().patchUser(username, Wire.UserPatch.disabled(false));
            users.root.out().say(u, users.root.msg.get("userEnabled", u.username()));
            return Cli.OK;
        }
    }

    @Command(name = "delete", description = "Delete a user.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand UserCommands users;
        @Parameters(paramLabel = "USERNAME") String username;

        @Override
        public Integer call() {
            users.root.client().deleteUser(username);
            users.root.out().say(Map.of("deleted", username), users.root.msg.get("userDeleted", username));
            return Cli.OK;
        }
    }

    @Command(name = "import", description = {"Create the users of a roster CSV, all or none.",
            "Header: username,password,role,maxVms,maxVcpus,maxRamMb (only username required); generated passwords are shown once."})
    static final class Import implements Callable<Integer> {
        @ParentCommand UserCommands users;
        @Parameters(paramLabel = "FILE.csv") Path file;

        @Override
        public Integer call() throws IOException {
            List<Wire.User> created = users.root.client().importUsers(Files.readString(file, StandardCharsets.UTF_8));
            users.root.out().print(created, table(created, true));
            return Cli.OK;
        }
    }
}
