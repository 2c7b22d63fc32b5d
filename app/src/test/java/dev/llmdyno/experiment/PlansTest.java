package dev.llmdyno.experiment;

import dev.llmdyno.profile.InvalidInputException;
import dev.llmdyno.profile.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlansTest {

    @TempDir
    Path folder;

    @Test
    void readsAPlanWithABaseFileVariantsAndACsvDataset() throws Exception {
        Files.writeString(folder.resolve("base.yaml"), """
                model: sim-balanced
                prompt:
                  messages: [{role: user, content: "Explain {{topic}} to a {{audience}}."}]
                """);
        Files.writeString(folder.resolve("rows.csv"), "topic,audience\nTTFT,manager\n\"tokens, and cost\",engineer\n");
        Files.writeString(folder.resolve("plan.yaml"), """
                name: Tier check
                base: base.yaml
                variants:
                  - name: balanced
                  - name: fast
                    overrides: {tier: fast, params: {maxTokens: 64}}
                dataset: {file: rows.csv}
                repetitions: 3
                arrival: {mode: concurrency, concurrency: 4}
                """);
        var experiment = new Plans(Experiments.CATALOG).read(folder.resolve("plan.yaml"));
        assertThat(experiment.rows()).hasSize(2);
        assertThat(experiment.rows().get(1)).containsEntry("topic", "tokens, and cost");
        assertThat(experiment.variants()).extracting(Variant::name).containsExactly("balanced", "fast");
        var fast = experiment.variants().get(1).profile();
        assertThat(fast.model()).isEqualTo("sim-fast");
        assertThat(fast.params().maxTokens()).isEqualTo(64);
        assertThat(experiment.variants().getFirst().profile().params().maxTokens()).isEqualTo(512);
        assertThat(experiment.plan().base().isObject()).as("stored plans are self-contained").isTrue();
        assertThat(experiment.plan().dataset().rows()).hasSize(2);
        assertThat(Schedule.measuredPerVariant(experiment)).isEqualTo(6);
    }

    @Test
    void readsJsonLinesDatasets() throws Exception {
        Files.writeString(folder.resolve("rows.jsonl"), "{\"topic\": \"a\"}\n\n{\"topic\": 7}\n");
        Files.writeString(folder.resolve("plan.json"), """
                {"base": {"prompt": {"messages": [{"role": "user", "content": "{{topic}}"}]}},
                 "dataset": {"file": "rows.jsonl"}}
                """);
        var experiment = new Plans(Experiments.CATALOG).read(folder.resolve("plan.json"));
        assertThat(experiment.rows()).extracting(row -> row.get("topic")).containsExactly("a", "7");
    }

    @Test
    void everyProblemIsNamedByItsPath() throws Exception {
        Files.writeString(folder.resolve("plan.yaml"), """
                base: {model: sim-balanced, params: {temperature: 3}}
                variants:
                  - name: a
                  - name: a
                    overrides: {params: {temprature: 0.5}}
                  - name: c
                    overrides: {tier: huge}
                repetitions: 0
                arrival: {mode: poisson}
                limits: {maxErrorRate: 2}
                analysis: {alpha: 0.9}
                """);
        assertThatThrownBy(() -> new Plans(Experiments.CATALOG).read(folder.resolve("plan.yaml")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
                        .extracting(Problem::toString)
                        .contains("base.params.temperature: 3 is outside [0, 2]",
                                "variants[1].name: 'a' is used by another variant",
                                "repetitions: 0 is outside [1, 1000000]",
                                "arrival.rate: is required with mode poisson",
                                "limits.maxErrorRate: 2.0 is outside [0, 1]",
                                "analysis.alpha: 0.9 is outside (0, 0.5)")
                        .anySatisfy(p -> assertThat(p).startsWith("variants[1].overrides.params")
                                .contains("unknown field 'temprature'").contains("did you mean 'temperature'"))
                        .anySatisfy(p -> assertThat(p).startsWith("variants[2].overrides.tier: 'huge' is not a tier"))
                        .noneMatch(p -> p.startsWith("variants[0]")));
    }

    @Test
    void aVariableWithoutAValueInTheProfileOrTheDatasetIsAnError() {
        assertThatThrownBy(() -> Experiments.parse("""
                variants:
                  - name: a
                  - name: b
                    overrides: {prompt: {messages: [{role: user, content: "About {{subject}}"}]}}
                dataset: {rows: [{topic: x}]}
                """)).isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getMessage())
                .contains("dataset.rows[0]: {{subject}} has no value (variant b)"));
    }

    @Test
    void aBudgetNeedsKnownPrices() {
        assertThatThrownBy(() -> Experiments.parse("""
                variants:
                  - name: a
                  - name: local
                    overrides: {model: my-local-model}
                limits: {maxCostUsd: 1}
                """)).hasMessageContaining("limits.maxCostUsd: cannot be kept: the price of my-local-model");
    }

    @Test
    void sweepLevelsAreChecked() {
        assertThatThrownBy(() -> Experiments.parse("""
                arrival: {mode: sweep, sweep: {over: concurrency, levels: [1, 2.5]}}
                """)).hasMessageContaining("arrival.sweep.levels[1]: 2.5 is not a whole number of callers");
        assertThatThrownBy(() -> Experiments.parse("""
                arrival: {mode: sequential, concurrency: 3}
                """)).hasMessageContaining("arrival.concurrency: is only used with mode concurrency");
    }

    @Test
    void anOpenLoopTakesAConcurrencyAsItsCapOnRequestsInFlight() throws Exception {
        assertThat(Experiments.parse("arrival: {mode: constant, rate: 10, concurrency: 1}\n").plan().arrival()
                .concurrency()).isEqualTo(1);
        assertThat(Experiments.parse("arrival: {mode: sweep, concurrency: 8, sweep: {over: poisson, levels: [5, 10]}}\n")
                .plan().arrival().concurrency()).isEqualTo(8);
        assertThatThrownBy(() -> Experiments.parse("arrival: {mode: poisson, rate: 10, concurrency: 0}\n"))
                .hasMessageContaining("arrival.concurrency: 0 is outside [1, 4096]");
        assertThatThrownBy(() -> Experiments.parse("arrival: {mode: sweep, concurrency: 8, sweep: {over: concurrency, "
                + "levels: [1, 2]}}\n")).hasMessageContaining("arrival.concurrency: is only used with mode concurrency");
    }

    @Test
    void malformedPlansGiveTheLine() throws Exception {
        Files.writeString(folder.resolve("plan.yaml"), "base: x.yaml\nvariants: [\n");
        assertThatThrownBy(() -> new Plans(Experiments.CATALOG).read(folder.resolve("plan.yaml")))
                .hasMessageContaining("malformed input").hasMessageContaining("line");
        Files.writeString(folder.resolve("plan2.yaml"), "base: missing.yaml\n");
        assertThatThrownBy(() -> new Plans(Experiments.CATALOG).read(folder.resolve("plan2.yaml")))
                .hasMessageContaining("base: missing.yaml: no such file");
    }

    @Test
    void overridesCanBeComputedFromTwoProfilesAndDescribed() throws Exception {
        var experiment = Experiments.parse("variants: [{name: a}]");
        var base = experiment.base();
        var changed = base.withModel("sim-fast").withParams(base.params().withMaxTokens(64));
        var overrides = Overrides.between(base, changed);
        assertThat(Overrides.describe(overrides)).containsExactly("model: sim-fast", "params.maxTokens: 64");
        assertThat(Overrides.apply(base, overrides, Experiments.CATALOG).profile()).isEqualTo(changed);
    }
}
