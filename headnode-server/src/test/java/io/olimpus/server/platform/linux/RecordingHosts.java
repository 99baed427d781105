package io.olimpus.server.platform.linux;

import io.olimpus.server.platform.linux.ssh.CommandResult;
import io.olimpus.server.platform.linux.ssh.RemoteShell;
import io.olimpus.server.platform.linux.ssh.RemoteStream;
import io.olimpus.server.platform.linux.ssh.Script;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hosts that run nothing: every script the driver sends is recorded with the host it was meant
 * for, and answered with the first scripted answer whose host and text match (success with no
 * output otherwise). Uploads are recorded as {@code upload <path>}. Markers are the one thing
 * they keep: a marker written is listed until a script removes it (a failing script stops at
 * the line its failure names), so the driver's {@link LinuxClusterDriver#list} tells what a run
 * left behind.
 */
final class RecordingHosts implements LinuxClusterDriver.Hosts {
    record Sent(String host, String script) {}

    private record Answer(String host, String scriptContains, CommandResult result) {}

    private static final Pattern MARK = Pattern.compile("printf '%s\\\\n' '([^']*)' > (\\S+/slices/\\S+)");
    private static final Pattern UNMARK = Pattern.compile("rm -f (\\S+/slices/\\S+)");
    private static final Pattern LIST = Pattern.compile("dir=(\\S+)\ncat \"\\$dir\"/\\* 2>/dev/null \\|\\| true\n");
    /** The leftovers survey ({@link LinuxLeftovers}): answered with the host's markers, then any scripted answer's output. */
    private static final Pattern SURVEY = Pattern.compile("root=(\\S+)\nfor f in \"\\$root\"/slices/.*", Pattern.DOTALL);

    /** A part of a round that answers several questions ({@code Script#tell}): its words are printed when the part succeeds. */
    private static final String TELL = ") & if wait \"$!\"; then ";
    private static final Pattern TOLD = Pattern.compile("\\) & if wait \"\\$!\"; then (.*); fi");

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    /** Host and marker path to the marker's line. */
    private final Map<String, String> markers = new ConcurrentSkipListMap<>();
    private final List<Answer> answers = new CopyOnWriteArrayList<>();

    /** Scripts on {@code host} containing {@code scriptContains} get {@code stdout} and exit 0. */
    RecordingHosts answer(String host, String scriptContains, String stdout) {
        answers.add(new Answer(host, scriptContains, new CommandResult(0, stdout, "")));
        return this;
    }

    /** Scripts on {@code host} containing {@code scriptContains} fail with {@code stderr}. */
    RecordingHosts fail(String host, String scriptContains, String stderr) {
        answers.add(new Answer(host, scriptContains, new CommandResult(1, "", stderr)));
        return this;
    }

    List<Sent> sent() { return List.copyOf(sent); }

    /** The scripts sent to {@code host}, in order, without their {@code set -eu} line. */
    List<String> on(String host) {
        List<String> out = new ArrayList<>();
        for (Sent s : sent) if (s.host().equals(host)) out.add(s.script());
        return out;
    }

    /** The one script sent anywhere so far, then forgets it: for tests of one call. */
    String only() {
        if (sent.size() != 1) throw new AssertionError("expected one script, got " + sent);
        String s = sent.get(0).script();
        sent.clear();
        return s;
    }

    void clear() { sent.clear(); }

    /** Every marker still on any host, as "host path". */
    Set<String> markers() { return Set.copyOf(markers.keySet()); }

    private String listed(String host, String dir) {
        StringBuilder out = new StringBuilder();
        markers.forEach((k, line) -> { if (k.startsWith(host + " " + dir)) out.append(line).append('\n'); });
        return out.toString();
    }

    /** Each told part succeeds, and prints its words, unless a failing answer of the host matches that part. */
    private CommandResult told(String host, String text) {
        StringBuilder out = new StringBuilder(), part = new StringBuilder();
        for (String line : text.split("\n")) {
            Matcher m = TOLD.matcher(line);
            if (!m.matches()) {
                part.append(line).append('\n');
                continue;
            }
            boolean ok = true;
            for (Answer a : answers)
                if (a.host().equals(host) && part.toString().contains(a.scriptContains())) {
                    ok = a.result().ok();
                    break;
                }
            if (ok) out.append(m.group(1).replaceFirst("^echo ", "")).append('\n');
            part.setLength(0);
        }
        return new CommandResult(0, out.toString(), "");
    }

    @Override
    public RemoteShell shell(LinuxHost host) {
        return new RemoteShell() {
            @Override public String hostName() { return host.name(); }

            @Override
            public CommandResult run(Script script) {
                String text = script.render().replaceFirst("^set -eu\n", "");
                sent.add(new Sent(host.name(), text));
                Answer answer = new Answer(host.name(), "", new CommandResult(0, "", ""));
                for (Answer a : answers)
                    if (a.host().equals(host.name()) && text.contains(a.scriptContains())) {
                        answer = a;
                        break;
                    }
                Matcher list = LIST.matcher(text);
                if (answer.result().ok() && list.matches()) return new CommandResult(0, listed(host.name(), list.group(1) + "/"), "");
                if (text.contains(TELL)) return told(host.name(), text);
                Matcher survey = SURVEY.matcher(text);
                if (answer.result().ok() && survey.matches()) {
                    StringBuilder out = new StringBuilder();
                    String slices = survey.group(1) + "/slices/";
                    markers.forEach((k, line) -> {
                        if (!k.startsWith(host.name() + " " + slices)) return;
                        String rest = k.substring((host.name() + " " + slices).length());
                        out.append("marker ").append(rest, 0, rest.indexOf('/')).append(' ').append(line).append('\n');
                    });
                    return new CommandResult(0, out + answer.result().stdout(), "");
                }
                for (String line : text.split("\n")) {
                    // A failing script stops at its failing line (set -e): what it marked before stays.
                    if (!answer.result().ok() && line.contains(answer.scriptContains())) break;
                    Matcher m = MARK.matcher(line), u = UNMARK.matcher(line);
                    if (m.matches()) markers.put(host.name() + " " + m.group(2), m.group(1));
                    else if (u.matches()) markers.remove(host.name() + " " + u.group(1));
                }
                return answer.result();
            }

            @Override
            public void upload(InputStream content, String remotePath) {
                try {
                    content.transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                sent.add(new Sent(host.name(), "upload " + remotePath));
            }
        };
    }

    @Override
    public RemoteStream stream(LinuxHost host, Script script) {
        sent.add(new Sent(host.name(), script.render().replaceFirst("^set -eu\n", "")));
        InputStream in = new ByteArrayInputStream(new byte[0]);
        OutputStream out = new ByteArrayOutputStream();
        return new RemoteStream() {
            @Override public String stderr() { return ""; }

            @Override public InputStream in() { return in; }

            @Override public OutputStream out() { return out; }

            @Override public void close() {}
        };
    }
}
