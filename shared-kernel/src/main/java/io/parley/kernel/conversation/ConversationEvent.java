package io.parley.kernel.conversation;

/**
 * An event that belongs to one conversation. The Kafka record key is this id, so every event of a
 * conversation lands in one partition and keeps its order for every consumer.
 */
public interface ConversationEvent {

    String conversationId();
}
