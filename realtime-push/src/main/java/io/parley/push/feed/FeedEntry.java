package io.parley.push.feed;

/**
 * The {@code seq}-th socket event of one user's feed, as stored and as carried live between nodes: the stored event
 * it comes from ({@code eventId}), the socket event's name and its JSON {@code payload} (without eventId and cursor,
 * which are added as it is sent), and the connection that caused it ({@code origin}, or null): that connection hears
 * its own {@code new_message} as {@code message_sent}.
 */
public record FeedEntry(String userId, long seq, String eventId, String event, String origin, String payload) {

    public String cursor() {
        return Cursors.of(seq);
    }
}
