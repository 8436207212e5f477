package io.parley.kernel.api.realtime;

/** {@code reaction_added} and {@code reaction_removed}: one per actual change. */
public record ReactionChanged(String messageId, String conversationId, String emoji, String userId) {
}
