package io.parley.kernel.api;

/**
 * What one read model or feed holds of one conversation, for the consistency audit: {@code version}, the event
 * stream's sequence number of the last event it applied; {@code messages}, how many messages it holds; and
 * {@code lastSeq}, the highest message seq among them ({@code -1} where it does not keep seqs).
 */
public record ConversationHolding(String conversationId, long version, long messages, long lastSeq) {
}
