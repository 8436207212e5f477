package io.parley.kernel.api;

import io.parley.kernel.auth.Caller;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The message commands as a client sees them, one path for REST and for sockets so the two never disagree.
 * {@code connectionId} is the realtime connection a command came from, or null for REST; events carry it, so the
 * sending connection hears {@code message_sent} and the others {@code new_message}.
 */
public interface MessageCommands {

    /** The message, and whether it is new (false: a retry with a {@code clientMessageId} sent before). */
    record Sent(MessageView message, boolean created) {
    }

    /** What the realtime service sends for {@link #edit} when it runs apart from the command side. */
    record Edit(String messageId, String content) {
    }

    /** What the realtime service sends for {@link #react} when it runs apart from the command side. */
    record Reaction(String messageId, String emoji, boolean on) {
    }

    Sent send(Caller caller, String connectionId, SendMessageRequest request);

    /**
     * {@link #send}, answered in two steps so a connection can go on to its next event while the read model catches
     * up: when this returns the message is stored for good (or refused: it throws as send does), and the stage
     * completes with send's answer once the read model has it, waiting on {@code waits}. Where the two steps cannot
     * be told apart (the command side over HTTP), it is send, already complete.
     */
    default CompletionStage<Sent> sendThenAwait(Caller caller, String connectionId, SendMessageRequest request,
            Executor waits) {
        return CompletableFuture.completedFuture(send(caller, connectionId, request));
    }

    ReadReceiptView markRead(Caller caller, String connectionId, String messageId);

    DeletionView delete(Caller caller, String connectionId, String messageId);

    /** The message with its new content, as the caller's next GET shows it. */
    MessageView edit(Caller caller, String connectionId, String messageId, String content);

    /** Adds ({@code on}) or takes back the caller's reaction; the message's reactions afterwards. */
    ReactionsView react(Caller caller, String connectionId, String messageId, String emoji, boolean on);

    /** Marks the message and every earlier one of its conversation delivered to the caller; idempotent. */
    MessageLocation markDelivered(Caller caller, String connectionId, String messageId);
}
