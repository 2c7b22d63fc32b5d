package dev.llmdyno.call;

import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Params;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProfileIO;
import dev.llmdyno.profile.ProfileValidator;
import dev.llmdyno.profile.ProviderKind;
import dev.llmdyno.profile.Routing;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A profile's routing in the engine: strategies over real servers, fallback with cooldown, validation. */
class ProfileRoutingTest {

    private MockWebServer a;
    private MockWebServer b;
    private CallEngine engine;

    @TempDir
    Path folder;

    /** Answers every request, after {@code delayMs}, or with {@code status} when it is not 200. */
    private static Dispatcher answering(int status, long delayMs) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (status != 200) {
                    return new MockResponse.Builder().code(status).body("{\"error\":{\"message\":\"down\"}}").build();
                }
                return new MockResponse.Builder().setHeader("Content-Type", "application/json")
                        .headersDelay(delayMs, TimeUnit.MILLISECONDS).body(
                        "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                                + "\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\"}],"
                                + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}").build();
            }
        };
    }

    @BeforeEach
    void start() throws Exception {
        a = new MockWebServer();
        b = new MockWebServer();
        a.start();
        b.start();
        engine = CallEngine.builder(Catalog.builtIn()).secrets(SecretResolver.of(Map.of()))
                .cache(new ResponseCache(folder.resolve("cache"))).build();
    }

    @AfterEach
    void stop() {
        engine.close();
        a.close();
        b.close();
    }

    private Routing.Target target(String name, MockWebServer server, Double weight) {
        return new Routing.Target(name, new Endpoint(name, ProviderKind.OPENAI_COMPATIBLE, server.url("/v1").toString(),
                null, null, null), null, weight, null);
    }

    private Routing.Target inGroup(String group, Routing.Target target) {
        return new Routing.Target(target.name(), target.endpoint(), target.model(), target.weight(), group);
    }

    private Profile routed(Routing.Strategy strategy, Routing.Fallback fallback, int retries, Routing.Target... targets) {
        return Profile.starter().withEndpoint(targets[0].endpoint()).withModel("gpt-4o-mini")
                .withParams(Params.DEFAULTS.withMaxTokens(8).withStream(false))
                .withLevers(Levers.DEFAULTS.withRetry(new Levers.Retry(retries, 1, 1, false, null, null)))
                .withRouting(new Routing(strategy, List.of(targets), fallback));
    }

    private String firstTarget(Profile profile) {
        var result = engine.call(profile, CallOptions.DEFAULTS);
        assertThat(result.ok()).as(String.valueOf(result.error())).isTrue();
        return result.attempts().getFirst().target();
    }

    @Test
    void roundRobinTakesEachTargetInTurn() {
        a.setDispatcher(answering(200, 0));
        b.setDispatcher(answering(200, 0));
        var profile = routed(Routing.Strategy.ROUND_ROBIN, null, 0, target("A", a, null), target("B", b, null));
        var targets = new java.util.ArrayList<String>();
        for (int i = 0; i < 4; i++) {
            targets.add(firstTarget(profile));
        }
        assertThat(targets).containsExactly("A", "B", "A", "B");
        assertThat(a.getRequestCount()).isEqualTo(2);
        assertThat(b.getRequestCount()).isEqualTo(2);
    }

    @Test
    void weightedSpreadsInProportionToTheWeights() {
        a.setDispatcher(answering(200, 0));
        b.setDispatcher(answering(200, 0));
        var profile = routed(Routing.Strategy.WEIGHTED, null, 0, target("A", a, 3.0), target("B", b, 1.0));
        for (int i = 0; i < 200; i++) {
            firstTarget(profile);
        }
        // 150 expected at A; five standard deviations (6.1) either side.
        assertThat(a.getRequestCount()).isBetween(120, 180);
        assertThat(a.getRequestCount() + b.getRequestCount()).isEqualTo(200);
    }

    @Test
    void aFailingTargetSendsTheRetryElsewhereAndIsRestedAfterItsAllowedFails() {
        a.setDispatcher(answering(503, 0));
        b.setDispatcher(answering(200, 0));
        var fallback = new Routing.Fallback(List.of(503), true, 1, 60);
        var profile = routed(Routing.Strategy.ROUND_ROBIN, fallback, 2, target("A", a, null), target("B", b, null));
        var first = engine.call(profile, CallOptions.DEFAULTS);
        assertThat(first.ok()).isTrue();
        assertThat(first.attempts()).extracting(Attempt::target).containsExactly("A", "B");
        assertThat(first.attempts()).extracting(Attempt::status).containsExactly(503, 200);
        // A failed once with allowedFails 1: it rests for 60 s, so the next calls go straight to B.
        for (int i = 0; i < 3; i++) {
            var next = engine.call(profile, CallOptions.DEFAULTS);
            assertThat(next.attempts()).extracting(Attempt::target).containsExactly("B");
        }
        assertThat(a.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aTargetThatIsDownCostsOneTryAndThenRests() throws Exception {
        b.setDispatcher(answering(200, 0));
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var down = new Routing.Target("down", new Endpoint("down", ProviderKind.OPENAI_COMPATIBLE,
                "http://127.0.0.1:" + closedPort + "/v1", null, null, null), null, null, null);
        var profile = routed(Routing.Strategy.ROUND_ROBIN, new Routing.Fallback(null, true, 1, 60), 1, down, target("B", b, null));
        var first = engine.call(profile, CallOptions.DEFAULTS);
        assertThat(first.ok()).isTrue();
        assertThat(first.attempts()).extracting(Attempt::target).containsExactly("down", "B");
        assertThat(first.attempts().getFirst().error().type()).isEqualTo(CallError.Type.CONNECT);
        for (int i = 0; i < 3; i++) {
            assertThat(engine.call(profile, CallOptions.DEFAULTS).attempts()).extracting(Attempt::target).containsExactly("B");
        }
    }

    @Test
    void aStatusTheFallbackDoesNotListIsRetriedWhereItHappened() {
        a.setDispatcher(answering(429, 0));
        b.setDispatcher(answering(200, 0));
        var fallback = new Routing.Fallback(List.of(503), false, 3, 30);
        var profile = routed(Routing.Strategy.ROUND_ROBIN, fallback, 1, target("A", a, null), target("B", b, null));
        var result = engine.call(profile, CallOptions.DEFAULTS);
        assertThat(result.attempts()).extracting(Attempt::target).containsExactly("A", "A");
        assertThat(result.error().type()).isEqualTo(CallError.Type.RATE_LIMITED);
    }

    @Test
    void callsBalanceInsideTheFirstGroupAndFallBackToTheNextOnlyWhenItHasNothingLeft() throws Exception {
        try (var c = new MockWebServer()) {
            c.start();
            a.setDispatcher(answering(200, 0));
            b.setDispatcher(answering(503, 0));
            c.setDispatcher(answering(200, 0));
            var fallback = new Routing.Fallback(List.of(503), true, 1, 60);
            var profile = routed(Routing.Strategy.ROUND_ROBIN, fallback, 2, inGroup("primary", target("A", a, null)),
                    inGroup("primary", target("B", b, null)), inGroup("backup", target("C", c, null)));
            var targets = new java.util.ArrayList<List<String>>();
            for (int i = 0; i < 4; i++) {
                var result = engine.call(profile, CallOptions.DEFAULTS);
                assertThat(result.ok()).isTrue();
                targets.add(result.attempts().stream().map(Attempt::target).toList());
            }
            // B fails and rests: the retry stays in the primary group (A), and the backup is not called while A answers.
            assertThat(targets).containsExactly(List.of("A"), List.of("B", "A"), List.of("A"), List.of("A"));
            assertThat(c.getRequestCount()).isZero();
            a.setDispatcher(answering(503, 0));
            var fellBack = engine.call(profile, CallOptions.DEFAULTS);
            assertThat(fellBack.attempts()).extracting(Attempt::target).containsExactly("A", "C");
            assertThat(fellBack.ok()).isTrue();
            // Both primaries rest now: first tries go to the backup.
            assertThat(firstTarget(profile)).isEqualTo("C");
        }
    }

    @Test
    void lowestLatencySettlesOnTheFasterTarget() {
        a.setDispatcher(answering(200, 150));
        b.setDispatcher(answering(200, 0));
        var profile = routed(Routing.Strategy.LOWEST_LATENCY, null, 0, target("A", a, null), target("B", b, null));
        var targets = new java.util.ArrayList<String>();
        for (int i = 0; i < 30; i++) {
            targets.add(firstTarget(profile));
        }
        assertThat(targets.subList(0, 2)).containsExactlyInAnyOrder("A", "B"); // each measured once first
        // After that one try in ten explores: B is chosen at least 20 times of the 28.
        assertThat(targets.subList(2, 30).stream().filter("B"::equals).count()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void aTargetsOwnModelIsAskedForThere() throws Exception {
        a.setDispatcher(answering(200, 0));
        var own = new Routing.Target("A", target("A", a, null).endpoint(), "llama-3.1-8b", null, null);
        var result = engine.call(routed(Routing.Strategy.ROUND_ROBIN, null, 0, own), CallOptions.DEFAULTS);
        assertThat(a.takeRequest().getBody().utf8()).contains("\"model\":\"llama-3.1-8b\"");
        assertThat(result.model()).isEqualTo("llama-3.1-8b");
    }

    @Test
    void routingReadsFromAProfileFileAndEveryBrokenRuleIsNamedByItsPath() throws Exception {
        var file = folder.resolve("routed.yaml");
        Files.writeString(file, """
                schemaVersion: 1
                endpoint: {kind: openai-compatible, baseUrl: "http://127.0.0.1:1/v1"}
                routing:
                  strategy: least-outstanding
                  targets:
                    - {name: east, endpoint: {kind: openai-compatible, baseUrl: "http://127.0.0.1:1/v1"}, weight: 2}
                    - {name: east, endpoint: {kind: vllm, baseUrl: "ftp://x"}, weight: 0}
                    - {name: "", endpoint: {kind: azure-openai, baseUrl: "https://x.openai.azure.com"}, group: " "}
                  fallback: {onStatus: [503, 200], allowedFails: 0, cooldownSeconds: -1}
                model: m
                prompt: {messages: [{role: user, content: hi}]}
                """);
        var profile = dev.llmdyno.profile.Mappers.yaml().readValue(file.toFile(), Profile.class);
        assertThat(profile.routing().strategy()).isEqualTo(Routing.Strategy.LEAST_OUTSTANDING);
        var problems = new ProfileValidator().validate(profile).stream().map(Object::toString).toList();
        assertThat(problems).anyMatch(p -> p.startsWith("routing.targets[1].name") && p.contains("names another target"))
                .anyMatch(p -> p.startsWith("routing.targets[1].endpoint.baseUrl") && p.contains("not an http"))
                .anyMatch(p -> p.startsWith("routing.targets[1].weight") && p.contains("more than 0"))
                .anyMatch(p -> p.startsWith("routing.targets[2].name") && p.contains("required"))
                .anyMatch(p -> p.startsWith("routing.targets[2].endpoint.deployment"))
                .anyMatch(p -> p.startsWith("routing.targets[2].group") && p.contains("must not be empty"))
                .anyMatch(p -> p.startsWith("routing.fallback.onStatus[1]") && p.contains("400 to 599"))
                .anyMatch(p -> p.startsWith("routing.fallback.allowedFails"))
                .anyMatch(p -> p.startsWith("routing.fallback.cooldownSeconds"));
        var fine = routed(Routing.Strategy.WEIGHTED, new Routing.Fallback(List.of(503), true, 2, 10), 1,
                target("A", a, 2.0), target("B", b, null));
        var written = folder.resolve("again.yaml");
        ProfileIO.write(fine, written);
        assertThat(Files.readString(written)).contains("routing:", "strategy: weighted", "name: A", "weight: 2");
        assertThat(new ProfileIO().read(written)).isEqualTo(fine);
    }
}
