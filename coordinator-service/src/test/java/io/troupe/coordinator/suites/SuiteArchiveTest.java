package io.troupe.coordinator.suites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.troupe.coordinator.support.Archives;
import io.troupe.protocol.suite.InvalidSuiteException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuiteArchiveTest {
    private static final long LIMIT = 100_000;

    @Test
    void zipAndTarGzAreReadByTheirFirstBytes() {
        Map<String, String> files = Archives.twoTasks("demo");

        assertThat(SuiteArchive.read(Archives.zip(files), LIMIT)).isEqualTo(files);
        assertThat(SuiteArchive.read(Archives.tarGz(files), LIMIT)).isEqualTo(files);
    }

    @Test
    void aSuiteInsideOneDirectoryIsUnwrapped() {
        Map<String, String> wrapped = new LinkedHashMap<>();
        Archives.twoTasks("demo").forEach((path, content) -> wrapped.put("demo/" + path, content));

        assertThat(SuiteArchive.read(Archives.tarGz(wrapped), LIMIT)).containsKeys("suite.yaml", "solutions/a/a.py");
    }

    @Test
    void entriesLeavingTheSuiteAreNamed() {
        Map<String, String> files = Archives.twoTasks("demo");
        files.put("../evil.py", "x");
        files.put("/etc/cron.d/evil", "x");

        InvalidSuiteException e = catchThrowableOfType(InvalidSuiteException.class,
                () -> SuiteArchive.read(Archives.zip(files), LIMIT));

        assertThat(e.problems()).hasSize(2).allSatisfy(p -> assertThat(p).contains("leaves the suite's directory"));
        assertThat(e.problems().get(0)).contains("'../evil.py'");
    }

    @Test
    void anArchiveThatUnpacksBeyondTheLimitIsRefused() {
        byte[] zip = Archives.zip(Map.of("suite.yaml", "0".repeat((int) LIMIT + 1)));

        InvalidSuiteException e = catchThrowableOfType(InvalidSuiteException.class,
                () -> SuiteArchive.read(zip, LIMIT));

        assertThat(zip.length).isLessThan(2_000);
        assertThat(e.problems()).containsExactly("the suite is larger than 100000 bytes once unpacked (the limit, "
                + "troupe.suite-max-bytes)");
    }

    @Test
    void somethingElseIsNotAnArchive() {
        assertThat(catchThrowableOfType(InvalidSuiteException.class, () -> SuiteArchive.read(
                "{\"taskList\": {}}".getBytes(StandardCharsets.UTF_8), LIMIT)).problems()).containsExactly(
                "the body is not a zip or tar.gz archive (it starts with bytes 7b 22 74 61); it looks like JSON: "
                        + "import a task list with POST /api/suites/import");
        assertThat(catchThrowableOfType(InvalidSuiteException.class, () -> SuiteArchive.read(new byte[0], LIMIT))
                .problems()).containsExactly("the body is not a zip or tar.gz archive (it starts with nothing: "
                + "the body is empty)");
    }

    @Test
    void aDamagedArchiveIsReported() {
        byte[] gz = Archives.tarGz(Archives.twoTasks("demo"));
        byte[] cut = java.util.Arrays.copyOf(gz, gz.length / 2);

        assertThat(catchThrowableOfType(InvalidSuiteException.class, () -> SuiteArchive.read(cut, LIMIT))
                .problems()).singleElement().asString().startsWith("the archive cannot be read: ");
    }
}
