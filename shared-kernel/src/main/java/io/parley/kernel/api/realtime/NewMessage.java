package io.parley.kernel.api.realtime;

import io.parley.kernel.api.MessageView;

/** {@code new_message}: to every connection of every participant but the one that sent it. */
public record NewMessage(MessageView message, ConversationSummary conversation) {
}
