package io.olimpus.server.slices;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import java.util.function.Supplier;

/**
 * Serialized slice lists, reused while no slice has changed. Lists are read far more often than
 * slices change (every client polls them), and a list is one query plus JSON for up to 1,000 rows.
 * An entry is valid while {@link SliceStore#generation(Long)} of its owner scope (one owner's
 * slices, or all of them for an admin's list) is what it was before the entry's query,
 * and for at most {@link #MAX_AGE_MS}, a bound on staleness should anything write the tables from
 * outside this process.
 */
public final class SliceListCache {
    static final long MAX_AGE_MS = 1_000;
    static final int MAX_ENTRIES = 4_096;

    /** What a list depends on: who asks (their owner scope) and the query. */
    public record Key(Long ownerId, SliceStatus status, String zone, String prefix, int limit, int offset) {}

    /** A list's JSON and, made on first demand and then kept, its gzip. */
    public static final class Answer {
        private final byte[] json;
        private volatile byte[] gzip;

        Answer(byte[] json) { this.json = json; }

        public byte[] json() { return json; }

        public byte[] gzip() {
            byte[] g = gzip;
            if (g == null) gzip = g = io.olimpus.server.http.Http.gzip(json);
            return g;
        }
    }

    private record Entry(long generation, long at, Answer answer) {}

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final ToLongFunction<Long> generation;

    public SliceListCache(ToLongFunction<Long> generation) { this.generation = generation; }

    public Answer get(Key key, long now, Supplier<byte[]> compute) {
        Entry e = entries.get(key);
        long gen = generation.applyAsLong(key.ownerId());
        if (e != null && e.generation == gen && now - e.at < MAX_AGE_MS) return e.answer;
        Answer a = new Answer(compute.get());  // the generation was read before the query: a write meanwhile invalidates it
        if (entries.size() >= MAX_ENTRIES) entries.clear();
        entries.put(key, new Entry(gen, now, a));
        return a;
    }
}
