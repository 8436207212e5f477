package io.parley.kernel.api;

import io.parley.kernel.auth.Caller;

/**
 * The message commands as a client sees them, one path for REST and for sockets so the two never disagree.
 * {@code connectionId} is the realtime connection a command came from, or null for REST; events carry it, so the
 * sending connection hears {@code message_sent} and the others {@code new_message}.
 */
public interface MessageCommands {

    /** The message, and whether it is new (false: a retry with a {@code clientMessageId} sent before). */
    record Sent(MessageView message, boolean created) {
    }

    Sent send(Caller caller, String connectionId, SendMessageRequest request);

    ReadReceiptView markRead(Caller caller, String connectionId, String messageId);

    DeletionView delete(Caller caller, String connectionId, String messageId);
}
