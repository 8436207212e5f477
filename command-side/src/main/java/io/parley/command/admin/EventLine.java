package io.parley.command.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * One line of the export: a stored event with everything needed to put it back on the event stream
 * ({@code payloadType}, {@code payloadRevision}, {@code aggregateType} beside the fields analysts read). The payload
 * and metadata are the event store's own serialized form, so an export read back deserializes to the same events.
 *
 * @param sequence the event's number in its conversation's stream, from 0 (Axon's aggregate sequence number)
 */
record EventLine(
        String eventId,
        String type,
        String conversationId,
        long sequence,
        String timestamp,
        String aggregateType,
        String payloadType,
        String payloadRevision,
        JsonNode payload,
        JsonNode metadata) {

    static EventLine of(DomainEventMessage<?> event, Serializer serializer, ObjectMapper json) {
        SerializedObject<String> payload = event.serializePayload(serializer, String.class);
        SerializedObject<String> metadata = event.serializeMetaData(serializer, String.class);
        try {
            return new EventLine(event.getIdentifier(), event.getPayloadType().getSimpleName(),
                    event.getAggregateIdentifier(), event.getSequenceNumber(), event.getTimestamp().toString(),
                    event.getType(), payload.getType().getName(), payload.getType().getRevision(),
                    json.readTree(payload.getData()), json.readTree(metadata.getData()));
        } catch (IOException e) {
            throw new UncheckedIOException("stored event " + event.getIdentifier() + " is not JSON", e);
        }
    }
}
