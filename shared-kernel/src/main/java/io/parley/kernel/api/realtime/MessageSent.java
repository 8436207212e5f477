package io.parley.kernel.api.realtime;

import io.parley.kernel.api.MessageView;

/** {@code message_sent}: to the connection the message was sent from. */
public record MessageSent(MessageView message) {
}
