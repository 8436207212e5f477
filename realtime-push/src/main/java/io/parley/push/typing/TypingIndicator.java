package io.parley.push.typing;

/** {@code typing_indicator}, as the other members receive it. */
record TypingIndicator(String conversationId, String userId, boolean isTyping) {

    static final String EVENT = "typing_indicator";
}
