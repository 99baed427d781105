package io.olimpus.server.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thread interrupted while it writes (a monitoring round cancelled, a probe timed out, a server
 * stopping its executors) must not close the embedded database for everyone: with H2's default
 * file channel the interrupt closed the file and every later query failed "database has been closed".
 */
class InterruptedWriterTest {
    @TempDir Path data;

    @Test
    void interruptingAWriterLeavesTheEmbeddedDatabaseOpen() throws Exception {
        try (Database db = Database.open(Database.embeddedUrl(data), null, null, 4)) {
            db.jdbi().useHandle(h -> h.execute("create table interrupted_writes (id int primary key auto_increment, v varchar(200))"));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger written = new AtomicInteger();
            AtomicInteger failures = new AtomicInteger();   // in a row
            Thread writer = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        db.jdbi().useHandle(h -> h.execute("insert into interrupted_writes (v) values (?)", "x".repeat(150)));
                        written.incrementAndGet();
                        failures.set(0);
                    } catch (RuntimeException expectedWhileInterrupted) {
                        // the interrupted statement itself may fail; the database must not
                        failures.incrementAndGet();
                    }
                    Thread.interrupted();
                }
            });
            writer.start();
            // Interrupt it many times while it writes, each time after it has written more; a closed
            // database stops the loop at once (every write fails), the bound only guards a stuck machine.
            long deadline = System.nanoTime() + 120_000_000_000L;
            for (int i = 0; i < 200 && System.nanoTime() < deadline && failures.get() < 20; i++) {
                int before = written.get();
                while (written.get() == before && failures.get() < 20 && System.nanoTime() < deadline) Thread.onSpinWait();
                writer.interrupt();
            }
            stop.set(true);
            writer.join(120_000);

            assertThat(failures.get()).as("writes refused in a row after interrupts").isLessThan(20);
            assertThat(written.get()).isGreaterThan(0);
            int rows = db.jdbi().withHandle(h -> h.createQuery("select count(*) from interrupted_writes").mapTo(Integer.class).one());
            assertThat(rows).isGreaterThanOrEqualTo(200);
            db.jdbi().useHandle(h -> h.execute("insert into interrupted_writes (v) values ('after')"));
        }
    }
}
