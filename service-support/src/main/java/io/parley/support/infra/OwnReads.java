package io.parley.support.infra;

/**
 * The mark on a read of documents that only the reader itself writes, and wrote journaled before it reads again: the
 * feed processor looking where its stream ends. The embedded store makes a read of a forwarded collection wait until
 * everything it could have seen is committed, so that nothing it answers can be lost by a crash; a read so marked
 * cannot see anything uncommitted of its own, and goes without that wait. MongoDB keeps the mark as the command's
 * {@code comment}, which shows in its profiler and logs, and changes nothing.
 */
public final class OwnReads {

    /** The {@code comment} of a find that reads back only what its own writer stored. */
    public static final String COMMENT = "parley:own-read";

    private OwnReads() {
    }
}
