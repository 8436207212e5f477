package io.parley.push.socket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.kernel.api.MessageCommands;
import io.parley.kernel.api.MessageView;
import io.parley.kernel.api.ReactionView;
import io.parley.kernel.api.ReadReceiptView;
import io.parley.kernel.api.SendMessageRequest;
import io.parley.kernel.error.ParleyException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * {@code send_message}, {@code mark_read}, {@code edit_message}, {@code react} and {@code mark_delivered}: the same {@link MessageCommands} as REST, with the connection's id,
 * so the events they cause come back to this connection as {@code message_sent} and to the others as
 * {@code new_message}.
 */
@Component
class MessageClientEvents {

    record MessageAck(MessageView message) {
    }

    record ReadAck(String messageId, String conversationId, Instant readAt) {
    }

    record ReactionsAck(List<ReactionView> reactions) {
    }

    /**
     * Where sends wait for the read model before their acknowledgement: up to {@value #MAX_WAITING} at once, beyond
     * that on the connection's own thread (which then holds its next event back, as before).
     */
    private static final int MAX_WAITING = 512;
    private final ThreadPoolExecutor waits = new ThreadPoolExecutor(0, MAX_WAITING, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "parley-send-wait");
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.CallerRunsPolicy());

    MessageClientEvents(ClientEvents events, MessageCommands messages, ObjectMapper json) {
        // stored in the connection's order; acknowledged once the read model has it, while the next events go on
        events.on("send_message", (connection, payload) -> messages.sendThenAwait(connection.caller(),
                        connection.id(), read(json, payload, SendMessageRequest.class), waits)
                .thenApply(sent -> new MessageAck(sent.message())));
        events.on("mark_read", (connection, payload) -> {
            JsonNode messageId = payload == null ? null : payload.get("messageId");
            if (messageId == null || !messageId.isTextual()) {
                throw ParleyException.validation("messageId is required and must be a string");
            }
            ReadReceiptView receipt = messages.markRead(connection.caller(), connection.id(), messageId.asText());
            return new ReadAck(receipt.messageId(), receipt.conversationId(), receipt.readAt());
        });
        events.on("edit_message", (connection, payload) -> new MessageAck(messages.edit(connection.caller(),
                connection.id(), text(payload, "messageId"), text(payload, "content"))));
        events.on("react", (connection, payload) -> {
            String messageId = text(payload, "messageId");
            String emoji = text(payload, "emoji");
            JsonNode on = payload.get("on");
            if (on == null || !on.isBoolean()) {
                throw ParleyException.validation("on is required and must be true or false");
            }
            return new ReactionsAck(messages.react(connection.caller(), connection.id(), messageId, emoji,
                    on.booleanValue()).reactions());
        });
        events.on("mark_delivered", (connection, payload) -> {
            messages.markDelivered(connection.caller(), connection.id(), text(payload, "messageId"));
            return null; // { ok: true }
        });
    }

    /** A required string field of an object payload. */
    private static String text(JsonNode payload, String field) {
        if (payload == null || !payload.isObject()) {
            throw ParleyException.validation("the payload must be an object");
        }
        JsonNode value = payload.get(field);
        if (value == null || !value.isTextual()) {
            throw ParleyException.validation(field + " is required and must be a string");
        }
        return value.asText();
    }

    private static <T> T read(ObjectMapper json, JsonNode payload, Class<T> type) {
        if (payload == null || !payload.isObject()) {
            throw ParleyException.validation("the payload must be an object");
        }
        try {
            return json.treeToValue(payload, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw ParleyException.validation("the payload has a field of the wrong type");
        }
    }
}
