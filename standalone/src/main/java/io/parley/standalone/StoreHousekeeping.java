package io.parley.standalone;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's compaction, in small steps on a thread of its own, in place of H2's background writer.
 *
 * <p>H2's writer, besides rewriting the live pages of sparse chunks, moves whole chunks towards the start of the file
 * to shrink it whenever the file is fragmented; when the store is quiet it moves up to eight times its write buffer
 * (about 150 MB) at once, with several fsyncs, holding the store's lock all the while. Every commit waits behind it:
 * after the suite's heavy scenarios, one-at-a-time messages into a group stalled for 1.0-1.9 s every few seconds.
 * This rewrites at most {@link #REWRITE_BYTES} of sparse chunks a step and never moves chunks: the file keeps the size
 * it grew to and reuses the space the rewrites free (H2 drops a chunk with nothing live in it once its retention time
 * has passed, at the next commit).
 */
final class StoreHousekeeping implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoreHousekeeping.class);

    /** What one step may rewrite: a commit after it writes the rewritten pages, so this bounds what it adds to one. */
    private static final int REWRITE_BYTES = 1024 * 1024;

    private static final long STEP_MILLIS = 250;

    private final ScheduledExecutorService steps = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "parley-store-housekeeping");
        thread.setDaemon(true);
        return thread;
    });

    private long commitsSeen;

    /**
     * Rewrites chunks of {@code file} once its chunks are below {@code fillPercent} percent live on the whole, a step
     * every {@link #STEP_MILLIS}; while writes go on ({@code commits} moved since the step before), only below
     * {@code fillPercent}² / 100 percent, as H2's writer did: rewriting competes with the writers' own commits.
     */
    StoreHousekeeping(MVStore file, int fillPercent, LongSupplier commits) {
        steps.scheduleWithFixedDelay(() -> {
            try {
                long commitsNow = commits.getAsLong();
                boolean writing = commitsNow != commitsSeen;
                commitsSeen = commitsNow;
                if (!file.isClosed()) {
                    file.compact(writing ? fillPercent * fillPercent / 100 : fillPercent, REWRITE_BYTES);
                }
            } catch (RuntimeException e) {
                // a store that failed is failing every write too; the step must not end the schedule meanwhile
                log.warn("embedded store compaction step failed", e);
            }
        }, STEP_MILLIS, STEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Before the store closes: no step runs after this returns. A step under way is let finish, not interrupted: an
     * interrupt during file I/O closes the file's channel under the store.
     */
    @Override
    public void close() {
        steps.shutdown();
        try {
            steps.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
