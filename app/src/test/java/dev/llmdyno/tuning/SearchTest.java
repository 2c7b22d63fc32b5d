package dev.llmdyno.tuning;

import dev.llmdyno.TestPaths;
import dev.llmdyno.call.CallEngine;
import dev.llmdyno.call.SecretResolver;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.experiment.Results;
import dev.llmdyno.profile.InvalidInputException;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.ProfileIO;
import dev.llmdyno.sim.ModelSpec;
import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.timing.NanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The search on the simulator: the known best found and confirmed, the budget kept, stopped searches resumed. */
class SearchTest {

    private static final Catalog CATALOG = Catalog.builtIn();

    private static CallEngine engine(SimConfig config) {
        return new CallEngine(CATALOG, SecretResolver.system(), NanoClock.SYSTEM, config);
    }

    /** sim-fast is the cheapest tier but here the slowest to its first token; sim-balanced answers in ~10 ms. */
    private static SimConfig cheapButSlow() {
        return SimConfig.defaults().withModels(List.of(
                new ModelSpec("sim-fast", 120.0, 1.0, 0.1, 0.3, 0.05, 0.0, 1.0, 2, 256, 0.0, 8, 16, 0),
                new ModelSpec("sim-balanced", 10.0, 1.0, 0.1, 0.3, 0.05, 0.0, 1.0, 2, 256, 0.0, 8, 16, 0),
                new ModelSpec("sim-quality", 15.0, 1.0, 0.1, 0.3, 0.05, 0.0, 1.0, 2, 256, 0.0, 8, 16, 0)));
    }

