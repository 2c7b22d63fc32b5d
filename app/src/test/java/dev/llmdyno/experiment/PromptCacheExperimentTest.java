package dev.llmdyno.experiment;

import dev.llmdyno.profile.Mappers;
import dev.llmdyno.sim.ModelSpec;
import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.sim.Simulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An experiment that puts the provider's prompt cache in a known state per variant (primed, flushed, always missed)
 * against the simulator's Anthropic cache, and reports reads, writes, the token hit ratio and TTFT by hit and miss.
 */
class PromptCacheExperimentTest {

    private Simulator simulator;

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    private Experiment plan() throws Exception {
        // 3,000-odd cached tokens: a miss pays 60 ms of prefill at 20 ms per 1,000, a hit a tenth of it.
        simulator = Simulator.startLocal(SimConfig.defaults().withModels(List.of(
                new ModelSpec("sim-balanced", 5.0, 20.0, 0.1, 0.3, 0.05, 0.0, 1.0, 1, 64, 0.0, 8, 8, 0))));
        var system = "Handbook text that every question shares, long enough for the prompt cache. ".repeat(200);
        var yaml = """
                name: prompt cache states
                base:
                  endpoint: {name: anthropic-sim, kind: anthropic, baseUrl: "%s"}
                  model: sim-balanced
                  params: {maxTokens: 8}
                  prompt:
                    system: "%s"
                    messages: [{role: user, content: "Question {{n}}?"}]
                  levers: {promptCache: {breakpoints: [system]}}
                variants:
                  - {name: primed, overrides: {levers: {promptCache: {prepare: prime}}}}
                  - {name: flushed, overrides: {levers: {promptCache: {prepare: flush}}}}
                  - {name: missed, overrides: {levers: {promptCache: {prepare: miss}}}}
                dataset: {rows: [{n: "1"}, {n: "2"}]}
                repetitions: 4
                warmup: 0
                analysis: {metric: ttftMs, stopEarly: false}
                """.formatted(simulator.baseUrl(), system);
        return new Plans(Experiments.CATALOG).resolve(Mappers.yaml().readValue(yaml, ExperimentPlan.class), null, "plan");
    }

    @Test
    void eachVariantStartsFromTheCacheStateItAsksFor() throws Exception {
        var experiment = plan();
        try (var engine = Experiments.engine()) {
            var outcome = new ExperimentRun(engine, Experiments.CATALOG, experiment, List.of(), sample -> { }).run();
            assertThat(outcome.status()).isEqualTo(Outcome.Status.COMPLETED);
            var results = Analyzer.analyze(experiment, outcome);
            var primed = results.variants().get(0).promptCache();
            var flushed = results.variants().get(1).promptCache();
            var missed = results.variants().get(2).promptCache();

            assertThat(primed.requests()).isEqualTo(8);
            assertThat(primed.hits()).as("primed before the clock: every measured call reads").isEqualTo(8);
            assertThat(primed.writes()).isZero();
            assertThat(flushed.writes()).as("only the run's first call finds its own prefix cold").isEqualTo(1);
            assertThat(flushed.hits()).isEqualTo(7);
            assertThat(missed.hits()).isZero();
            assertThat(missed.writes()).isEqualTo(8);

            var measured = outcome.samples().stream().filter(s -> s.variant() == 0).toList();
            long input = measured.stream().mapToLong(Sample::inputTokens).sum();
            long cached = measured.stream().mapToLong(Sample::cachedInputTokens).sum();
            assertThat(primed.tokenHitRatio()).isEqualTo((double) cached / input).isGreaterThan(0.9);
            assertThat(missed.tokenHitRatio()).isZero();
            assertThat(primed.p50TtftMissMs()).isNull();
            assertThat(missed.p50TtftHitMs()).isNull();
            assertThat(primed.p50TtftHitMs()).isLessThan(missed.p50TtftMissMs());
            assertThat(flushed.p50TtftHitMs()).isNotNull();
            assertThat(flushed.p50TtftMissMs()).isNotNull();
        }
    }
}
