package io.olimpus.cli;

import io.olimpus.client.OlimpusClient;
import io.olimpus.wire.Wire;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** login, logout, whoami, passwd, ssh-key: the session kept in the config folder (see {@link Session}) and one's own profile. */
final class SessionCommands {
    private SessionCommands() {}

    @Command(name = "login", description = "Log in and keep the token in your config folder (mode 0600), for later commands.")
    static final class Login implements Callable<Integer> {
        @ParentCommand Cli root;

        @Option(names = {"-u", "--username"}, required = true, description = "Your username.")
        String username;

        @Option(names = "--password-stdin", description = "Read the password from standard input (for scripts) instead of asking.")
        boolean passwordStdin;

        @Override
        public Integer call() throws IOException {
            String password = root.password(root.msg.get("passwordPrompt"), passwordStdin);
            OlimpusClient c = root.anonymous();
            Wire.LoginResponse r = c.login(username, password);
            new Session(c.address(), r.user().username(), r.token()).save(root.env.configDir());
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("server", c.address());
            json.put("user", r.user());
            json.put("expiresAt", r.expiresAt());
            root.out().say(json, root.msg.get("loggedIn", r.user().username(), c.address(), r.user().role().name().toLowerCase()));
            return Cli.OK;
        }
    }

    @Command(name = "logout", description = "End the session on the server and forget the saved token.")
    static final class Logout implements Callable<Integer> {
        @ParentCommand Cli root;

        @Override
        public Integer call() throws IOException {
            Session saved = Session.load(root.env.configDir());
            if (saved == null) {
                root.out().say(Map.of("loggedOut", false), root.msg.get("notLoggedInAnyway"));
                return Cli.OK;
            }
            try (OlimpusClient c = OlimpusClient.connect(saved.server())) {
                c.resume(saved.token());
                c.logout();
            } catch (RuntimeException e) {
                // Server gone or token already expired: the saved token is forgotten all the same.
            } finally {
                Session.delete(root.env.configDir());
            }
            root.out().say(Map.of("loggedOut", true), root.msg.get("loggedOut", saved.server()));
            return Cli.OK;
        }
    }

    @Command(name = "whoami", description = "Who you are logged in as, on which server.")
    static final class WhoAmI implements Callable<Integer> {
        @ParentCommand Cli root;

        @Override
        public Integer call() {
            OlimpusClient c = root.client();
            Wire.User u = c.user();
            root.out().print(u, new Output.Table("USER", "ROLE", "SERVER", "MAX VMS", "MAX VCPUS", "MAX RAM MB")
                    .row(u.username(), u.role().name().toLowerCase(), c.address(),
                            u.quota() == null ? null : u.quota().maxVms(), u.quota() == null ? null : u.quota().maxVcpus(),
                            u.quota() == null ? null : u.quota().maxRamMb()));
            return Cli.OK;
        }
    }

    @Command(name = "passwd", description = "Change your password (asks for the current and the new one; --password-stdin reads both, one a line).")
    static final class Passwd implements Callable<Integer> {
        @ParentCommand Cli root;

        @Option(names = "--password-stdin", description = "Read the current and then the new password from standard input, one a line.")
        boolean passwordStdin;

        @Override
        public Integer call() {
            OlimpusClient c = root.client();
            String current = root.password(root.msg.get("currentPasswordPrompt"), passwordStdin);
            String next = root.password(root.msg.get("newPasswordPrompt"), passwordStdin);
            c.changePassword(current, next);
            root.out().say(Map.of("changed", true), root.msg.get("passwordChanged"));
            return Cli.OK;
        }
    }

    @Command(name = "ssh-key", description = "Show, set (from a .pub file, or - for standard input) or clear your SSH public key, which every VM you deploy gets.")
    static final class SshKey implements Callable<Integer> {
        @ParentCommand Cli root;

        @picocli.CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
                description = "Your public key file, e.g. ~/.ssh/id_ed25519.pub (- reads standard input).")
        String file;

        @Option(names = "--clear", description = "Remove your key: VMs you deploy from now on get only a password.")
        boolean clear;

        @Override
        public Integer call() throws IOException {
            OlimpusClient c = root.client();
            if (clear && file != null) throw new CliFailure(Cli.USAGE, root.msg.get("sshKey.fileOrClear"));
            Wire.User u;
            if (clear) u = c.setSshPublicKey(null);
            else if (file != null) u = c.setSshPublicKey(read(file).strip());
            else u = c.me();
            String key = u.sshPublicKey();
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("username", u.username());
            json.put("sshPublicKey", key);
            root.out().say(json, key == null || key.isBlank() ? root.msg.get("sshKey.none")
                    : root.msg.get(file == null ? "sshKey.is" : "sshKey.set", key));
            return Cli.OK;
        }

        private String read(String name) throws IOException {
            if (name.equals("-")) return new String(root.env.in().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            java.nio.file.Path p = java.nio.file.Path.of(name);
            if (!java.nio.file.Files.isRegularFile(p)) throw new CliFailure(Cli.USAGE, root.msg.get("sshKey.noFile", name));
            if (java.nio.file.Files.size(p) > 16_384) throw new CliFailure(Cli.USAGE, root.msg.get("sshKey.tooBig", name));
            return java.nio.file.Files.readString(p);
        }
    }
}
