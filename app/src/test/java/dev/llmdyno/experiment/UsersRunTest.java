package dev.llmdyno.experiment;

import dev.llmdyno.TestPaths;
import dev.llmdyno.call.CallEngine;
import dev.llmdyno.call.ResponseCache;
import dev.llmdyno.call.SecretResolver;
import dev.llmdyno.profile.InvalidInputException;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.sim.Simulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Simulated users on a real simulator: their classes' priorities, their pace, and what is kept apart per user. */
class UsersRunTest {

    private static Outcome run(CallEngine engine, Experiment experiment) {
        return new ExperimentRun(engine, Experiments.CATALOG, experiment, List.of(), sample -> { }).run();
    }

    private static UsersReport.ClassRow row(Results results, String variant, String userClass) {
        return results.users().classes().stream()
                .filter(r -> r.variant().equals(variant) && r.userClass().equals(userClass)).findFirst().orElseThrow();
    }

    /**
     * The two-classes sample as its comment says to run it (profiles/simulator/two-slots.yaml, here on a free port,
     * with fewer requests per user). First come, first served, an interactive request queues on the server behind the
     * batch ones (~4 answers); the client's strict gate holds the batch requests back instead, and the server's own
     * priority scheduling serves the interactive ones first from its queue.
     */
    @Test
    void theTwoClassesSamplePutsInteractiveUsersFirstOnTheClientOrOnTheServer(@TempDir Path dir) throws Exception {
        var profiles = TestPaths.profiles();
        var config = SimConfig.read(profiles.resolve("simulator/two-slots.yaml"));
        try (var sim = Simulator.startLocal(config); var engine = Experiments.engine()) {
            var plan = dir.resolve("two-priority-classes.yaml");
            Files.writeString(plan, Files.readString(profiles.resolve("experiments/two-priority-classes.yaml"))
                    .replace("127.0.0.1:8000", "127.0.0.1:" + sim.port()).replace("requests: 10", "requests: 5"));
            var experiment = new Plans(Experiments.CATALOG).read(plan);
            var outcome = run(engine, experiment);
            assertThat(outcome.samples()).filteredOn(Sample::measured).hasSize(3 * 8 * 5)
                    .allSatisfy(sample -> assertThat(sample.error()).isNull());
            var results = Analyzer.analyze(experiment, outcome);

            var firstCome = row(results, "first-come", "interactive");
            var strict = row(results, "client strict", "interactive");
            var server = row(results, "server priority", "interactive");
            assertThat(firstCome.users()).isEqualTo(2);
            assertThat(firstCome.requests()).isEqualTo(10);
            // Behind about four batch answers of ~190 ms on the server, against at most one on either priority.
            assertThat(firstCome.p50LatencyMs()).isGreaterThan(2 * strict.p50LatencyMs());
            assertThat(firstCome.p50LatencyMs()).isGreaterThan(2 * server.p50LatencyMs());
            // The client's gate is where the batch class waits under strict priority; the server's queue is not the
            // client's, so first-come and server priority show none.
            assertThat(row(results, "client strict", "batch").meanQueueMs()).isGreaterThan(4 * strict.meanQueueMs());
            assertThat(row(results, "client strict", "batch").meanQueueMs()).isGreaterThan(200);
            assertThat(firstCome.meanQueueMs()).isLessThan(50);
            assertThat(server.meanQueueMs()).isLessThan(50);
            // The server's queue shows in the TTFT instead: interactive first tokens come sooner under its priority.
            assertThat(row(results, "first-come", "interactive").p95TtftMs()).isGreaterThan(server.p95TtftMs());

            // Users of one class are served alike; across classes, priority is unfair on purpose.
            assertThat(results.users().classes()).allSatisfy(r -> assertThat(r.fairness()).isGreaterThan(0.9));
            var fairness = results.users().variants().stream()
                    .collect(java.util.stream.Collectors.toMap(UsersReport.VariantRow::variant,
                            UsersReport.VariantRow::fairness));
            assertThat(fairness.get("first-come")).isGreaterThan(fairness.get("client strict"));
            assertThat(results.users().users()).hasSize(3 * 8);

            var json = Mappers.json().valueToTree(results);
            assertThat(json.at("/users/classes/0/userClass").asText()).isNotEmpty();
            assertThat(json.at("/users/users/0/user").asText()).endsWith("-1");
        }
    }

