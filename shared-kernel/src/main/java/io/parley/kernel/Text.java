package io.parley.kernel;

/**
 * How Parley measures text a user types (message content, group names): lengths in Unicode code points, so an emoji
 * counts as one character and not as its two UTF-16 units; trimming and emptiness by Unicode, so content of only
 * ideographic spaces, no-break spaces, zero-width spaces or other invisible format characters is empty.
 */
public final class Text {

    private Text() {
    }

    /** Without the Unicode whitespace at either end (format characters stay: an emoji tag sequence ends in one). */
    public static String trim(String text) {
        if (text == null) {
            return "";
        }
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && isSpace(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(start, end);
    }

    /** Message content as it is stored: trimmed, and empty when nothing of it would be seen. */
    public static String content(String text) {
        return isBlank(text) ? "" : trim(text);
    }

    /** True when nothing would be seen: only whitespace, control and format characters, or invisible fillers. */
    public static boolean isBlank(String text) {
        return text == null || text.codePoints().allMatch(Text::isInvisible);
    }

    /** The length a user counts: code points. */
    public static int length(String text) {
        return text == null ? 0 : text.codePointCount(0, text.length());
    }

    /** The first {@code max} code points, never half of a surrogate pair. */
    public static String truncate(String text, int max) {
        return length(text) <= max ? text : text.substring(0, text.offsetByCodePoints(0, max));
    }

    private static boolean isSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    private static boolean isInvisible(int codePoint) {
        int type = Character.getType(codePoint);
        return isSpace(codePoint)
                || type == Character.FORMAT
                || type == Character.CONTROL
                // letters and symbols that render as nothing: Hangul fillers, the braille blank, the grapheme joiner
                || codePoint == 0x115F || codePoint == 0x1160 || codePoint == 0x3164 || codePoint == 0xFFA0
                || codePoint == 0x2800 || codePoint == 0x034F;
    }
}
