package io.parley.push.socket;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Answers one client event. What it returns is merged into the acknowledgement after {@code ok: true}, so it
 * must become a JSON object (a record or a map), or be {@code null} for a bare {@code { ok: true }}. A thrown
 * {@link io.parley.kernel.error.ParleyException} is what the client hears as the {@code error} event and the
 * failed acknowledgement.
 */
@FunctionalInterface
public interface ClientEventHandler {

    /**
     * The acknowledgement's fields (a record, null for none), or a {@code CompletionStage} of them: the connection's
     * next event is then handled at once, and the acknowledgement sent when the stage completes.
     */
    Object handle(Connection connection, JsonNode payload);
}
