package io.troupe.workspace.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import io.troupe.workspace.WorkspacePath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Fuzzes what the API does with a file path from a request URL: percent-decoding, validation,
 * and placing the file under a run's directory. Without {@code JAZZER_FUZZ=1} (as in CI) it
 * replays the seed inputs in {@code PathResolutionFuzzTestInputs/}; with it, Jazzer generates
 * inputs for up to the given duration.
 */
class PathResolutionFuzzTest {
    private static final Path RUN = Path.of("/srv/troupe/runs/run-1");

    @FuzzTest(maxDuration = "60s")
    void onlyValidPathsResolveAndNeverOutsideTheRun(byte[] input) {
        String raw = new String(input, StandardCharsets.UTF_8);
        check(raw);
        check(RawPaths.decode(raw));
    }

    private static void check(String candidate) {
        WorkspacePath path;
        try {
            path = WorkspacePath.of(candidate);
        } catch (ProblemException e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.type()).isEqualTo(ProblemType.INVALID_PATH);
            assertThat(valid(candidate)).as("refused a valid path: %s", candidate).isFalse();
            return;
        }
        assertThat(valid(candidate)).as("accepted an invalid path: %s", candidate).isTrue();
        Path resolved = path.resolveIn(RUN);
        assertThat(resolved.startsWith(RUN)).as("%s resolves inside the run: %s", candidate, resolved).isTrue();
        // nothing was normalized away: the file is exactly where its path says
        assertThat(RUN.relativize(resolved).toString()).isEqualTo(candidate);
    }

    /** The rules, stated independently of WorkspacePath. */
    private static boolean valid(String path) {
        if (path.isEmpty() || path.length() > WorkspacePath.MAX_LENGTH || path.contains("\\")
                || path.chars().anyMatch(Character::isISOControl)) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
