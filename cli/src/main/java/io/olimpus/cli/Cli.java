package io.olimpus.cli;

import io.olimpus.client.ClientException;
import io.olimpus.client.OlimpusClient;
import io.olimpus.model.file.FileProblem;
import io.olimpus.model.file.LabFileProblems;
import io.olimpus.model.file.TopologyFileException;
import io.olimpus.wire.Wire;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * The root command: the options every command takes, the session (server and token) they share,
 * and the one place where failures become exit codes that scripts can trust:
 * 0 ok, 1 the operation failed (a job rolled back, the server failed), 2 usage, 3 not found,
 * 4 conflict or invalid (the field and the reason printed), 5 server unreachable,
 * 6 not logged in / wrong credentials / not allowed, 7 --timeout reached.
 */
@Command(name = "olimpus-cli", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        header = "Olimpus from the command line: log in, design and deploy slices, administer users and the catalog.",
        description = "Server: --server, else OLIMPUS_SERVER, else the one you logged in to. Token: OLIMPUS_TOKEN, else the saved login.",
        subcommands = {SessionCommands.Login.class, SessionCommands.Logout.class, SessionCommands.WhoAmI.class,
                SessionCommands.Passwd.class, SessionCommands.SshKey.class, SliceCommands.class, UserCommands.class, CourseCommands.class, LabCommands.class, FlavorCommands.class,
                ImageCommands.class, ZoneCommands.class, AutoComplete.GenerateCompletion.class},
        sortOptions = false, usageHelpAutoWidth = true)
final class Cli {
    static final int OK = 0, FAILED = 1, USAGE = 2, NOT_FOUND = 3, INVALID = 4, UNREACHABLE = 5, AUTH = 6, TIMEOUT = 7;

