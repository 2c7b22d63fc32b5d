package dev.llmdyno.experiment;

import dev.llmdyno.call.CallEngine;
import dev.llmdyno.call.SecretResolver;
import dev.llmdyno.sim.ModelSpec;
import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.timing.NanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks on every answer of an experiment: pass rates per variant, and a faster variant that answers worse named. */
class QualityChecksTest {

    @Test
    void aShorterMaxTokensIsFasterButFailsTheLengthCheckAndIsNotTheWinner(@TempDir Path dir) throws Exception {
        // 16 tokens at 4 ms each for the full answer; the cut one stops after 3 (Experiments' plans ask for 16).
        var model = new ModelSpec("sim-balanced", 5.0, 1.0, 0.1, 4.0, 0.0, 0.0, 1.0, 1, 64, 0.0, 16, 16, 0);
        var experiment = Experiments.parse("""
                variants:
                  - name: whole
                  - name: cut
                    overrides: {params: {maxTokens: 3}}
                repetitions: 20
                warmup: 1
                analysis: {metric: e2eMs, stopEarly: false}
                checks:
                  - {type: length, min: 30}
                  - {type: not-contains, value: "I cannot"}
                """);
        try (var engine = new CallEngine(Experiments.CATALOG, SecretResolver.system(), NanoClock.SYSTEM,
                SimConfig.defaults().withModels(List.of(model)))) {
            var outcome = new ExperimentRun(engine, Experiments.CATALOG, experiment, List.of(), sample -> { }).run();
            var results = Analyzer.analyze(experiment, outcome);
            var whole = results.variants().get(0).quality();
            var cut = results.variants().get(1).quality();
            assertThat(whole.passedAll()).isEqualTo(whole.answered()).isEqualTo(20);
            assertThat(cut.passedAll()).isZero();
            assertThat(cut.checks()).extracting(Results.CheckRate::check).containsExactly("length ≥ 30", "not-contains: I cannot");
            assertThat(cut.checks().get(1).passed()).isEqualTo(20);
            assertThat(cut.worseThanBaseline()).isTrue();
            assertThat(cut.p()).isLessThan(0.001);
            assertThat(results.verdicts()).anySatisfy(v -> assertThat(v)
                    .startsWith("cut is faster on e2e time but answers worse: 0% of its answers passed every check "
                            + "against 100% of whole's").endsWith("it is not the winner until its answers pass."));
            // Warm-ups are checked too, and kept, but only measured answers are counted.
            assertThat(outcome.samples()).filteredOn(Sample::warmup).allSatisfy(s -> assertThat(s.failedChecks()).isNotNull());
            ResultFiles.write(dir, experiment, results, outcome.samples());
            var csv = Files.readAllLines(dir.resolve(ResultFiles.SAMPLES));
            assertThat(csv.getFirst()).endsWith(",failed_checks,turn,summary,user");
            assertThat(csv).anySatisfy(line -> assertThat(line).endsWith(",0,,false,")); // check 0 failed; no turn, no user

            assertThat(Files.readString(dir.resolve(ResultFiles.REPORT))).contains("Answer checks");
        }
    }

    @Test
    void withoutChecksNothingIsCheckedOrSaid() throws Exception {
        var experiment = Experiments.parse("""
                repetitions: 4
                warmup: 0
                """);
        try (var engine = Experiments.engine()) {
            var outcome = new ExperimentRun(engine, Experiments.CATALOG, experiment, List.of(), sample -> { }).run();
            assertThat(outcome.samples()).allSatisfy(s -> assertThat(s.failedChecks()).isNull());
            assertThat(Analyzer.analyze(experiment, outcome).variants().getFirst().quality()).isNull();
        }
    }
}
