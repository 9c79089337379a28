package io.troupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ThroughputCommandTest {

    @Test
    void benchThroughputIsASubcommandOfTroupe() {
        var out = new StringWriter();
        var troupe = new CommandLine(new TroupeCli()).setOut(new PrintWriter(out));

        int code = troupe.execute("bench", "throughput", "--help");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("Usage: troupe bench throughput").contains("--quick").contains("--parts");
    }

    @Test
    void anUnknownPartIsRefusedBeforeAnythingStarts() {
        var err = new StringWriter();
        var troupe = new CommandLine(new TroupeCli()).setErr(new PrintWriter(err));

        int code = troupe.execute("bench", "throughput", "--parts", "tasks,coffee");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--parts takes tasks, handoff, makespan, writes");
    }
}