    @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "ADDRESS",
            description = "The headnode, e.g. localhost:8000 or https://olimpus.example.org (default: OLIMPUS_SERVER, else the one you logged in to).")
    String server;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "table|json|yaml", defaultValue = "table",
            description = "How results are printed: table (for people), json or yaml (for scripts). Default: ${DEFAULT-VALUE}.")
    Output.Format format = Output.Format.table;

    @Option(names = "--lang", scope = ScopeType.INHERIT, paramLabel = "en|es",
            description = "Language of messages: en or es (default: the system's).")
    String lang;

    final Env env;
    final Messages msg;
    private OlimpusClient client;

    Cli(Env env, Messages msg) {
        this.env = env;
        this.msg = msg;
    }

    /** Runs one command line; returns its exit code. */
    static int run(Env env, String... args) {
        Messages msg = new Messages(Messages.pick(langOf(args), env.locale()));
        Cli root = new Cli(env, msg);
        CommandLine cl = new CommandLine(root);
        // Before any setting below: CommandLine's setters reach only the subcommands already added.
        expand(cl, args);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(new PrintWriter(env.out(), true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(env.err(), true, StandardCharsets.UTF_8));
        cl.setExecutionExceptionHandler((e, c, parsed) -> root.fail(e));
        cl.setParameterExceptionHandler((e, parsed) -> root.usageFailure(e));
        helpEverywhere(cl);
        // Spanish help texts; English ones are the annotations themselves.
        if ("es".equals(msg.locale().getLanguage()))
            cl.setResourceBundle(java.util.ResourceBundle.getBundle("io.olimpus.cli.help", msg.locale()));
        // The completion script names the installed command.
        CommandLine gen = cl.getSubcommands().get("generate-completion");
        if (gen != null) gen.getCommandSpec().usageMessage().hidden(false);
        try {
            return cl.execute(args);
        } finally {
            root.close();
        }
    }

    /**
     * Adds the subcommands of the groups the arguments name (all of them for completion). Building
     * a command from its annotations is most of the start-up: `--help` or `slice list` need not
     * pay for every other group's (docs/benchmarks.md, command-line start-up).
     */
    static void expand(CommandLine cl, String[] args) {
        Map<String, Class<?>[]> groups = Map.of("slice", SliceCommands.COMMANDS, "user", UserCommands.COMMANDS,
                "flavor", FlavorCommands.COMMANDS, "image", ImageCommands.COMMANDS, "zone", ZoneCommands.COMMANDS, "course", CourseCommands.COMMANDS,
                "lab", LabCommands.COMMANDS);
        boolean all = java.util.Arrays.asList(args).contains("generate-completion");
        for (Map.Entry<String, Class<?>[]> g : groups.entrySet()) {
            if (!all && !java.util.Arrays.asList(args).contains(g.getKey())) continue;
            CommandLine group = cl.getSubcommands().get(g.getKey());
            for (Class<?> c : g.getValue()) group.addSubcommand(c);
        }
    }

    /** -h/--help on every subcommand, without repeating it on each annotation. */
    private static void helpEverywhere(CommandLine cl) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!sub.getCommandSpec().mixinStandardHelpOptions()) sub.getCommandSpec().mixinStandardHelpOptions(true);
            helpEverywhere(sub);
        }
    }

    /** --lang is needed before parsing (the parser's own messages could use it), so it is read from the raw arguments. */
    private static String langOf(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--lang") && i + 1 < args.length) return args[i + 1];
            if (args[i].startsWith("--lang=")) return args[i].substring(7);
        }
        return null;
    }

    Output out() { return new Output(env.out(), format); }

    /** The server to talk to, or a usage failure saying how to name one. */
    String serverAddress() {
        if (server != null && !server.isBlank()) return server;
        String s = env.var("OLIMPUS_SERVER");
        if (s != null) return s;
        Session saved = Session.load(env.configDir());
        if (saved != null && saved.server() != null) return saved.server();
        throw new CliFailure(USAGE, msg.get("noServer"));
    }

    /** A client of the server, not logged in (for login). */
    OlimpusClient anonymous() {
        close();
        client = OlimpusClient.connect(serverAddress());
        return client;
    }

    /** A client logged in with OLIMPUS_TOKEN, else with the saved login of this server. */
    OlimpusClient client() {
        if (client != null && client.loggedIn()) return client;
        String address = serverAddress();
        String token = env.var("OLIMPUS_TOKEN");
        if (token == null) {
            Session saved = Session.load(env.configDir());
            if (saved != null && saved.token() != null && (saved.server() == null || sameServer(saved.server(), address)))
                token = saved.token();
        }
        if (token == null) throw new CliFailure(AUTH, msg.get("notLoggedIn", address));
        OlimpusClient c = OlimpusClient.connect(address);
        client = c;
        c.resume(token);
        return c;
    }

    static boolean sameServer(String a, String b) {
        return normal(a).equals(normal(b));
    }

    /** An address as the client library reads it: scheme added, trailing slashes and /api/v1 dropped. */
    static String normal(String a) {
        String s = a.trim();
        if (!s.contains("://")) s = "http://" + s;
        s = s.replaceAll("/+$", "");
        if (s.endsWith("/api/v1")) s = s.substring(0, s.length() - 7);
        return s.replaceAll("/+$", "");
    }

    void close() {
        if (client != null) client.close();
        client = null;
    }

    /** Reads one line of standard input (a password given with --password-stdin), without its line end. */
    String readLine() {
        try {
            BufferedReader r = stdin();
            String line = r.readLine();
            if (line == null) throw new CliFailure(USAGE, msg.get("noStdin"));
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BufferedReader stdinReader;

    private BufferedReader stdin() {
        if (stdinReader == null) stdinReader = new BufferedReader(new InputStreamReader(env.in(), StandardCharsets.UTF_8));
        return stdinReader;
    }

    /** A password: typed without echo when there is a terminal, else a line of standard input. */
    String password(String prompt, boolean fromStdin) {
        java.io.Console console = System.console();
        if (!fromStdin && console != null && env.terminal()) {
            char[] p = console.readPassword("%s", prompt);
            if (p == null) throw new CliFailure(USAGE, msg.get("noStdin"));
            return new String(p);
        }
        return readLine();
    }

    // ---- failures ----

    /** Prints why the command failed and returns the exit code for it. */
    int fail(Exception e) {
        var err = env.err();
        if (e instanceof CliFailure f) {
            err.println(f.getMessage());
            return f.exitCode;
        }
        if (e instanceof ClientException c) {
            err.println(sentence(c));
            for (ClientException.FieldError f : c.fieldErrors())
                err.println("  " + msg.get("field") + ": " + f.field() + (f.reason() != null ? " — " + f.reason() : ""));
            for (Wire.DesignProblem p : c.problems())
                err.println("  " + p.severity() + " " + p.code() + ": " + p.message());
            return code(c.kind());
        }
        if (e instanceof LabFileProblems lp) {
            err.println(msg.get("fileProblems", lp.file() == null ? "-" : lp.file(), lp.problems().size()));
            for (FileProblem p : lp.problems()) err.println("  - " + fileProblem(p));
            return INVALID;
        }
        if (e instanceof TopologyFileException t) {
            String where = t.path().isEmpty() ? "-" : t.path();
            err.println(msg.get("badFile", t.file() == null ? where : t.file() + ": " + where, t.reason()));
            return INVALID;
        }
        if (e instanceof IllegalArgumentException a) {
            err.println(msg.get("badArgument", a.getMessage()));
            return USAGE;
        }
        if (e instanceof UncheckedIOException || e instanceof IOException) {
            Throwable io = e instanceof UncheckedIOException u ? u.getCause() : e;
            err.println(msg.get("ioFailed", String.valueOf(io.getMessage()), e.getMessage()));
            return FAILED;
        }
        err.println(msg.get("internal", e.toString()));
        return FAILED;
    }

    /** One problem of a lab file in the user's language; English when this version has no sentence for it. */
    String fileProblem(FileProblem p) {
        String key = "fileProblem." + p.kind().name();
        String said = msg.get(key, p.args().toArray());
        return said.equals(key) ? p.message() : said;
    }

    /**
     * A command line picocli could not parse: the reason in the user's language (picocli's own
     * sentences are English only), then what picocli would add: a suggestion for a mistyped
     * name, else the command's usage.
     */
    int usageFailure(CommandLine.ParameterException e) {
        CommandLine c = e.getCommandLine();
        PrintWriter err = c.getErr();
        err.println(usageReason(e));
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) c.usage(err);
        return USAGE;
    }

    String usageReason(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            return msg.get(first.startsWith("-") ? "usage.unknownOption" : "usage.extraArgument", first);
        }
        if (e instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()) {
            String names = m.getMissing().stream().map(a -> a.isOption() ? ((CommandLine.Model.OptionSpec) a).longestName() : a.paramLabel())
                    .collect(java.util.stream.Collectors.joining(", "));
            return msg.get("usage.missing", names);
        }
        return msg.get("usage.other", e.getMessage());
    }

    static int code(ClientException.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> NOT_FOUND;
            case INVALID, CONFLICT, STALE -> INVALID;
            case UNREACHABLE, CERTIFICATE, CERTIFICATE_CHANGED -> UNREACHABLE;
            case CREDENTIALS, SESSION_EXPIRED, FORBIDDEN -> AUTH;
            case SERVER -> FAILED;
        };
    }

    /** The client's sentence in English; in Spanish, the kind said in Spanish with the server's own words. */
    String sentence(ClientException c) {
        if (!"es".equals(msg.locale().getLanguage())) return c.getMessage();
        String said = c.serverDetail() != null ? c.serverDetail()
                : c.getCause() != null && c.getCause().getMessage() != null ? c.getCause().getMessage() : c.getMessage();
        return msg.get("err." + c.kind(), said);
    }

    /** The version from the build (version.properties), and the Java running it. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Cli.class.getResourceAsStream("version.properties")) {
                if (in != null) p.load(in);
            }
            return new String[]{"olimpus-cli " + p.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
