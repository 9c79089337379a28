package io.troupe.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkspacePathTest {

    @ParameterizedTest
    @ValueSource(strings = {"a.py", "src/app/models.py", "tests/test_a.py::test_one", ".github/ci.yml", "a..b"})
    void relativePathsAreAccepted(String path) {
        assertThat(WorkspacePath.of(path).value()).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/etc/passwd", "a/../b", "..", "./a", "a//b", "a/", "a\\b", "a\u0000b"})
    void badPathsAreRefusedWithAReason(String path) {
        assertThatThrownBy(() -> WorkspacePath.of(path))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.type()).isEqualTo(ProblemType.INVALID_PATH);
                })
                .hasMessageContaining("is not a valid workspace path: it");
    }

    @ParameterizedTest
    @ValueSource(ints = {255, 256})
    void pathsAreAtMost255Characters(int length) {
        String path = "a".repeat(length);
        if (length <= WorkspacePath.MAX_LENGTH) {
            assertThat(WorkspacePath.of(path).value()).hasSize(length);
        } else {
            assertThatThrownBy(() -> WorkspacePath.of(path)).hasMessageContaining("more than 255");
        }
    }
}
