package io.olimpus.server.platform.linux;

import io.olimpus.server.platform.linux.ssh.RemoteShell;
import io.olimpus.server.platform.linux.ssh.Script;

import java.util.HashMap;
import java.util.Map;

/**
 * One watcher per worker for its booting VMs, instead of a round trip per VM per poll: every VM
 * whose status is asked joins the worker's next round, and a round is one script that waits on
 * the worker (up to {@link #WAIT_SECONDS}) until any of its VMs changes from what its caller last
 * saw (QEMU gone, the guest's console says it is up), then prints every VM's probe. Callers that
 * join while a round runs wait for the next one, so they never read an answer older than their
 * question. A dead QEMU ends the wait at once, so failures are seen as fast as before.
 */
final class BootWatch {
    /**
     * How long a round waits on the worker for a change; under the SSH command timeout, above the engine's poll interval.
     * A change ends a round at once, so this only bounds idle rounds (fewer round trips per boot: 8 s gave about
     * three idle rounds per worker for a 25 s boot) and how often a guest whose console says nothing is asked for its leases.
     */
    static final int WAIT_SECONDS = 15;
    /** The word a VM's folder gives in the wait: booting, up (the guest said so on its console), panicked (its kernel did) or other (not alive). */
    private static final String WORD = "if [ -s \"$vm/qemu.pid\" ] && kill -0 \"$(cat \"$vm/qemu.pid\")\" 2>/dev/null; then "
            + "if grep -aqE '" + Qemu.GuestConsole.PANIC + "' \"$vm/serial.log\" 2>/dev/null; then w=panicked; "
            + "elif grep -aqE '" + Qemu.GuestConsole.READY + "' \"$vm/serial.log\" 2>/dev/null; then w=up; else w=booting; fi; else w=other; fi";
    /**
     * Waits while every folder of $dirs gives the word of $expect at the same place, at most
     * $ticks half seconds, then prints each folder's probe after a "== <folder>" line.
     */
    private static final String ROUND = "t=0\nwhile :; do\n  set -- $expect; same=1\n"
            + "  for vm in $dirs; do " + WORD + "; [ \"$w\" = \"$1\" ] || same=0; shift; done\n"
            + "  [ \"$same\" = 1 ] && [ \"$t\" -lt \"$ticks\" ] || break\n  t=$((t + 1)); sleep 0.5\ndone\n"
            + "for vm in $dirs; do echo \"== $vm\"; " + Qemu.PROBE + "; done";

    /** A folder the worker did not print (an empty answer) reads as an empty probe, which is what Qemu#probe would say of it. */
    private final SharedRounds<String, String> rounds;

    BootWatch(RemoteShell shell) {
        rounds = new SharedRounds<>(batch -> parse(shell.check(round(batch))), "", "a VM to boot");
    }

    /**
     * The probe of the VM in {@code dir} ({@link Qemu#probe}'s answer), from a round that started
     * after this call; {@code lastSeen} ("booting" or "up") is what its caller knew, so the round
     * waits for news of it.
     */
    String probe(String dir, String lastSeen) {
        return rounds.ask(dir, lastSeen);
    }

    /**
     * The probe of each folder of {@code dirs} as the worker shows it now: one round trip that
     * waits for nothing and joins no round (a person's listing must not sit behind a boot's wait).
     */
    static Map<String, String> now(RemoteShell shell, java.util.Collection<String> dirs) {
        Map<String, String> batch = new java.util.LinkedHashMap<>();
        for (String dir : dirs) batch.put(dir, "now");
        return parse(shell.check(round(batch, 0)));
    }

    static Script round(Map<String, String> batch) { return round(batch, WAIT_SECONDS * 2); }

    private static Script round(Map<String, String> batch, int ticks) {
        return Script.create().fixed(ROUND, Script.var("expect", String.join(" ", batch.values())),
                Script.var("dirs", String.join(" ", batch.keySet())), Script.var("ticks", String.valueOf(ticks)));
    }

    /** Each folder's probe, as {@link Qemu#probe} alone would have printed it. */
    static Map<String, String> parse(String out) {
        Map<String, String> by = new HashMap<>();
        String dir = null;
        StringBuilder sb = new StringBuilder();
        for (String line : out.split("\n")) {
            if (line.startsWith("== ")) {
                if (dir != null) by.put(dir, sb.toString());
                dir = line.substring(3).strip();
                sb.setLength(0);
            } else if (dir != null) {
                sb.append(line).append('\n');
            }
        }
        if (dir != null) by.put(dir, sb.toString());
        return by;
    }
}
