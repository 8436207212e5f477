package io.parley.push.feed;

import io.parley.kernel.error.ParleyException;

/**
 * A cursor names a place in one user's feed: after the event of that {@code seq}. Clients treat it as opaque; it is
 * the seq zero-padded to a fixed width, so cursors also sort as strings in the order of the feed.
 */
public final class Cursors {

    private static final int WIDTH = 16;
    private static final String FORMAT = "%0" + WIDTH + "d";

    private Cursors() {
    }

    public static String of(long seq) {
        return String.format(FORMAT, seq);
    }

    /** The seq a cursor names; a value that is no cursor is the client's mistake. */
    public static long seq(String cursor) {
        boolean digits = cursor != null && !cursor.isEmpty() && cursor.chars().allMatch(Character::isDigit);
        if (!digits || cursor.length() > WIDTH) {
            throw ParleyException.validation("since must be a cursor Parley gave (sync_complete or an event's cursor)");
        }
        return Long.parseLong(cursor);
    }
}
