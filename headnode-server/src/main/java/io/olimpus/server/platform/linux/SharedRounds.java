package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.driver.DriverException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One round trip for every caller asking a host at about the same time, instead of one each:
 * a caller joins the next round with its key and question, and a round asks all the questions of
 * the callers waiting when it starts. Callers that join while a round runs wait for the next one,
 * so no answer is older than its question. What {@link BootWatch} and {@link LeaseWatch} share.
 *
 * @param <Q> a caller's question (what the round needs of it)
 * @param <A> a caller's answer
 */
final class SharedRounds<Q, A> {
    private final Function<Map<String, Q>, Map<String, A>> round;
    private final A unanswered;
    private final String waitingFor;
    private final Map<String, Q> waiting = new LinkedHashMap<>();
    private Map<String, A> answers = Map.of();
    private long rounds;
    private boolean running;

    /**
     * @param round      one round trip: every waiting caller's question by key, to the answers by key
     * @param unanswered the answer of a key the round did not answer
     * @param waitingFor what callers wait for, for the message of an interrupted wait
     */
    SharedRounds(Function<Map<String, Q>, Map<String, A>> round, A unanswered, String waitingFor) {
        this.round = round;
        this.unanswered = unanswered;
        this.waitingFor = waitingFor;
    }

    /** The answer to {@code question} for {@code key}, from a round that started after this call. */
    A ask(String key, Q question) {
        Map<String, Q> batch;
        synchronized (this) {
            waiting.put(key, question);
            long wanted = rounds + (running ? 2 : 1);
            while (true) {
                if (rounds >= wanted) {
                    waiting.remove(key);
                    return answers.getOrDefault(key, unanswered);
                }
                if (!running) break;
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    waiting.remove(key);
                    throw new DriverException("interrupted while waiting for " + waitingFor);
                }
            }
            running = true;
            batch = new LinkedHashMap<>(waiting);
        }
        Map<String, A> got = Map.of();
        try {
            got = round.apply(batch);
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
            return got.getOrDefault(key, unanswered);
        }
    }

    /** How many callers are waiting or being served (for tests). */
    synchronized int waitingCount() { return waiting.size(); }
}
