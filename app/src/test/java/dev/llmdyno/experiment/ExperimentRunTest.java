package dev.llmdyno.experiment;

import dev.llmdyno.call.CallEngine;
import dev.llmdyno.sim.FaultSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class ExperimentRunTest {

    private CallEngine engine = Experiments.engine();

    @AfterEach
    void close() {
        engine.close();
    }

    private Outcome run(Experiment experiment, List<Sample> previous, List<Sample> heard) {
        return new ExperimentRun(engine, Experiments.CATALOG, experiment, previous, heard::add).run();
    }

    @Test
    void aRoutedVariantsResultsAreBrokenDownPerTargetAndEverySampleNamesItsTarget() throws Exception {
        var experiment = Experiments.parse("""
                variants:
                  - name: single
                  - name: spread
                    overrides:
                      routing:
                        strategy: round-robin
                        targets:
                          - {name: east, endpoint: {kind: simulator}}
                          - {name: west, endpoint: {kind: simulator}, model: sim-fast}
                repetitions: 10
                warmup: 0
                arrival: {mode: sequential}
                analysis: {stopEarly: false}
                """);
        var outcome = run(experiment, List.of(), new ArrayList<>());
        var results = Analyzer.analyze(experiment, outcome);
        assertThat(outcome.samples()).filteredOn(s -> s.variant() == 1).extracting(Sample::target)
                .containsOnly("east", "west");
        assertThat(outcome.samples()).filteredOn(s -> s.variant() == 0).extracting(Sample::target)
                .containsOnly("Local simulator");
        assertThat(results.targets()).extracting(Results.TargetRow::target).containsExactly("east", "west");
        assertThat(results.targets()).allSatisfy(row -> {
            assertThat(row.variant()).isEqualTo("spread");
            assertThat(row.requests()).isEqualTo(5);
            assertThat(row.p50TtftMs()).isPositive();
        });
        // sim-fast (west) answers its first token well before sim-balanced (east).
        assertThat(results.targets().get(1).p50TtftMs()).isLessThan(results.targets().get(0).p50TtftMs());
        var report = HtmlReport.render(experiment, results, outcome.samples());
        assertThat(report).contains("<h2>Per target</h2>", "<td>east</td>", "<td>west</td>");
    }

    @Test
    void aClearlyFasterVariantIsFoundAndTheRunStopsEarly() throws Exception {
        var experiment = Experiments.parse("""
                variants:
                  - name: balanced
                  - name: fast
                    overrides: {tier: fast}
                repetitions: 60
                warmup: 1
                analysis: {metric: ttftMs}
                """);
        var heard = Collections.synchronizedList(new ArrayList<Sample>());
        var outcome = run(experiment, List.of(), heard);
        assertThat(outcome.status()).isEqualTo(Outcome.Status.STOPPED_EARLY);
        assertThat(outcome.look()).isBetween(1, 4);
        assertThat(heard).hasSameSizeAs(outcome.samples());
        assertThat(outcome.samples().size()).isLessThan(2 * 61);
        assertThat(outcome.samples()).filteredOn(Sample::warmup).hasSize(2);
        var results = Analyzer.analyze(experiment, outcome);
        var ttft = results.comparisons().stream().filter(c -> c.metric() == SampleMetric.TTFT).findFirst().orElseThrow();
        assertThat(ttft.significant()).isTrue();
        assertThat(ttft.decides()).isTrue();
        assertThat(ttft.medianDifference().estimate()).isBetween(-30.0, -10.0);
        assertThat(results.verdicts()).anySatisfy(verdict -> assertThat(verdict)
                .startsWith("fast's median TTFT is").contains("lower than balanced's (95% CI").contains("p"));
    }

    @Test
    void identicalVariantsAtFixedConcurrencyRunTheirWholeSchedule() throws Exception {
        var experiment = Experiments.parse("""
                variants: [{name: a}, {name: b, overrides: {params: {temperature: 0.5}}}]
                repetitions: 30
                warmup: 0
                arrival: {mode: concurrency, concurrency: 4}
                analysis: {metric: e2eMs, stopEarly: false}
                """);
        var outcome = run(experiment, List.of(), new ArrayList<>());
        var results = Analyzer.analyze(experiment, outcome);
        assertThat(outcome.samples()).hasSize(60);
        var e2e = results.comparisons().stream().filter(c -> c.metric() == SampleMetric.E2E).findFirst().orElseThrow();
        assertThat(e2e.n()).isEqualTo(30);
        if (!e2e.significant()) {
            assertThat(results.verdicts()).anySatisfy(v -> assertThat(v).startsWith("No detectable difference in median e2e time"));
        }
        assertThat(results.variants()).allSatisfy(v -> {
            assertThat(v.requests()).isEqualTo(30);
            assertThat(v.requestsPerSecond()).isPositive();
            assertThat(v.costPerRequestUsd().estimate()).isPositive();
        });
    }

    @Test
    void openLoopRunsSendAtTheirPlannedTimes() throws Exception {
        var experiment = Experiments.parse("""
                repetitions: 40
                warmup: 0
                arrival: {mode: poisson, rate: 100}
                seed: 3
                """);
        var outcome = run(experiment, List.of(), new ArrayList<>());
        assertThat(outcome.samples()).hasSize(40).allMatch(Sample::ok);
        var planned = outcome.samples().stream().mapToDouble(Sample::plannedMs).sorted().toArray();
        assertThat(planned[39] - planned[0]).as("40 arrivals at 100/s span about 0.4 s").isBetween(150.0, 1_200.0);
        assertThat(outcome.samples()).allSatisfy(s -> assertThat(s.queueMs()).isNotNull().isGreaterThanOrEqualTo(0));
    }

    @Test
    void aCapOnRequestsInFlightAtAConstantRateShowsTheBacklogAsQueue() throws Exception {
        // 200 requests/s planned, one at a time: each takes ~25 ms, so the schedule falls behind by ~20 ms a request.
        var experiment = Experiments.parse("""
                repetitions: 20
                warmup: 0
                arrival: {mode: constant, rate: 200, concurrency: 1}
                analysis: {metric: latencyMs, stopEarly: false}
                """);
        var outcome = run(experiment, List.of(), new ArrayList<>());
        var samples = outcome.samples().stream().sorted(java.util.Comparator.comparingDouble(Sample::plannedMs)).toList();
        assertThat(samples).hasSize(20).allMatch(Sample::ok);
        for (int i = 1; i < samples.size(); i++) {
            var before = samples.get(i - 1);
            var next = samples.get(i);
            assertThat(requestStartMs(next)).as("request %d starts after request %d ended", i, i - 1)
                    .isGreaterThanOrEqualTo(before.endedMs() - 1);
            assertThat(next.queueMs()).as("the backlog grows").isGreaterThan(before.queueMs());
        }
        var last = samples.getLast();
        assertThat(last.queueMs()).as("19 requests of ~25 ms waited for").isGreaterThan(19 * (25.0 - 5));
        double queue = samples.stream().mapToDouble(Sample::queueMs).sum();
        double prep = samples.stream().mapToDouble(s -> s.latencyMs() - s.queueMs() - s.e2eMs()).sum();
        assertThat(prep).as("the wait for the cap is queue, not the client's own work").isLessThan(0.1 * queue);
        assertThat(last.latencyMs()).isGreaterThan(last.queueMs() + last.e2eMs() - 1);
        // The advisor names the queue and the cap that made it, under a pace label that shows the cap.
        assertThat(Analyzer.analyze(experiment, outcome).adviceLines()).singleElement().asString()
                .startsWith("base (200 req/s, at most 1 in flight): Median wait in the client's queue was")
                .contains("arrival.concurrency");
    }

    @Test
    void allCallersOfAClosedLoopSetOffTogetherAndNothingIsQueued() throws Exception {
        var experiment = Experiments.parse("""
                repetitions: 64
                warmup: 0
                arrival: {mode: concurrency, concurrency: 64}
                analysis: {metric: latencyMs, stopEarly: false}
                """);
        var outcome = run(experiment, List.of(), new ArrayList<>());
        assertThat(outcome.samples()).hasSize(64).allMatch(Sample::ok);
        assertThat(outcome.samples().stream().map(Sample::plannedMs).distinct())
                .as("one caller per request, all planned at the moment they set off").hasSize(1);
        assertThat(outcome.samples()).allSatisfy(s -> assertThat(s.queueMs())
                .as("no limit held them: their start-up is the client's own work, not queue").isZero());
    }

    /** When the request went out: its latency runs from the planned start, its e2e from the request (no retries here). */
    private static double requestStartMs(Sample sample) {
        return sample.plannedMs() + sample.latencyMs() - sample.e2eMs();
    }

    @Test
    void limitsStopTheRunAndSayWhy() throws Exception {
        var requests = run(Experiments.parse("repetitions: 50\nwarmup: 0\nlimits: {maxRequests: 7}"), List.of(), new ArrayList<>());
        assertThat(requests.status()).isEqualTo(Outcome.Status.LIMIT_REACHED);
        assertThat(requests.samples()).hasSize(7);
        assertThat(requests.reason()).contains("7 requests");

        var experiment = Experiments.parse("repetitions: 50\nwarmup: 0\nlimits: {maxCostUsd: 0.0002}");
        var budget = run(experiment, List.of(), new ArrayList<>());
        assertThat(budget.status()).isEqualTo(Outcome.Status.LIMIT_REACHED);
        assertThat(budget.reason()).contains("budget");
        double spent = budget.samples().stream().mapToDouble(Sample::costUsd).sum();
        assertThat(spent).isLessThanOrEqualTo(0.0002).isPositive();
    }

    @Test
    void aHighErrorRateAbortsTheRun() throws Exception {
        engine.close();
        engine = Experiments.engine(List.of(new FaultSpec(FaultSpec.Type.HTTP_500, 0.8, null, null, null, null, null)));
        var experiment = Experiments.parse("""
                variants: [{name: no-retries, overrides: {levers: {retry: {maxRetries: 0}}}}]
                repetitions: 200
                warmup: 0
                limits: {maxErrorRate: 0.2}
                """);
        var outcome = run(experiment, List.of(), new ArrayList<>());
        assertThat(outcome.status()).isEqualTo(Outcome.Status.ABORTED);
        assertThat(outcome.reason()).contains("of requests failed").contains("20.0% allowed");
        assertThat(outcome.samples().size()).isLessThan(200);
        var results = Analyzer.analyze(experiment, outcome);
        assertThat(results.variants().getFirst().errors()).containsKey("server_error");
    }

    /** Runs {@code experiment} and cancels it once {@code done} requests have ended. */
    private Outcome cancelledAfter(Experiment experiment, int done) throws Exception {
        var run = new ExperimentRun(engine, Experiments.CATALOG, experiment, List.of(), sample -> {
        });
        var outcome = CompletableFuture.supplyAsync(run::run);
        while (run.progress().done() < done) {
            Thread.sleep(5);
        }
        run.cancel();
        return outcome.get();
    }

    @Test
    void cancellingEndsTheRunWithWhatItHas() throws Exception {
        var experiment = Experiments.parse("repetitions: 1000\nwarmup: 0\narrival: {mode: concurrency, concurrency: 8}");
        var ended = cancelledAfter(experiment, 20);
        assertThat(ended.status()).isEqualTo(Outcome.Status.CANCELLED);
        assertThat(ended.samples().size()).isBetween(20, 999);
    }

    @Test
    void requestsCutOffByACancelAreNotErrorsAndAResumeSendsThemAgain() throws Exception {
        var experiment = Experiments.parse("repetitions: 60\nwarmup: 0\narrival: {mode: concurrency, concurrency: 8}\n"
                + "analysis: {stopEarly: false}");
        var cancelled = cancelledAfter(experiment, 20);
        assertThat(cancelled.samples()).extracting(Sample::error).doesNotContain("cancelled");
        var resumed = run(experiment, cancelled.samples(), new ArrayList<>());
        assertThat(resumed.samples()).hasSize(60).extracting(Sample::error).containsOnlyNulls();
    }

    @Test
    void aResumedRunSendsOnlyWhatIsLeft() throws Exception {
        var experiment = Experiments.parse("variants: [{name: a}, {name: b}]\nrepetitions: 10\nwarmup: 1\nanalysis: {stopEarly: false}");
        var first = run(experiment, List.of(), new ArrayList<>());
        var kept = first.samples().subList(0, 9);
        var heard = new ArrayList<Sample>();
        var resumed = run(experiment, kept, heard);
        assertThat(heard).hasSize(first.samples().size() - 9);
        assertThat(resumed.samples()).hasSize(22);
        assertThat(resumed.samples()).extracting(Sample::trial).doesNotHaveDuplicates();
        assertThat(heard).allSatisfy(sample -> assertThat(sample.plannedMs())
                .isGreaterThanOrEqualTo(kept.stream().mapToDouble(Sample::endedMs).max().orElseThrow()));
    }

    @Test
    void aSweepReportsEachLevelAndTheKnee() throws Exception {
        var experiment = Experiments.parse("""
                repetitions: 12
                warmup: 0
                arrival: {mode: sweep, sweep: {over: concurrency, levels: [1, 4]}}
                analysis: {sloP95Ms: 10000}
                """);
        var results = Analyzer.analyze(experiment, run(experiment, List.of(), new ArrayList<>()));
        assertThat(results.sweep()).hasSize(2);
        assertThat(results.sweep().get(1).requestsPerSecond()).isGreaterThan(results.sweep().get(0).requestsPerSecond());
        assertThat(results.sweep().get(1).wallMsPerRequest()).isLessThan(results.sweep().get(0).wallMsPerRequest());
        assertThat(results.knee()).isEqualTo(results.sweep().get(1));
        assertThat(results.comparisons()).isEmpty();
    }
}
