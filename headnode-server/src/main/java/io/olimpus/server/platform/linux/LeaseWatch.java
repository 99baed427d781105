package io.olimpus.server.platform.linux;

import io.olimpus.server.platform.linux.ssh.RemoteShell;
import io.olimpus.server.platform.linux.ssh.Script;

import java.util.HashSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The headnode's answer to "was every NIC of this VM acknowledged since its start", one round
 * trip for all the VMs asked at the same time instead of one each: the VMs of a worker learn
 * from the same {@link BootWatch} round that their guests are up, and ask together. As there,
 * callers that join while a round runs wait for the next one, so no answer is older than its
 * question.
 */
final class LeaseWatch {
    private static final String LEASED = "leased";

    private final SharedRounds<Script, Boolean> rounds;
    private final RemoteShell shell;

    LeaseWatch(RemoteShell shell) {
        this.shell = shell;
        rounds = new SharedRounds<>(batch -> {
            Map<String, Boolean> leased = new HashMap<>();
            parse(shell.check(round(batch))).forEach(key -> leased.put(key, true));
            return leased;
        }, false, "a VM's leases");
    }

    /** The keys of {@code checks} whose check succeeds now, in one round trip of their own (no waiting behind a round). */
    Set<String> leasedNow(Map<String, Script> checks) {
        return checks.isEmpty() ? Set.of() : parse(shell.check(round(checks)));
    }

    /** Whether {@code check} ({@link Dnsmasq#bootedSinceStart}) succeeds for the VM of folder {@code key}, from a round that started after this call. */
    boolean leased(String key, Script check) {
        return rounds.ask(key, check);
    }

    /** How many callers are waiting or being served (for tests). */
    int waitingCount() { return rounds.waitingCount(); }

    static Script round(Map<String, Script> batch) {
        Script s = Script.create();
        batch.forEach((key, check) -> s.tell(check, LEASED, key));
        return s;
    }

    static Set<String> parse(String out) {
        Set<String> leased = new HashSet<>();
        for (String line : out.split("\n")) if (line.startsWith(LEASED + " ")) leased.add(line.substring(LEASED.length() + 1).strip());
        return leased;
    }
}
