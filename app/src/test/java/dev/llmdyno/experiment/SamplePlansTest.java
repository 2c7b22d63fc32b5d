package dev.llmdyno.experiment;

import dev.llmdyno.TestPaths;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/** The plans shipped in profiles/experiments/ read and validate, so the documented commands run as written. */
class SamplePlansTest {

    @Test
    void everySamplePlanIsValid() throws Exception {
        var folder = TestPaths.profiles().resolve("experiments");
        try (var files = Files.list(folder)) {
            var plans = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertThat(plans).hasSizeGreaterThanOrEqualTo(4);
            for (var plan : plans) {
                var experiment = new Plans(Experiments.CATALOG).read(plan);
                assertThat(Schedule.of(experiment)).as(plan.toString()).isNotEmpty();
            }
        }
    }

    @Test
    void theSeedTableSweepsSequentialFiveAndTwentyCallers() throws Exception {
        var experiment = new Plans(Experiments.CATALOG).read(TestPaths.profiles().resolve("experiments")
                .resolve("concurrency-seed-table.yaml"));
        assertThat(experiment.plan().arrival().paces()).extracting(Arrival.Pace::callers).containsExactly(1, 5, 20);
    }
}
