package io.parley.push.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.parley.push.feed.FeedEvent;

/**
 * A stored event as it goes on the wire, written once and sent as it is to every connection that hears it: its
 * payload with eventId and cursor, which are the same for every recipient. The sending connection's
 * {@code message_sent} (the message alone) is written when first asked for.
 */
final class Framed {

    private final FeedEvent event;
    private final RawValue frame;
    private RawValue messageSent;

    Framed(FeedEvent event) {
        this.event = event;
        this.frame = new RawValue(event.positioned());
    }

    FeedEvent event() {
        return event;
    }

    RawValue frame() {
        return frame;
    }

    /** {@code message_sent} carries the message alone. */
    synchronized RawValue messageSent(ObjectMapper json) {
        if (messageSent == null) {
            try {
                ObjectNode payload = (ObjectNode) json.readTree(event.payload());
                messageSent = new RawValue(event.positioned(json.writeValueAsString(payload.retain("message"))));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored new_message " + event.eventId() + " is not JSON", e);
            }
        }
        return messageSent;
    }
}
