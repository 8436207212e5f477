package io.parley.push.typing;

import java.util.List;

/** One typing change on the typing topic; {@code recipients} are the other members when it was sent. */
record TypingSignal(String conversationId, String userId, boolean isTyping, List<String> recipients) {
}
