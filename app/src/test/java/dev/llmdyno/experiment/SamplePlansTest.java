package dev.llmdyno.experiment;

import dev.llmdyno.TestPaths;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

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

    /**
     * The routing sample as its comment says to run it: the three unequal replicas of
     * profiles/simulator/three-replicas.yaml (here on free ports) and the plan comparing strategies over them.
     */
    @Test
    void theRoutingSampleComparesStrategiesOverThreeUnequalReplicas(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        var profiles = TestPaths.profiles();
        var config = dev.llmdyno.sim.SimConfig.read(profiles.resolve("simulator/three-replicas.yaml"));
        var freePorts = config.replicas().stream().map(r -> new dev.llmdyno.sim.Replica(r.name(), 0, r.slowdown(),
                r.maxConcurrent(), r.faults(), r.network())).toList();
        try (var fleet = dev.llmdyno.sim.Fleet.start(config.withReplicas(freePorts),
                java.net.InetAddress.getLoopbackAddress(), 0); var engine = Experiments.engine()) {
            java.util.function.UnaryOperator<String> moved = text -> {
                for (var replica : config.replicas()) {
                    text = text.replace("127.0.0.1:" + replica.port(), "127.0.0.1:" + fleet.replica(replica.name()).port());
                }
                return text.replace("repetitions: 120", "repetitions: 24");
            };
            Files.createDirectories(dir.resolve("experiments"));
            Files.writeString(dir.resolve("routed-replicas.yaml"), moved.apply(Files.readString(profiles.resolve("routed-replicas.yaml"))));
            var plan = dir.resolve("experiments/routing-strategies.yaml");
            Files.writeString(plan, moved.apply(Files.readString(profiles.resolve("experiments/routing-strategies.yaml"))));
            var experiment = new Plans(Experiments.CATALOG).read(plan);
            var outcome = new ExperimentRun(engine, Experiments.CATALOG, experiment, java.util.List.of(), sample -> { }).run();
            var results = Analyzer.analyze(experiment, outcome);
            assertThat(outcome.samples()).allSatisfy(sample -> assertThat(sample.error()).isNull());
            java.util.function.BiFunction<String, String, Integer> requests = (variant, target) -> results.targets().stream()
                    .filter(row -> row.variant().equals(variant) && row.target().equals(target))
                    .mapToInt(Results.TargetRow::requests).sum();
            assertThat(requests.apply("round-robin", "near")).isEqualTo(8);
            // Every variant spread its calls over the replicas; the weighted split itself is checked over 200 calls in
            // ProfileRoutingTest, since 24 draws are too few to test proportions.
            for (var variant : List.of("round-robin", "weighted", "least-outstanding", "lowest-latency")) {
                assertThat(config.replicas().stream().mapToInt(r -> requests.apply(variant, r.name())).sum()).as(variant)
                        .isEqualTo(24);
            }
            // lowest-latency settles on the near replica after measuring each once
            assertThat(requests.apply("lowest-latency", "near")).isGreaterThan(12);
        }
    }

    /** The server-queue sample as its comment says to run it, with the simulator on a free port. */
    @Test
    void theServerQueueSampleFindsTheWaitOnTheServerAndNoneOnTheClient(@org.junit.jupiter.api.io.TempDir
                                                                        java.nio.file.Path dir) throws Exception {
        var profiles = TestPaths.profiles();
        var config = dev.llmdyno.sim.SimConfig.read(profiles.resolve("simulator/four-slots.yaml"));
        try (var sim = dev.llmdyno.sim.Simulator.startLocal(config); var engine = Experiments.engine()) {
            var plan = dir.resolve("server-queue.yaml");
            Files.writeString(plan, Files.readString(profiles.resolve("experiments/server-queue.yaml"))
                    .replace("127.0.0.1:8000", "127.0.0.1:" + sim.port()).replace("repetitions: 60", "repetitions: 24"));
            var experiment = new Plans(Experiments.CATALOG).read(plan);
            var outcome = new ExperimentRun(engine, Experiments.CATALOG, experiment, List.of(), sample -> { }).run();
            assertThat(outcome.samples()).hasSize(24).allSatisfy(sample -> assertThat(sample.error()).isNull());
            var server = Analyzer.analyze(experiment, outcome).server();
            assertThat(server.problem()).isNull();
            var model = server.models().getFirst();
            assertThat(model.model()).isEqualTo("sim-fast");
            assertThat(model.requests()).isEqualTo(24);
            assertThat(model.runningMax()).isEqualTo(4);
            assertThat(model.waitingMax()).isPositive();
            // Two of every three requests waited about one answer (~370 ms); the client's own queue is empty.
            assertThat(model.queue().meanMs()).isGreaterThan(150);
            assertThat(model.queue().p95FromMs()).isLessThanOrEqualTo(model.queue().p95Ms());
            assertThat(model.queue().p95Ms()).isLessThanOrEqualTo(model.queue().p95ToMs());
            assertThat(outcome.samples().stream().mapToDouble(Sample::queueMs).max().orElseThrow()).isLessThan(50);
        }
    }

    @Test
    void theCacheSampleAnswersAllButTheFirstRepeatFromTheCache() throws Exception {
        var experiment = new Plans(Experiments.CATALOG).read(TestPaths.profiles().resolve("experiments/cache-on-off.yaml"));
        try (var engine = dev.llmdyno.call.CallEngine.builder(Experiments.CATALOG)
                .simulator(Experiments.config(List.of()))
                .cache(new dev.llmdyno.call.ResponseCache(java.nio.file.Files.createTempDirectory("cache"))).build()) {
            var outcome = new ExperimentRun(engine, Experiments.CATALOG, experiment, List.of(), sample -> { }).run();
            var results = Analyzer.analyze(experiment, outcome);
            var byName = results.variants().stream().collect(java.util.stream.Collectors.toMap(
                    Results.VariantResult::variant, v -> v));
            assertThat(byName.get("no cache").cacheHits()).isZero();
            assertThat(byName.get("cache").cacheHits()).isEqualTo(19);
            assertThat(byName.get("cache").metrics().get(SampleMetric.TTFT).n()).isEqualTo(1);
            assertThat(byName.get("cache").metrics().get(SampleMetric.LATENCY).p50())
                    .isLessThan(byName.get("no cache").metrics().get(SampleMetric.LATENCY).p50());
        }
    }

    /**
     * The SLO sample on the simulator as it ships (the fast tier's first token at about 120 ms, the quality tier's at
     * about 600 ms): fast meets the SLO with confidence, quality misses it, and the JSON results say so.
     */
    @Test
    void theSloSampleFindsTheFastTierWithinItsSloAndTheQualityTierOutside() throws Exception {
        var experiment = new Plans(Experiments.CATALOG).read(TestPaths.profiles().resolve("experiments/slo-tiers.yaml"));
        try (var engine = new dev.llmdyno.call.CallEngine(Experiments.CATALOG, dev.llmdyno.call.SecretResolver.system(),
                dev.llmdyno.timing.NanoClock.SYSTEM, dev.llmdyno.sim.SimConfig.defaults())) {
            var outcome = new ExperimentRun(engine, Experiments.CATALOG, experiment, List.of(), sample -> { }).run();
            var results = Analyzer.analyze(experiment, outcome);
            assertThat(results.variants()).extracting(v -> v.slo().standing())
                    .containsExactly(Results.Standing.MET, Results.Standing.MISSED);
            assertThat(results.variants().get(0).slo().goodput())
                    .isGreaterThan(10 * results.variants().get(1).slo().goodput());
            var json = dev.llmdyno.profile.Mappers.json().valueToTree(results);
            assertThat(json.at("/variants/0/slo/standing").asText()).isEqualTo("met");
            assertThat(json.at("/variants/1/slo/checks/0/figure").asText()).isEqualTo("p95 TTFT");
            assertThat(json.at("/slo/ttftMs/p95").asDouble()).isEqualTo(400);
        }
    }

    @Test
    void theSeedTableSweepsSequentialFiveAndTwentyCallers() throws Exception {
        var experiment = new Plans(Experiments.CATALOG).read(TestPaths.profiles().resolve("experiments")
                .resolve("concurrency-seed-table.yaml"));
        assertThat(experiment.plan().arrival().paces()).extracting(Arrival.Pace::callers).containsExactly(1, 5, 20);
    }

    /** The prompt-cache sample on the built-in simulator: the cold variant never reads, the primed one always does. */
    @Test
    void thePromptCacheSampleReadsNothingColdAndEverythingPrimed() throws Exception {
        var experiment = new Plans(Experiments.CATALOG).read(TestPaths.profiles().resolve("experiments/prompt-cache.yaml"));
        try (var engine = Experiments.engine()) {
            var outcome = new ExperimentRun(engine, Experiments.CATALOG, experiment, List.of(), sample -> { }).run();
            var results = Analyzer.analyze(experiment, outcome);
            var cold = results.variants().get(0);
            var primed = results.variants().get(1);
            assertThat(cold.promptCache().hits()).isZero();
            assertThat(primed.promptCache().hits()).isEqualTo(primed.requests()).isEqualTo(15);
            assertThat(primed.promptCache().tokenHitRatio()).isGreaterThan(0.8);
            assertThat(primed.costPerRequestUsd().estimate()).isLessThan(cold.costPerRequestUsd().estimate());
        }
    }

    /** The Anthropic prompt-cache sample as its comment says to run it, against a simulator here on a free port. */
    @Test
    void theAnthropicPromptCacheSampleWritesOnEveryMissOnceWhenFlushedAndNeverWhenPrimed(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (var simulator = dev.llmdyno.sim.Simulator.startLocal(Experiments.config(List.of()));
             var engine = Experiments.engine()) {
            var profiles = TestPaths.profiles();
            Files.copy(profiles.resolve("handbook-assistant.yaml"), dir.resolve("handbook-assistant.yaml"));
            Files.createDirectories(dir.resolve("experiments"));
            var plan = dir.resolve("experiments/prompt-cache-anthropic.yaml");
            Files.writeString(plan, Files.readString(profiles.resolve("experiments/prompt-cache-anthropic.yaml"))
                    .replace("http://127.0.0.1:8090", simulator.baseUrl()));
            var experiment = new Plans(Experiments.CATALOG).read(plan);
            var outcome = new ExperimentRun(engine, Experiments.CATALOG, experiment, List.of(), sample -> { }).run();
            var results = Analyzer.analyze(experiment, outcome);
            var miss = results.variants().get(0).promptCache();
            var flush = results.variants().get(1).promptCache();
            var prime = results.variants().get(2).promptCache();
            assertThat(miss.writes()).isEqualTo(15);
            assertThat(miss.hits()).isZero();
            assertThat(flush.writes()).isEqualTo(1);
            assertThat(flush.hits()).isEqualTo(14);
            assertThat(prime.writes()).isZero();
            assertThat(prime.hits()).isEqualTo(15);
        }
    }
}
