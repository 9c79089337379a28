package io.troupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.troupe.protocol.suite.Suite;
import io.troupe.protocol.suite.SuiteLoader;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchSuitesTest {

    @Test
    void independentTasksMakeAValidSuiteWithATestFileEachUnlessUntested() {
        // When
        Suite tested = load(BenchSuites.independent("bench-pytest-200", 200, BenchSuites.Tests.PYTEST));
        Suite untested = load(BenchSuites.independent("bench-none-200", 200, BenchSuites.Tests.NONE));

        // Then
        assertThat(tested.dag().size()).isEqualTo(200);
        assertThat(tested.dag().criticalPath()).hasSize(1);
        assertThat(tested.hasSolutions()).isTrue();
        assertThat(tested.manifest().testCommand()).isEqualTo("python3 -m pytest -q");
        assertThat(tested.tests()).containsKeys("tests/conftest.py", "tests/test_m001.py", "tests/test_m200.py");
        assertThat(untested.tests()).isEmpty();
        assertThat(untested.hasSolutions()).isTrue();
    }

    @Test
    void chainsHaveTheirLengthAsCriticalPath() {
        // When
        Suite chains = load(BenchSuites.chains("bench-chains-16x12", 16, 12));

        // Then
        assertThat(chains.dag().size()).isEqualTo(192);
        assertThat(chains.dag().criticalPath()).hasSize(12);
        assertThat(chains.dag().dependenciesOf("c03-02")).containsExactly("c03-01");
    }

    @Test
    void theZipHoldsEveryFile() throws Exception {
        Map<String, String> files = BenchSuites.independent("bench-true-2", 2, BenchSuites.Tests.TRUE);

        var zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(BenchSuites.zip(files)));
        int entries = 0;
        while (zip.getNextEntry() != null) {
            entries++;
        }

        assertThat(entries).isEqualTo(files.size());
    }

    private static Suite load(Map<String, String> files) {
        return SuiteLoader.load(path -> Optional.ofNullable(files.get(path)));
    }
}
