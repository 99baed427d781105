package io.olimpus.desktop.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The desktop's start-up contract: {@code --server URL --user NAME}, the password from the
 * environment variable {@value #PASSWORD_ENV} (never on the command line, where {@code ps} shows
 * it). With all three the desktop opens logged in; with only some, the login screen opens filled
 * in; without them the designer opens offline. Other arguments (a file to open, --import) pass on.
 */
public record StartArgs(String server, String user, String password, List<String> rest) {
    public static final String PASSWORD_ENV = "OLIMPUS_PASSWORD";

    public StartArgs {
        rest = List.copyOf(rest);
    }

    public static StartArgs parse(List<String> args, Map<String, String> env) {
        String server = null, user = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("--server") || a.equals("--user")) && i + 1 < args.size()) {
                if (a.equals("--server")) server = args.get(++i);
                else user = args.get(++i);
            } else if (a.startsWith("--server=")) server = a.substring(9);
            else if (a.startsWith("--user=")) user = a.substring(7);
            else rest.add(a);
        }
        String pw = env.get(PASSWORD_ENV);
        return new StartArgs(blankToNull(server), blankToNull(user), pw == null || pw.isEmpty() ? null : pw, rest);
    }

    /** Everything needed to log in without asking. */
    public boolean logsIn() { return server != null && user != null && password != null; }

    /** Some server detail was given: the desktop starts at the login screen, not offline. */
    public boolean asksForServer() { return server != null || user != null; }

    private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s.trim(); }
}
