package io.parley.kernel.api.realtime;

import io.parley.kernel.api.ConversationView;

/** {@code conversation_created}, {@code conversation_updated} and {@code conversation_deleted}. */
public record ConversationChanged(ConversationView conversation) {
}