    private static Tuning plan(String yaml) throws InvalidInputException {
        try {
            return new TuningPlans(CATALOG).resolve(Mappers.yaml().readValue("""
                    base:
                      model: sim-balanced
                      params: {maxTokens: 16}
                      prompt:
                        messages: [{role: user, content: "Say something about latency."}]
                    """ + yaml, TuningPlan.class), null, "plan");
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final String TIERS = """
            space:
              tier: [fast, balanced, quality]
            objective: {minimize: costPerRequestUsd}
            slo: {ttftMs: {p95: 60}}
            arrival: {mode: concurrency, concurrency: 8}
            """;

    @Test
    void theSampleFindsTheFastTierWithTheShortestAnswersAndConfirmsIt(@TempDir Path dir) throws Exception {
        var tuning = new TuningPlans(CATALOG).read(TestPaths.profiles().resolve("tuning/cheapest-within-ttft.yaml"));
        assertThat(tuning.candidates()).hasSize(9);
        try (var engine = engine(SimConfig.defaults())) {
            var result = new Search(engine, CATALOG, tuning, Search.Listener.NONE).run(List.of());
            TuningFiles.write(dir, tuning, result);
            assertThat(result.status()).isEqualTo(SearchResult.Status.RECOMMENDED);
            assertThat(result.best().candidate()).isEqualTo("tier=fast, params.maxTokens=16");
            assertThat(result.confirmation().standing()).isEqualTo(Results.Standing.MET);
            assertThat(result.spent().requests()).isLessThanOrEqualTo(tuning.plan().budget().requests());
            // The quality tier's first token comes at ~600 ms: missed in the first round and never run again.
            assertThat(result.trials()).filteredOn(t -> t.candidate().startsWith("tier=quality"))
                    .allSatisfy(t -> assertThat(t.round()).isEqualTo(1));
            var recommended = new ProfileIO(new dev.llmdyno.profile.ProfileValidator(CATALOG)).read(dir.resolve(TuningFiles.RECOMMENDED));
            assertThat(recommended.model()).isEqualTo("sim-fast");
            assertThat(recommended.params().maxTokens()).isEqualTo(16);
            assertThat(Files.readString(dir.resolve(TuningFiles.REPORT))).contains("<svg", "Pareto front");
            assertThat(Mappers.json().readTree(dir.resolve(TuningFiles.PARETO).toFile()).get(0).get("candidate").asText())
                    .isEqualTo("tier=fast, params.maxTokens=16");
        }
    }

    @Test
    void theCheapestTierThatMissesTheSloLosesToADearerOneThatMeetsIt() throws Exception {
        var tuning = plan(TIERS + "budget: {requests: 400}\n");
        try (var engine = engine(cheapButSlow())) {
            var result = new Search(engine, CATALOG, tuning, Search.Listener.NONE).run(List.of());
            assertThat(result.status()).isEqualTo(SearchResult.Status.RECOMMENDED);
            assertThat(result.best().candidate()).isEqualTo("tier=balanced");
            assertThat(result.trials()).filteredOn(t -> t.candidate().equals("tier=fast"))
                    .allSatisfy(t -> assertThat(t.standing()).isEqualTo(Results.Standing.MISSED));
            assertThat(result.spent().requests()).isLessThanOrEqualTo(400);
        }
    }

    @Test
    void theFastestCandidateWhoseAnswersFallBelowTheQualityFloorLosesToOneAboveIt() throws Exception {
        // 16 tokens at 4 ms each; cut at 3 tokens the answer is faster, and too short for the length check.
        var model = new ModelSpec("sim-balanced", 5.0, 1.0, 0.1, 4.0, 0.0, 0.0, 1.0, 1, 256, 0.0, 16, 16, 0);
        var tuning = plan("""
                space:
                  params.maxTokens: [3, 16]
                objective: {minimize: e2eMs, percentile: p50}
                checks: [{type: length, min: 30}]
                minPassRate: 0.9
                budget: {requests: 300}
                arrival: {mode: concurrency, concurrency: 8}
                """);
        try (var engine = engine(SimConfig.defaults().withModels(List.of(model)))) {
            var result = new Search(engine, CATALOG, tuning, Search.Listener.NONE).run(List.of());
            assertThat(result.status()).isEqualTo(SearchResult.Status.RECOMMENDED);
            assertThat(result.best().candidate()).isEqualTo("params.maxTokens=16");
            assertThat(result.trials()).filteredOn(t -> t.candidate().equals("params.maxTokens=3"))
                    .allSatisfy(t -> assertThat(t.standing()).isEqualTo(Results.Standing.MISSED));
            assertThat(result.confirmation().evidence()).contains("answers passed every check", "the floor is 90%");
        }
        assertThatThrownBy(() -> plan("space: {tier: [fast]}\nminPassRate: 0.9\nbudget: {requests: 300}\n"))
                .hasMessageContaining("minPassRate: needs checks to count passes against");
    }

    @Test
    void aStoppedSearchResumesAfterItsLastRoundAndCountsWhatItSpent() throws Exception {
        var tuning = plan(TIERS + "budget: {requests: 400}\n");
        try (var engine = engine(cheapButSlow())) {
            var first = new Search[1];
            first[0] = new Search(engine, CATALOG, tuning, new Search.Listener() {
                @Override
                public void onRound(SearchResult.Round round, SearchResult sofar) {
                    first[0].cancel();
                }
            });
            var stopped = first[0].run(List.of());
            assertThat(stopped.status()).isEqualTo(SearchResult.Status.STOPPED);
            assertThat(stopped.rounds()).hasSize(1);
            // Through search.json, as a new process would read it.
            var saved = Mappers.json().readValue(Mappers.json().writeValueAsString(stopped), SearchResult.class);
            var resumed = new Search(engine, CATALOG, tuning, Search.Listener.NONE).run(saved.rounds());
            assertThat(resumed.status()).isEqualTo(SearchResult.Status.RECOMMENDED);
            assertThat(resumed.rounds().getFirst().samples()).isEqualTo(stopped.rounds().getFirst().samples());
            assertThat(resumed.rounds().get(1).number()).isEqualTo(2);
            assertThat(resumed.spent().requests()).isGreaterThan(stopped.spent().requests()).isLessThanOrEqualTo(400);
        }
    }

    @Test
    void whenEveryCandidateMissesTheSloNoneIsRecommended(@TempDir Path dir) throws Exception {
        var tuning = plan(TIERS.replace("p95: 60", "p50: 1") + "budget: {requests: 400}\n");
        try (var engine = engine(cheapButSlow())) {
            var result = new Search(engine, CATALOG, tuning, Search.Listener.NONE).run(List.of());
            TuningFiles.write(dir, tuning, result);
            assertThat(result.status()).isEqualTo(SearchResult.Status.NONE_MEETS);
            assertThat(result.best()).isNull();
            assertThat(dir.resolve(TuningFiles.RECOMMENDED)).doesNotExist();
        }
    }

    @Test
    void aBudgetThatCannotBuyAnAnswerIsRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> plan(TIERS + "budget: {requests: 50}\n")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("budget.requests: 50 cannot buy one confident answer: 3 candidates × 5 "
                        + "requests (a warm-up and 4 measured) and 90 to confirm the best need 105");
    }

    @Test
    void badPlansNameTheFieldAndTheCandidate() {
        assertThatThrownBy(() -> plan("""
                space:
                  params.temperature: [0.5, 3.0]
                  "bad path!": [1]
                objective: {minimize: outputTokens}
                budget: {requests: 400}
                """)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("space.bad path!: 'bad path!' is not a profile field path")
                .hasMessageContaining("objective.minimize: 'outputTokens' is not a timing")
                // The candidates are checked in the same reading: every problem at once.
                .hasMessageContaining("space.params.temperature: 3 is outside [0, 2] (candidate params.temperature=3.0)");
        assertThatThrownBy(() -> plan("""
                space:
                  params.temperature: [0.5, 3.0]
                budget: {requests: 400}
                """)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("space.params.temperature: 3 is outside [0, 2] (candidate params.temperature=3.0)");
        assertThatThrownBy(() -> plan("space: {tier: [fast]}\n")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("budget: is required");
    }
}
