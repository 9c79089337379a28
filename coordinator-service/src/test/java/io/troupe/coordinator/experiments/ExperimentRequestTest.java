package io.troupe.coordinator.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentRequestTest {

    @Test
    void aSweepIsPlannedSuitesOutermostRepetitionsInnermostWithOneSeedPerRepetition() {
        // Given 2 suites x 2 team sizes x 2 architectures x 2 repetitions from seed 7
        ExperimentRequest sweep = new ExperimentRequest(List.of("a", "b"), List.of(1, 3),
                List.of("preassigned", "queue"), 2, null, "claude-sonnet-4-6", 7L, 0.01, null, null, null);

        // When it is planned
        List<ExperimentRequest.PlannedRun> plan = sweep.plan("exp-1");

        // Then there are 16 runs in a fixed order, each repetition with its own seed
        assertThat(plan).hasSize(16);
        assertThat(plan).extracting(ExperimentRequest.PlannedRun::seq)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 16).boxed().toList());
        assertThat(plan.subList(0, 4)).extracting(p -> p.suite() + "/" + p.agents() + "/" + p.architecture() + "/"
                + p.repetition() + "/" + p.request().seed()).containsExactly("a/1/preassigned/0/7",
                "a/1/preassigned/1/8", "a/1/queue/0/7", "a/1/queue/1/8");
        assertThat(plan.getLast().suite()).isEqualTo("b");
        assertThat(plan).allSatisfy(p -> {
            assertThat(p.request().experimentId()).isEqualTo("exp-1");
            assertThat(p.request().profile()).isEqualTo("claude-sonnet-4-6");
            assertThat(p.request().timeScale()).isEqualTo(0.01);
        });
    }

    @Test
    void withoutRepetitionsOrSeedEachCellRunsOnceUnseeded() {
        List<ExperimentRequest.PlannedRun> plan = new ExperimentRequest(List.of("a"), List.of(2), List.of("queue"),
                null, null, null, null, null, null, null, null).plan("exp-2");

        assertThat(plan).singleElement().satisfies(p -> {
            assertThat(p.repetition()).isZero();
            assertThat(p.request().seed()).isNull();
            assertThat(p.request().agents()).isEqualTo(2);
        });
    }
}
