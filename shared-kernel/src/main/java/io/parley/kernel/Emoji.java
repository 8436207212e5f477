package io.parley.kernel;

/** A reaction's emoji as API.md allows it: 1-64 code points with no whitespace (a Unicode emoji or a :shortcode:). */
public final class Emoji {

    public static final int MAX_LENGTH = 64;
    /** At most this many different emoji on one message. */
    public static final int MAX_PER_MESSAGE = 20;

    private Emoji() {
    }

    public static boolean isValid(String emoji) {
        if (emoji == null || emoji.isEmpty() || Text.length(emoji) > MAX_LENGTH) {
            return false;
        }
        return emoji.codePoints().noneMatch(codePoint -> Character.isWhitespace(codePoint)
                || Character.isSpaceChar(codePoint)
                || Character.getType(codePoint) == Character.CONTROL);
    }
}
