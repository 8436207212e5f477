package io.parley.push.feed;

import java.util.List;

/**
 * One stored event as its recipients hear it, kept once in the deployment's feed stream however many members hear
 * it: its {@code position} in the stream (1, 2, 3... for the whole deployment, with no gap), its conversation and
 * its place {@code n} in that conversation's part of the stream (1, 2, 3...), the socket event's name and JSON
 * {@code payload} (without eventId and cursor, which are added as it is sent), and the connection that caused it
 * ({@code origin}, or null): that connection hears its own {@code new_message} as {@code message_sent}.
 * {@code to} is null when every member of the conversation at that position hears it, else exactly who does.
 */
public record FeedEvent(long position, String conversationId, long n, String eventId, String event, String origin,
        String payload, List<String> to) {

    public String cursor() {
        return Cursors.of(position);
    }

    /** Whether a member of the conversation at this event's position hears it. */
    public boolean reaches(String userId) {
        return to == null || to.contains(userId);
    }

    /**
     * The payload with eventId and cursor added, as JSON text. Both are the same for every recipient (the cursor is
     * a position in the one stream), so a node writes this once per event, and every connection sends the same
     * text; they are spliced in rather than parsed and written again (the payload is an object; both are plain).
     */
    public String positioned() {
        return positioned(payload);
    }

    /** Another payload of this event (message_sent's, which carries the message alone), positioned alike. */
    public String positioned(String otherPayload) {
        return otherPayload.substring(0, otherPayload.lastIndexOf('}'))
                + ",\"eventId\":\"" + eventId + "\",\"cursor\":\"" + cursor() + "\"}";
    }
}
