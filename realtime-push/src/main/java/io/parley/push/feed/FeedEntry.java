package io.parley.push.feed;

/**
 * The {@code seq}-th socket event of one user's feed, as it is delivered: which stored event ({@code eventId}),
 * the socket event's name and JSON {@code payload} (without eventId and cursor), and the connection that caused it
 * ({@code origin}, or null). See {@link FeedEvent}.
 */
public record FeedEntry(String userId, long seq, String eventId, String event, String origin, String payload) {

    public String cursor() {
        return Cursors.of(seq);
    }
}
