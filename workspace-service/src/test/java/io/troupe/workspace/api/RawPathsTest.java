package io.troupe.workspace.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RawPathsTest {

    @Test
    void percentEscapesAreDecodedAsUtf8AndPlusIsKept() {
        assertThat(RawPaths.decode("a/%2E%2E/b")).isEqualTo("a/../b");
        assertThat(RawPaths.decode("a%5Cb")).isEqualTo("a\\b");
        assertThat(RawPaths.decode("caf%C3%A9+1.py")).isEqualTo("café+1.py");
        assertThat(RawPaths.decode("100%")).isEqualTo("100%");
        assertThat(RawPaths.decode("plain/path.py")).isEqualTo("plain/path.py");
    }
}
