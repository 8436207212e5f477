package io.parley.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Text rules of the kernel, tested where they are used: the conversation aggregate measures content with them. */
class TextTest {

    @Test
    void countsCodePointsNotUtf16Units() {
        assertThat(Text.length("\uD83D\uDE00\uD83D\uDE00")).isEqualTo(2);
        assertThat(Text.length("abc")).isEqualTo(3);
    }

    @Test
    void invisibleCharactersAreBlank() {
        for (String invisible : new String[] {"", " \t\n", "\u3000", "\u00A0", "\u200B\u200C\u200D", "\uFEFF\u2060",
            "\u3164", "\u2800"}) {
            assertThat(Text.isBlank(invisible)).as("U+%04X", invisible.isEmpty() ? 0 : (int) invisible.charAt(0))
                    .isTrue();
        }
        assertThat(Text.isBlank("\u200Bx")).isFalse();
        assertThat(Text.isBlank("\uD83D\uDC4D")).isFalse();
    }

    @Test
    void trimsUnicodeWhitespaceButKeepsFormatCharactersOfEmojiSequences() {
        assertThat(Text.trim("\u3000 hi \u00A0\n")).isEqualTo("hi");
        String englandFlag = "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC65\uDB40\uDC6E\uDB40\uDC67\uDB40\uDC7F";
        assertThat(Text.trim(englandFlag + " ")).isEqualTo(englandFlag);
    }

    @Test
    void truncatesWholeCodePoints() {
        assertThat(Text.truncate("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00", 2)).isEqualTo("\uD83D\uDE00\uD83D\uDE00");
    }
}
