package io.troupe.workspace.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineDiffTest {

    @Test
    void keptLinesDestroyNothing() {
        assertThat(LineDiff.destroyedChars("a\nbb\n", "a\nbb\nccc\n")).isZero();
    }

    @Test
    void deletedAndChangedLinesCountTheirCharacters() {
        // "second" (6) is changed and "third" (5) deleted; "first" is kept
        assertThat(LineDiff.destroyedChars("first\nsecond\nthird\n", "first\nSECOND!\n")).isEqualTo(11);
    }

    @Test
    void replacingEverythingDestroysEveryCharacterButLineBreaks() {
        assertThat(LineDiff.destroyedChars("abc\ndef", "")).isEqualTo(6);
        assertThat(LineDiff.destroyedChars("", "new")).isZero();
    }
}
