package io.olimpus.server.monitoring;

import io.olimpus.server.engine.monitoring.WorkerSample;
import org.jdbi.v3.core.Jdbi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The worker_samples table: load readings kept for the usage charts, purged past the retention. */
public final class SampleStore {
    /** One reading as the API shows it; {@code at} in epoch milliseconds. */
    public record Sample(long at, double cpuPercent, long memUsedMb, long memTotalMb, long diskUsedMb, long diskTotalMb) {}

    private final Jdbi jdbi;

    public SampleStore(Jdbi jdbi) { this.jdbi = jdbi; }

    public void insert(long workerId, WorkerSample s) {
        jdbi.useHandle(h -> h.createUpdate("insert into worker_samples (worker_id, taken_at, cpu_percent, mem_used_mb, mem_total_mb, disk_used_mb, disk_total_mb)"
                        + " values (:w, :at, :cpu, :mu, :mt, :du, :dt)")
                .bind("w", workerId).bind("at", s.takenAt().toEpochMilli()).bind("cpu", s.cpuPercent())
                .bind("mu", s.memUsedMb()).bind("mt", s.memTotalMb()).bind("du", s.diskUsedMb()).bind("dt", s.diskTotalMb()).execute());
    }

    /** Deletes every sample taken before {@code before}; returns how many. */
    public int purgeBefore(long before) {
        return jdbi.withHandle(h -> h.createUpdate("delete from worker_samples where taken_at < :t").bind("t", before).execute());
    }

    /** The latest {@code limit} samples of a worker taken at or after {@code since}, oldest first. */
    public List<Sample> samples(long workerId, long since, int limit) {
        List<Sample> out = new ArrayList<>(jdbi.withHandle(h -> h.createQuery("select * from worker_samples where worker_id = :w and taken_at >= :s"
                        + " order by taken_at desc, id desc limit :n")
                .bind("w", workerId).bind("s", since).bind("n", limit)
                .map((rs, c) -> new Sample(rs.getLong("taken_at"), rs.getDouble("cpu_percent"), rs.getLong("mem_used_mb"), rs.getLong("mem_total_mb"),
                        rs.getLong("disk_used_mb"), rs.getLong("disk_total_mb"))).list()));
        Collections.reverse(out);
        return out;
    }

    public long count(long workerId) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from worker_samples where worker_id = :w").bind("w", workerId).mapTo(Long.class).one());
    }
}
