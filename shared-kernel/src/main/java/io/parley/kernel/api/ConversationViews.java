package io.parley.kernel.api;

import java.time.Duration;
import java.util.Optional;

/**
 * Read-your-writes for the command endpoints: the read side's view of a conversation once it has applied the
 * event with the given aggregate sequence number. A command endpoint answers with it, so what a client gets
 * from a POST is exactly what its next GET shows.
 */
public interface ConversationViews {

    /**
     * Waits up to {@code timeout} for the read model to reach {@code version}; empty when it did not
     * (the write stands; the caller falls back to the command side's own view).
     */
    Optional<ConversationView> awaitVersion(String conversationId, String viewer, long version, Duration timeout);

    /** Waits as {@link #awaitVersion} does, for a command whose answer needs no view; false if it timed out. */
    boolean awaitApplied(String conversationId, long version, Duration timeout);
}
