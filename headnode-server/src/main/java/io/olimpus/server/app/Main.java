package io.olimpus.server.app;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar olimpus-headnode.jar [flags]}: starts the headnode server. Flags come from {@link Config#SETTINGS}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        CommandSpec spec = CommandSpec.create().name("olimpus-headnode").mixinStandardHelpOptions(true).version("Olimpus headnode 0.1.0");
        spec.usageMessage().description("The Olimpus headnode server. Each setting comes from, in increasing precedence:",
                "its default, a config file (Java properties: --config FILE or OLIMPUS_CONFIG), an environment variable, a flag.",
                "", "Flags:");
        StringBuilder table = new StringBuilder("%nEvery setting (config-file key, environment variable, flag, default):%n");
        for (Setting s : Config.SETTINGS)
            table.append(String.format("  %-16s %-26s %-20s %s%n      %s%n".replace("%n", "%%n"), s.key(), s.env(), s.flag() == null ? "(no flag)" : s.flag(),
                    s.defaultValue().isEmpty() ? "-" : s.defaultValue(), s.description()));
        spec.usageMessage().footer(table.toString());
        spec.addOption(OptionSpec.builder("--config").paramLabel("FILE").type(Path.class).description("config file (Java properties)").build());
        for (Setting s : Config.SETTINGS)
            if (s.flag() != null)
                spec.addOption(OptionSpec.builder(s.flag()).paramLabel("VALUE").type(String.class).description(s.description()).build());
        CommandLine cl = new CommandLine(spec);
        ParseResult parsed;
        try {
            parsed = cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            System.err.println(e.getMessage());
            cl.usage(System.err);
            System.exit(2);
            return;
        }
        if (CommandLine.printHelpIfRequested(parsed)) return;
        Map<String, String> flags = new HashMap<>();
        for (Setting s : Config.SETTINGS)
            if (s.flag() != null && parsed.hasMatchedOption(s.flag())) flags.put(s.key(), parsed.matchedOptionValue(s.flag(), ""));
        Config cfg;
        try {
            cfg = ConfigLoader.load(parsed.matchedOptionValue("--config", null), System.getenv(), flags);
        } catch (ConfigLoader.BadConfig e) {
            System.err.println("olimpus: " + e.getMessage());
            System.exit(2);
            return;
        }
        Server.Running running;
        try {
            running = Server.start(cfg);
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            System.err.println("olimpus: cannot start (" + cfg + "): " + e.getMessage()
                    + (root != e ? "\n  because: " + root.getMessage() : ""));
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "olimpus-shutdown"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("Olimpus headnode is running at " + running.baseUrl() + "/api/v1 (started in " + ms + " ms; "
                + (cfg.dbUrl() == null ? "embedded database in " + cfg.dataDir().toAbsolutePath().normalize() : "database " + cfg.dbUrl()) + ")");
        var admin = running.firstAdmin();
        if (admin != null) {
            if (admin.generatedPassword() != null)
                System.out.println("First admin created: user 'admin', password '" + admin.generatedPassword() + "' (shown only this once; change it with POST /api/v1/users/admin/password)");
            else
                System.out.println("First admin created: user 'admin' with the password from OLIMPUS_ADMIN_PASSWORD");
        }
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