    /**
     * Two users with the same long prompt, each with a key of their own, the second starting later: the first's key
     * may send two requests a minute. Neither reads the prompt the other warmed in the server's prompt cache, and the
     * second is not refused for the first's limit.
     */
    @Test
    void usersWithTheirOwnKeysShareNeitherLimitsNorThePromptCache(@TempDir Path dir) throws Exception {
        var config = Experiments.config(List.of()).withKeys(List.of(new SimConfig.KeySettings("sk-alice", 2, null, null)));
        var secrets = SecretResolver.of(Map.of("ALICE_KEY", "sk-alice", "BOB_KEY", "sk-bob"));
        try (var sim = Simulator.startLocal(config);
             var engine = CallEngine.builder(Experiments.CATALOG).secrets(secrets).simulator(config).build()) {
            var experiment = read(dir, sim, "", """
                    users:
                      - {name: alice, requests: 3, apiKeyRef: "env:ALICE_KEY"}
                      - {name: bob, requests: 2, startMs: 600, apiKeyRef: "env:BOB_KEY"}
                    """);
            var samples = byUser(run(engine, experiment));
            var alice = samples.get(0);
            var bob = samples.get(1);
            assertThat(alice).extracting(Sample::error).containsExactly(null, null, "rate_limited");
            assertThat(alice.get(0).cachedInputTokens()).isZero();
            assertThat(alice.get(1).cachedInputTokens()).isGreaterThan(1_000);
            assertThat(bob).extracting(Sample::error).containsExactly(null, null);
            assertThat(bob.get(0).cachedInputTokens()).isZero();
            assertThat(bob.get(1).cachedInputTokens()).isGreaterThan(1_000);
        }
    }

    /** With the response cache on, a user's repeat is answered from the cache, but never with another user's answer. */
    @Test
    void noUserIsServedAnotherUsersCachedAnswer(@TempDir Path dir) throws Exception {
        var config = Experiments.config(List.of());
        var secrets = SecretResolver.of(Map.of("ALICE_KEY", "sk-alice", "BOB_KEY", "sk-bob"));
        try (var sim = Simulator.startLocal(config);
             var engine = CallEngine.builder(Experiments.CATALOG).secrets(secrets).simulator(config)
                     .cache(new ResponseCache(dir.resolve("cache"))).build()) {
            var experiment = read(dir, sim, "cache: {enabled: true, ttlSeconds: 600, namespace: users}", """
                    users:
                      - {name: alice, requests: 3, apiKeyRef: "env:ALICE_KEY"}
                      - {name: bob, requests: 2, startMs: 600, apiKeyRef: "env:BOB_KEY"}
                    """);
            var samples = byUser(run(engine, experiment));
            assertThat(samples.get(0)).extracting(Sample::cached).containsExactly(false, true, true);
            assertThat(samples.get(1)).extracting(Sample::cached).containsExactly(false, true);
            assertThat(samples.values()).allSatisfy(own -> assertThat(own).allMatch(Sample::ok));
        }
    }

    /** An open-loop class sends at its rate whether or not its answers have come: here all before the first one. */
    @Test
    void anOpenLoopUserSendsWithoutWaitingForItsAnswers(@TempDir Path dir) throws Exception {
        var config = SimConfig.defaults().withModels(List.of(new dev.llmdyno.sim.ModelSpec("sim-fast", 400.0, 1.0, 0.1,
                1.0, 0.0, 0.0, 1.0, 1, 16, 0.0, 4, 4, 0)));
        try (var sim = Simulator.startLocal(config); var engine = Experiments.engine()) {
            var experiment = read(dir, sim, "", """
                    users:
                      - {name: feed, requests: 5, ratePerSecond: 50}
                    """);
            var feed = byUser(run(engine, experiment)).get(0);
            assertThat(feed).hasSize(5).allMatch(Sample::ok);
            assertThat(feed.getLast().plannedMs()).isLessThan(feed.getFirst().endedMs());
            assertThat(feed).allSatisfy(sample -> assertThat(sample.queueMs()).isLessThan(50));
        }
    }

