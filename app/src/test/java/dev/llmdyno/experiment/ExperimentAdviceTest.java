package dev.llmdyno.experiment;

import dev.llmdyno.call.CallEngine;
import dev.llmdyno.call.SecretResolver;
import dev.llmdyno.sim.ModelSpec;
import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.timing.NanoClock;
import dev.llmdyno.advice.Advice;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The advisor over an experiment's variants: the figures of many requests, and trends no single call shows. */
class ExperimentAdviceTest {

    private static Results run(CallEngine engine, Experiment experiment) {
        var outcome = new ExperimentRun(engine, Experiments.CATALOG, experiment, List.of(), sample -> { }).run();
        return Analyzer.analyze(experiment, outcome);
    }

    @Test
    void quickVariantsGetNoAdvice() throws Exception {
        var experiment = Experiments.parse("""
                variants:
                  - name: balanced
                  - name: fast
                    overrides: {tier: fast}
                repetitions: 10
                warmup: 0
                analysis: {stopEarly: false}
                """);
        try (var engine = Experiments.engine()) {
            var results = run(engine, experiment);
            assertThat(results.adviceLines()).isEmpty();
            assertThat(results.variants()).allSatisfy(v -> assertThat(v.advice()).isEmpty());
        }
    }

    @Test
    void aFirstTokenThatGrowsWithThePromptAcrossADatasetIsFound() throws Exception {
        // 0.3 ms of prefill per prompt token: from a few tokens to ~1,400, TTFT rises by about 400 ms. One at a time:
        // concurrent prefills share the simulated server, so a short prompt behind a long one waits too. Each prompt
        // is sent twice, and the simulator's prompt cache serves most of the second: the line is drawn over the
        // tokens it had to prefill.
        var model = new ModelSpec("sim-balanced", 20.0, 300.0, 0.1, 0.3, 0.0, 0.0, 1.0, 4, 64, 0.0, 8, 8, 0);
        var rows = new StringBuilder("dataset:\n  rows:\n");
        for (int k = 0; k < 6; k++) {
            rows.append("    - {topic: \"").append("latency ".repeat(k * 280 + 1).strip()).append("\"}\n");
        }
        var experiment = Experiments.parse(rows + """
                repetitions: 2
                warmup: 0
                analysis: {stopEarly: false}
                """);
        try (var engine = new CallEngine(Experiments.CATALOG, SecretResolver.system(), NanoClock.SYSTEM,
                SimConfig.defaults().withModels(List.of(model)))) {
            var advice = run(engine, experiment).variants().getFirst().advice();
            assertThat(advice).extracting(Advice::rule).containsExactly("long-prompt");
            assertThat(advice.getFirst().finding()).startsWith("TTFT rises 0.").contains("not read from the prompt cache", "over 12 requests");
        }
    }
}
