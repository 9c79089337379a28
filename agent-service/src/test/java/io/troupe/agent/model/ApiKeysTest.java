package io.troupe.agent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {
    private final ApiKeys keys = new ApiKeys(Map.of("OPENAI_API_KEY", "sk-env", "EMPTY", " ")::get);

    @Test
    void secretFileWinsOverTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("key"), "sk-file\n");
        assertThat(keys.key(Optional.of(file.toString()), List.of("OPENAI_API_KEY"))).contains("sk-file");
    }

    @Test
    void firstSetVariableIsUsed() {
        assertThat(keys.key(Optional.empty(), List.of("TROUPE_OPENAI_API_KEY", "EMPTY", "OPENAI_API_KEY")))
                .contains("sk-env");
        assertThat(keys.key(Optional.empty(), List.of("NOPE"))).isEmpty();
    }

    @Test
    void unreadableSecretFileSaysWhichFileWithoutItsContent(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> keys.key(Optional.of(dir.resolve("missing").toString()), List.of()))
                .hasMessageContaining("missing");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> keys.key(Optional.of(empty.toString()), List.of())).hasMessageContaining("empty");
    }
}
