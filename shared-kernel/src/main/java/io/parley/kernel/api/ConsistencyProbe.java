package io.parley.kernel.api;

import java.util.List;

/**
 * A read model or feed built from the event stream, as the consistency audit ({@code GET /api/admin/consistency})
 * compares it with the event store: one {@link ConversationHolding} for every conversation it knows.
 */
public interface ConsistencyProbe {

    /** The read model's name in the audit's report: {@code conversations}, {@code feed}. */
    String name();

    List<ConversationHolding> holdings();
}
