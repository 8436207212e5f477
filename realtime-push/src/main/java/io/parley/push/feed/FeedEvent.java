package io.parley.push.feed;

/**
 * One stored event as its recipients hear it, kept once however many feeds list it: the socket event's name and
 * JSON {@code payload} (without eventId and cursor, which are added as it is sent), its conversation, and the
 * connection that caused it ({@code origin}, or null): that connection hears its own {@code new_message} as
 * {@code message_sent}.
 */
public record FeedEvent(String eventId, String conversationId, String event, String origin, String payload) {
}
