package io.troupe.workspace.testrun.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PodLogTest {

    @Test
    void theReportIsTheLastBlockEvenWhenTheTestsPrintAFakeOne() throws IOException {
        String log = "collected 1 item\n" + block("<fake/>") + "1 passed\n" + block("<real/>");

        // When
        PodLog read = PodLog.read(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)), 1000);

        // Then
        assertThat(read.report()).hasValueSatisfying(r -> assertThat(new String(r, StandardCharsets.UTF_8))
                .isEqualTo("<real/>"));
        assertThat(read.output()).isEqualTo("collected 1 item\n\n1 passed\n");
    }

    @Test
    void aLogWithoutReportIsAllOutputKeepingItsTail() throws IOException {
        String log = "x".repeat(50) + "\nlast line\n";

        // When
        PodLog read = PodLog.read(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)), 20);

        // Then
        assertThat(read.report()).isEmpty();
        assertThat(read.output()).endsWith("xxxxxxxxx\nlast line\n").contains("earlier bytes of output dropped");
    }

    private static String block(String xml) {
        return "\n" + SandboxJob.REPORT_BEGIN + "\n" + Base64.getEncoder().encodeToString(xml.getBytes(
                StandardCharsets.UTF_8)) + "\n" + SandboxJob.REPORT_END + "\n";
    }
}
