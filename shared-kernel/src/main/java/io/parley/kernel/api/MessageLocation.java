package io.parley.kernel.api;

import java.time.Instant;

/** A message's fixed facts, as the command endpoints need them to address their command. */
public record MessageLocation(
        String messageId, String conversationId, long seq, String sender, boolean deleted, Instant deletedAt) {
}
