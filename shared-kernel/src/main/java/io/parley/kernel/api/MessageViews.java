package io.parley.kernel.api;

import java.time.Duration;
import java.util.Optional;

/**
 * What the message endpoints need from the read side: where a message is, whether a client's retry was already
 * sent, and the message as its sender's next GET will show it.
 */
public interface MessageViews {

    Optional<MessageLocation> locate(String messageId);

    /** The message {@code sender} sent earlier with that {@code clientMessageId} in that conversation. */
    Optional<MessageView> findByClientMessageId(String conversationId, String sender, String clientMessageId);

    /**
     * Waits up to {@code timeout} for the read model to reach the conversation {@code version}, then answers the
     * message at {@code seq} if it is the one named {@code messageId}: a send is answered with its own message, never
     * with whatever the read model holds at that seq.
     */
    Optional<MessageView> awaitMessage(String conversationId, String messageId, long seq, long version,
            Duration timeout);

    /** The message's reactions as the read model holds them, with the conversation version it had reached. */
    Optional<ReactionFacts> reactions(String conversationId, long seq);
}
