package io.parley.push.socket;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.kernel.error.ParleyException;
import io.parley.push.delivery.Deliveries;
import org.springframework.stereotype.Component;

/**
 * Catch-up over the socket: a connection starts its delivery where its {@code auth.since} says (or at the head) and
 * hears {@code sync_complete}; {@code sync { since }} asks again; a closed connection stops its delivery.
 */
@Component
class FeedClientEvents {

    FeedClientEvents(ClientEvents events, Deliveries deliveries) {
        events.onConnect(connection -> deliveries.open(connection.id(), connection.userId(), connection.since()));
        events.on("sync", (connection, payload) -> {
            JsonNode since = payload == null ? null : payload.get("since");
            if (since == null || !since.isTextual()) {
                throw ParleyException.validation("since is required and must be a cursor string");
            }
            deliveries.sync(connection.id(), since.asText());
            return null;
        });
        events.onDisconnect(connection -> deliveries.close(connection.id()));
    }
}
