package io.parley.kernel.api.realtime;

import io.parley.kernel.api.MessageView;

/** {@code message_edited}: the message as it is after the edit, to every participant's connections. */
public record MessageEdited(MessageView message) {
}
