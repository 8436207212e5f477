package io.parley.query.replay;

import java.time.Instant;

/**
 * What {@code /api/admin/projections} says of a read model: {@code state} {@code live} (only the live generation)
 * or {@code rebuilding} (a new one being built beside it, {@code rebuild} says how far), the generation reads go
 * to, and when the last rebuild took over.
 */
public record ProjectionStatus(
        String name, String state, int generation, Rebuild rebuild, Instant lastRebuildFinishedAt) {

    /**
     * A rebuild under way. Positions count the Kafka records read, summed over the topic's partitions: the
     * rebuild's, and the live processor's it must reach before the switch; {@code progress} is the first over
     * the second, 0 to 1.
     */
    public record Rebuild(int generation, Instant startedAt, long position, long livePosition, double progress) {
    }
}
