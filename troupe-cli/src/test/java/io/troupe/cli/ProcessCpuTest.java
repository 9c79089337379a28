package io.troupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void aStatLineGivesItsOwnAndItsReapedChildrensTimesWhateverItsCommandName() {
        // fields 14-17: utime 1200, stime 300, cutime 45, cstime 5 (ticks); the name holds spaces and a ')'
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 95 0 0 0 1200 300 45 5 20 0 31 0 123 4096 "
                + "1000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

        assertThat(ProcessCpu.ticks(stat)).isEqualTo(1550);
    }

    @Test
    void thisProcessIsReadAndAProcessThatDoesNotExistIsLeftOut() {
        long self = ProcessHandle.current().pid();
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("self", self);
        pids.put("gone", Long.MAX_VALUE);

        Map<String, Duration> cpu = ProcessCpu.snapshot(pids);

        assertThat(cpu).containsOnlyKeys("self");
        assertThat(cpu.get("self")).isPositive();
    }

    @Test
    void thePrintedLineIsEachTreesCpuPerTaskAndTheTotalAgainstTheWallTime() {
        Map<String, Duration> before = new LinkedHashMap<>();
        before.put("kafka", Duration.ofSeconds(10));
        before.put("workspace-service", Duration.ofSeconds(20));
        Map<String, Duration> after = new LinkedHashMap<>();
        after.put("kafka", Duration.ofSeconds(30));
        after.put("workspace-service", Duration.ofSeconds(100));

        Map<String, Duration> used = ProcessCpu.between(before, after);
        String line = ProcessCpu.perTask(used, 1000, Duration.ofSeconds(100));

        assertThat(used).containsEntry("kafka", Duration.ofSeconds(20)).containsEntry("workspace-service",
                Duration.ofSeconds(80));
        assertThat(line).startsWith("cpu per task (1000 tasks; from /proc): kafka 20 ms, workspace-service 80 ms, "
                + "all 100 ms per task: 100 CPU-s in 100 s of the runs on ");
        assertThat(ProcessCpu.perTask(Map.of(), 0, Duration.ZERO)).startsWith("cpu per task: not measured");
    }
}
