package io.olimpus.server.platform.linux;

import io.olimpus.server.platform.linux.ssh.RemoteShell;
import io.olimpus.server.platform.linux.ssh.Script;

import java.util.HashSet;
import java.util.LinkedHashMap;
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

    private final RemoteShell shell;
    private final Map<String, Script> waiting = new LinkedHashMap<>();
    private Set<String> answers = Set.of();
    private long rounds;
    private boolean running;

    LeaseWatch(RemoteShell shell) { this.shell = shell; }

    /** Whether {@code check} ({@link Dnsmasq#bootedSinceStart}) succeeds for the VM of folder {@code key}, from a round that started after this call. */
    boolean leased(String key, Script check) {
        Map<String, Script> batch;
        synchronized (this) {
            waiting.put(key, check);
            long wanted = rounds + (running ? 2 : 1);
            while (true) {
                if (rounds >= wanted) {
                    waiting.remove(key);
                    return answers.contains(key);
                }
                if (!running) break;
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    waiting.remove(key);
                    throw new io.olimpus.server.engine.driver.DriverException("interrupted while waiting for a VM's leases");
                }
            }
            running = true;
            batch = new LinkedHashMap<>(waiting);
        }
        Set<String> got = Set.of();
        try {
            got = parse(shell.check(round(batch)));
        } finally {
            synchronized (this) {
                answers = got;
                rounds++;
                running = false;
                notifyAll();
            }
        }
        synchronized (this) {
            waiting.remove(key);
            return got.contains(key);
        }
    }

    /** How many callers are waiting or being served (for tests). */
    synchronized int waitingCount() { return waiting.size(); }

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
