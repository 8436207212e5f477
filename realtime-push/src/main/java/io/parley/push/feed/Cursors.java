package io.parley.push.feed;

import io.parley.kernel.error.ParleyException;

/**
 * A cursor names a place in the deployment's feed stream: after the event at that position. Clients treat it as
 * opaque; it is {@code s} and the position zero-padded to a fixed width, so cursors also sort as strings in the order
 * of the stream. {@code "0"} names the start. A cursor of the earlier per-user format (sixteen bare digits) names a
 * place in a feed that no longer exists and is refused with a reason of its own.
 */
public final class Cursors {

    private static final String PREFIX = "s";
    private static final int WIDTH = 16;
    private static final String FORMAT = PREFIX + "%0" + WIDTH + "d";

    private Cursors() {
    }

    public static String of(long position) {
        return String.format(FORMAT, position);
    }

    /** The position a cursor names; a value that is no cursor is the client's mistake. */
    public static long position(String cursor) {
        if ("0".equals(cursor)) {
            return 0;
        }
        if (cursor != null && cursor.length() == WIDTH && digits(cursor)) {
            throw ParleyException.validation("since is a cursor of Parley's earlier per-user feed, which was"
                    + " replaced by one stream: delivery starts at the current cursor; keep the new ones");
        }
        if (cursor == null || cursor.length() != PREFIX.length() + WIDTH || !cursor.startsWith(PREFIX)
                || !digits(cursor.substring(PREFIX.length()))) {
            throw ParleyException.validation("since must be a cursor Parley gave (sync_complete or an event's cursor)");
        }
        return Long.parseLong(cursor.substring(PREFIX.length()));
    }

    private static boolean digits(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
