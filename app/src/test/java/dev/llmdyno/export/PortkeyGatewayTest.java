package dev.llmdyno.export;

import dev.llmdyno.RealTools;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.Params;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProviderKind;
import dev.llmdyno.profile.Routing;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each Portkey export run in the real open-source gateway ({@code @portkey-ai/gateway} 1.15.2, started here on a
 * free port) against a stub upstream that records what arrives: the path the engine would call, the key filled in by
 * {@code envsubst}, the model and limits; and the gateway's retries, retry-after, request timeout and cache doing
 * what the export says.
 */
class PortkeyGatewayTest {

    private static final Exporters EXPORTERS = new Exporters(Catalog.builtIn());
    private static final String KEY = "test-key-4d1f0c";
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static Process gateway;
    private static String gatewayUrl;

    @BeforeAll
    static void startGateway() throws Exception {
        var script = RealTools.portkeyGateway();
        int port = RealTools.freePort();
        gateway = new ProcessBuilder("node", script.toString(), "--port=" + port, "--headless")
                .directory(script.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        RealTools.awaitPort(port, gateway, Duration.ofSeconds(60));
        gatewayUrl = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.destroy();
            gateway.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The sample profiles, and one profile per provider kind with a key (Azure's address is always Azure's). */
    static Stream<Profile> profiles() throws Exception {
        var samples = Stream.of("openai-gpt-4o-mini.yaml", "anthropic-claude-haiku.json", "ollama-llama3.yaml",
                "simulator-quickstart.yaml").map(name -> {
                    try {
                        return ExportersTest.sample(name);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        var kinds = Arrays.stream(ProviderKind.values()).filter(kind -> kind != ProviderKind.AZURE_OPENAI)
                .map(kind -> new Profile(null, "kind " + kind.id(), null,
                        new Endpoint(null, kind, kind.defaultBaseUrl().orElse("http://localhost:9/v1"), "env:DYNO_TEST_KEY",
                                null, null), "model-" + kind.id(), new Params(33, null, null, null, null, false), null, null));
        return Stream.concat(samples, kinds);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void theGatewayCallsTheEnginesAddressWithTheKeyAndTheProfilesModel(Profile sample) throws Exception {
        try (var stub = new MockWebServer()) {
            stub.setDispatcher(new StubUpstream.Answers());
            stub.start();
            var profile = StubUpstream.atStub(sample, stub);
            var response = send(config(profile), "Say hi");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(Mappers.json().readTree(response.body()).at("/choices/0/message/content").asText()).isEqualTo(StubUpstream.ANSWER);

            var arrived = stub.takeRequest(5, TimeUnit.SECONDS);
            StubUpstream.assertCalledAsTheEngineCalls(arrived, profile, KEY);
            var body = Mappers.json().readTree(arrived.getBody().utf8());
            assertThat(body.path("model").asText()).isEqualTo(profile.model());
            assertThat(body.path("max_tokens").asInt()).isEqualTo(profile.params().maxTokens());
            assertThat(stub.getRequestCount()).isEqualTo(1);
        }
    }

    @Test
    void retriesAsManyTimesAsExportedFollowingRetryAfterOn429() throws Exception {
        try (var stub = new MockWebServer()) {
            stub.enqueue(new MockResponse.Builder().code(429).setHeader("retry-after", "1").body("{}").build());
            stub.enqueue(new MockResponse.Builder().code(503).body("{}").build());
            stub.enqueue(StubUpstream.openAiAnswer());
            stub.start();
            var profile = retrying(StubUpstream.atStub(keyless(), stub), 2);
            long start = System.nanoTime();
            var response = send(config(profile), "Say hi");
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(stub.getRequestCount()).isEqualTo(3);
            assertThat(response.headers().firstValue("x-portkey-retry-attempt-count")).hasValue("2");
            // retry-after: 1 on the 429, then the gateway's own backoff before the third try.
            assertThat(elapsedMs).isGreaterThanOrEqualTo(1000);
        }
    }

    @Test
    void stopsAfterTheExportedAttemptsAndDoesNotRetryOtherStatuses() throws Exception {
        try (var stub = new MockWebServer()) {
            for (int i = 0; i < 3; i++) {
                stub.enqueue(new MockResponse.Builder().code(500).body("{\"error\":{\"message\":\"down\"}}").build());
            }
            stub.start();
            var response = send(config(retrying(StubUpstream.atStub(keyless(), stub), 1)), "Say hi");
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(stub.getRequestCount()).isEqualTo(2);
        }
        try (var stub = new MockWebServer()) {
            stub.enqueue(new MockResponse.Builder().code(400).body("{\"error\":{\"message\":\"bad\"}}").build());
            stub.enqueue(StubUpstream.openAiAnswer());
            stub.start();
            var response = send(config(retrying(StubUpstream.atStub(keyless(), stub), 2)), "Say hi");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(stub.getRequestCount()).isEqualTo(1);
        }
    }

    @Test
    void requestTimeoutBoundsEachTry() throws Exception {
        try (var stub = new MockWebServer()) {
            stub.enqueue(StubUpstream.openAiAnswer().newBuilder().headersDelay(5, TimeUnit.SECONDS).build());
            stub.enqueue(StubUpstream.openAiAnswer());
            stub.start();
            var base = retrying(StubUpstream.atStub(keyless(), stub), 1);
            var profile = base.withLevers(new Levers(new Levers.Timeouts(null, null, null, 1000), base.levers().retry(),
                    null, null, null, null));
            var export = EXPORTERS.exporter("portkey").orElseThrow().export(profile);
            assertThat(export.warnings()).anyMatch(w -> w.contains("worst case is 2 × 1 s + 1 s of backoff = 3 s"));
            var response = send(fill(export.text()), "Say hi");
            // The first try times out (the gateway answers 408, which the export retries); the second succeeds.
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(stub.getRequestCount()).isEqualTo(2);
        }
    }

    /**
     * The npm gateway is built with {@code conf.json} {@code "cache": false}, so a cache config is accepted and
     * does nothing there: the reason the export writes hosted Portkey's unit and warns about this gateway.
     */
    @Test
    void theNpmGatewayAcceptsTheCacheConfigButDoesNotCache() throws Exception {
        try (var stub = new MockWebServer()) {
            stub.setDispatcher(new StubUpstream.Answers());
            stub.start();
            var base = StubUpstream.atStub(keyless(), stub);
            var profile = base.withLevers(new Levers(null, null, null, new Levers.Cache(true, 30, null, null), null, null));
            var export = EXPORTERS.exporter("portkey").orElseThrow().export(profile);
            assertThat(Mappers.json().readTree(export.text()).at("/cache/max_age").asLong()).isEqualTo(60);
            assertThat(export.warnings()).anyMatch(w -> w.contains("from npm does not cache at all"));
            var config = fill(export.text());
            assertThat(send(config, "Same question").statusCode()).isEqualTo(200);
            var second = send(config, "Same question");
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(second.headers().firstValue("x-portkey-cache-status")).hasValue("DISABLED");
            assertThat(stub.getRequestCount()).isEqualTo(2);
        }
    }

    /** A target at {@code stub}, in {@code group} (null for none). */
    private static Routing.Target target(String name, MockWebServer stub, String model, Double weight, String group) {
        return new Routing.Target(name, StubUpstream.atStub(keyless(), stub).endpoint(), model, weight, group);
    }

    private static Profile routed(Routing routing) {
        return keyless().withEndpoint(routing.targets().getFirst().endpoint()).withRouting(routing);
    }

    @Test
    void aLoadbalanceSpreadsCallsByWeightAndSendsEachTargetsOwnModel() throws Exception {
        try (var a = new MockWebServer(); var b = new MockWebServer()) {
            a.setDispatcher(new StubUpstream.Answers());
            b.setDispatcher(new StubUpstream.Answers());
            a.start();
            b.start();
            var profile = routed(new Routing(Routing.Strategy.WEIGHTED, List.of(
                    target("a", a, null, 3.0, null), target("b", b, "other-model", null, null)), null));
            var config = config(profile);
            for (int i = 0; i < 40; i++) {
                assertThat(send(config, "Say hi").statusCode()).isEqualTo(200);
            }
            // 30 expected at a; four standard deviations (2.7) either side.
            assertThat(a.getRequestCount()).isBetween(19, 40 - 1);
            assertThat(a.getRequestCount() + b.getRequestCount()).isEqualTo(40);
            assertThat(Mappers.json().readTree(a.takeRequest().getBody().utf8()).path("model").asText()).isEqualTo("stub-model");
            assertThat(Mappers.json().readTree(b.takeRequest().getBody().utf8()).path("model").asText()).isEqualTo("other-model");
        }
    }

    @Test
    void aFailingGroupFallsBackToTheNextOnTheExportedStatusesAndTimeouts() throws Exception {
        try (var primary = new MockWebServer(); var backup = new MockWebServer()) {
            primary.enqueue(new MockResponse.Builder().code(503).body("{\"error\":{\"message\":\"down\"}}").build());
            primary.enqueue(new MockResponse.Builder().code(400).body("{\"error\":{\"message\":\"bad\"}}").build());
            primary.enqueue(StubUpstream.openAiAnswer().newBuilder().headersDelay(5, TimeUnit.SECONDS).build());
            backup.setDispatcher(new StubUpstream.Answers());
            primary.start();
            backup.start();
            var routing = new Routing(Routing.Strategy.WEIGHTED, List.of(target("p", primary, null, null, "primary"),
                    target("b", backup, null, null, "backup")), new Routing.Fallback(List.of(503), true, null, null));
            var base = routed(routing);
            var profile = base.withLevers(new Levers(new Levers.Timeouts(null, null, null, 1000),
                    new Levers.Retry(0, null, null, null, true, null), null, null, null, null));
            var export = EXPORTERS.exporter("portkey").orElseThrow().export(profile);
            assertThat(export.warnings()).noneMatch(w -> w.startsWith("routing ("));
            var config = fill(export.text());

            var fellBack = send(config, "Say hi");
            assertThat(fellBack.statusCode()).as(fellBack.body()).isEqualTo(200);
            assertThat(fellBack.headers().firstValue("x-portkey-last-used-option-index")).hasValue("config.targets[1].targets[0]");
            // 400 is not a fallback status: the answer is the primary's.
            assertThat(send(config, "Say hi").statusCode()).isEqualTo(400);
            // A try past the request timeout is the gateway's 408, which the export falls back on.
            assertThat(send(config, "Say hi").statusCode()).isEqualTo(200);
            assertThat(primary.getRequestCount()).isEqualTo(3);
            assertThat(backup.getRequestCount()).isEqualTo(2);
        }
    }

    @Test
    void aRoutedProfileRoundTripsThroughItsPortkeyConfig() throws Exception {
        try (var a = new MockWebServer(); var b = new MockWebServer(); var c = new MockWebServer()) {
            for (var stub : List.of(a, b, c)) {
                stub.setDispatcher(new StubUpstream.Answers());
                stub.start();
            }
            var routing = new Routing(Routing.Strategy.WEIGHTED, List.of(target("east", a, null, 2.0, "near"),
                    target("west", b, "other-model", null, "near"), target("cloud", c, null, null, "far")),
                    new Routing.Fallback(List.of(429, 503), false, null, null));
            var profile = routed(routing);
            var exported = EXPORTERS.exporter("portkey").orElseThrow().export(profile).text();
            var imported = EXPORTERS.importer("portkey").orElseThrow().read(exported, "portkey-config.json").profile();
            assertThat(imported.routing()).isEqualTo(routing);
            assertThat(imported.endpoint()).isEqualTo(profile.endpoint());
            assertThat(imported.model()).isEqualTo(profile.model());
            assertThat(new dev.llmdyno.profile.ProfileValidator().validate(imported)).isEmpty();
            // and what the imported profile exports is a config the gateway runs
            assertThat(send(config(imported), "Say hi").statusCode()).isEqualTo(200);
            assertThat(a.getRequestCount() + b.getRequestCount()).isEqualTo(1);
        }
    }

    private static Profile keyless() {
        return new Profile(null, "stub", null, new Endpoint(null, ProviderKind.OPENAI_COMPATIBLE,
                "http://localhost:9/v1", null, null, null), "stub-model", new Params(16, null, null, null, null, false),
                null, null);
    }

    private static Profile retrying(Profile profile, int retries) {
        return profile.withLevers(new Levers(null, new Levers.Retry(retries, null, null, null, true, null),
                null, null, null, null));
    }

    /** The exported config with its key placeholder filled by envsubst, on one line as a header wants it. */
    private static String config(Profile profile) throws Exception {
        return fill(EXPORTERS.exporter("portkey").orElseThrow().export(profile).text());
    }

    private static String fill(String exported) throws Exception {
        var filled = RealTools.envsubst(exported, Map.of("DYNO_TEST_KEY", KEY, "OPENAI_API_KEY", KEY,
                "ANTHROPIC_API_KEY", KEY));
        return Mappers.json().readTree(filled).toString();
    }

    private static HttpResponse<String> send(String config, String question) throws Exception {
        var body = Mappers.json().createObjectNode();
        body.putArray("messages").addObject().put("role", "user").put("content", question);
        var request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/chat/completions"))
                .header("Content-Type", "application/json").header("x-portkey-config", config)
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
