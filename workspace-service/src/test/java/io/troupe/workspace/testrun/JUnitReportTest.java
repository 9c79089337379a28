package io.troupe.workspace.testrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JUnitReportTest {
    @TempDir
    Path dir;

    @Test
    void countsOfEverySuiteAreSummed() throws IOException {
        Path report = Files.writeString(dir.resolve("report.xml"), """
                <?xml version="1.0" encoding="utf-8"?>
                <testsuites name="pytest tests">
                  <testsuite name="pytest" errors="1" failures="2" skipped="1" tests="7"/>
                  <testsuite name="other" errors="0" failures="0" skipped="0" tests="3"/>
                </testsuites>
                """);

        assertThat(JUnitReport.read(report)).contains(new JUnitReport(6, 2, 1, 1));
    }

    @Test
    void failedAndErredTestsAreNamed() throws IOException {
        Path report = Files.writeString(dir.resolve("report.xml"), """
                <testsuites><testsuite name="pytest" errors="1" failures="1" skipped="0" tests="3">
                  <testcase classname="tests.test_a" name="test_ok"/>
                  <testcase classname="tests.test_a" name="test_bad"><failure message="assert 1 == 2"/></testcase>
                  <testcase classname="tests.test_b" name="test_boom"><error message="ImportError"/></testcase>
                </testsuite></testsuites>
                """);

        assertThat(JUnitReport.read(report).orElseThrow().failedTests())
                .containsExactly("tests.test_a::test_bad", "tests.test_b::test_boom");
    }

    @Test
    void aMissingOrBrokenReportIsEmpty() throws IOException {
        assertThat(JUnitReport.read(dir.resolve("none.xml"))).isEmpty();
        assertThat(JUnitReport.read(Files.writeString(dir.resolve("cut.xml"), "<testsuites><testsu"))).isEmpty();
    }

    @Test
    void aDoctypeIsNotProcessed() throws IOException {
        Path report = Files.writeString(dir.resolve("evil.xml"), """
                <?xml version="1.0"?>
                <!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
                <testsuite name="&e;" tests="1" failures="0" errors="0"/>
                """);

        assertThat(JUnitReport.read(report)).isEmpty();
    }
}