    /** A pass cut off in the middle is played again whole, so every pass measures all its users at once. */
    @Test
    void aResumedUsersRunKeepsWholePassesAndPlaysACutOneAgain(@TempDir Path dir) throws Exception {
        var plan = Files.writeString(dir.resolve("resume.yaml"), """
                base:
                  model: sim-fast
                  params: {maxTokens: 8}
                  prompt: {messages: [{role: user, content: "Hello"}]}
                variants: [{name: a}, {name: b}]
                users:
                  - {name: u, count: 2, requests: 3}
                warmup: 0
                """);
        var experiment = new Plans(Experiments.CATALOG).read(plan);
        try (var engine = Experiments.engine()) {
            var first = run(engine, experiment).samples();
            int firstPass = first.stream().min(Comparator.comparingInt(Sample::trial)).orElseThrow().variant();
            var previous = first.stream()
                    .filter(s -> s.variant() == firstPass || s.repetition() == 0).toList();
            var heard = new java.util.ArrayList<Sample>();
            var resumed = new ExperimentRun(engine, Experiments.CATALOG, experiment, previous, heard::add).run();
            assertThat(heard).hasSize(6).allMatch(s -> s.variant() != firstPass);
            assertThat(resumed.samples()).hasSize(12).extracting(Sample::trial).doesNotHaveDuplicates();
        }
    }

    @Test
    void badUsersAreNamedByTheirField(@TempDir Path dir) throws Exception {
        var problems = new java.util.ArrayList<String>();
        assertThatThrownBy(() -> read(dir, null, "", """
                users:
                  - {name: "two words", count: 0, thinkTimeMs: -1, ratePerSecond: 2, weight: 0}
                  - {name: b, requests: 0, apiKeyRef: "sk-abcdefghijklmnopqrstuvwxyz012345", startMs: 4000000}
                  - {name: b, requestsPerMinute: 0}
                arrival: {mode: concurrency, concurrency: 4}
                """)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> e.problems().forEach(problem -> problems.add(problem.toString())));
        assertThat(problems).contains(
                "users[0].name: 'two words' must be 1 to 40 letters, digits, '.', '_' or '-'",
                "users[0].count: 0 must be at least 1",
                "users[0].thinkTimeMs: -1 is outside [0, 3600000]",
                "users[0]: give thinkTimeMs (after each answer) or ratePerSecond (whether or not answered), not both",
                "users[0].weight: 0.0 is outside (0, 1000]",
                "users[1].requests: 0 must be at least 1",
                "users[1].startMs: 4000000 is outside [0, 3600000]",
                "users[1].apiKeyRef: looks like a key itself; write a reference to it, env:NAME or keyring:NAME",
                "users[2].name: 'b' names another class too",
                "users[2].requestsPerMinute: 0 must be at least 1");
        assertThat(problems).anyMatch(p -> p.startsWith("arrival: each class of users sets its own pace"));
    }

    @Test
    void thePriorityLeverNeedsUsersToOrder(@TempDir Path dir) {
        assertThatThrownBy(() -> read(dir, null, "priority: {policy: strict, maxInFlight: 2}", "repetitions: 2\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("variants[0].levers.priority: orders the requests of users' classes");
    }

    /** A plan of one variant on {@code sim} (null: the built-in one) with {@code levers} and {@code body}. */
    private static Experiment read(Path dir, Simulator sim, String levers, String body) throws Exception {
        var plan = dir.resolve("plan.yaml");
        Files.writeString(plan, """
                base:
                  endpoint: {name: sim, kind: simulator%s}
                  model: sim-fast
                  params: {maxTokens: 8}
                  prompt:
                    messages: [{role: user, content: "%s"}]
                  levers: {retry: {maxRetries: 0}%s}
                variants: [{name: only}]
                warmup: 0
                """.formatted(sim == null ? "" : ", baseUrl: \"" + sim.baseUrl() + "/v1\"",
                "the same question for everyone ".repeat(240), levers.isEmpty() ? "" : ", " + levers) + body);
        return new Plans(Experiments.CATALOG).read(plan);
    }

    /** The measured samples per user (the row), each user's in the order it sent them. */
    private static Map<Integer, List<Sample>> byUser(Outcome outcome) {
        var byUser = new java.util.TreeMap<Integer, List<Sample>>();
        outcome.samples().stream().filter(Sample::measured).sorted(Comparator.comparingInt(Sample::repetition))
                .forEach(s -> byUser.computeIfAbsent(s.row(), row -> new java.util.ArrayList<>()).add(s));
        return byUser;
    }
}
