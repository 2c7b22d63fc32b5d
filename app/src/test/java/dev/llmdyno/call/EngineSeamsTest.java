package dev.llmdyno.call;

import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Params;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProviderKind;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's seams: a route chosen per attempt, an observer of every call, collaborators passed in. */
class EngineSeamsTest {

    private static final String KEY_A = "sk-target-a-0123456789abcdef";
    private static final String KEY_B = "sk-target-b-0123456789abcdef";
    private MockWebServer a;
    private MockWebServer b;

    @TempDir
    Path folder;

    @BeforeEach
    void start() throws Exception {
        a = new MockWebServer();
        b = new MockWebServer();
        a.start();
        b.start();
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    private static MockResponse answer(String text) {
        return new MockResponse.Builder().setHeader("Content-Type", "application/json").body(
                "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}").build();
    }

    private Profile profile(Levers levers) {
        return Profile.starter().withEndpoint(new Endpoint("A", ProviderKind.OPENAI_COMPATIBLE, a.url("/v1").toString(),
                        "env:KEY_A", null, null)).withModel("gpt-4o-mini")
                .withParams(Params.DEFAULTS.withMaxTokens(20).withStream(false)).withLevers(levers);
    }

    /** Attempt 1 to A, every later one to B. */
    private Router failOverToB() {
        var endpointB = new Endpoint("B", ProviderKind.OPENAI_COMPATIBLE, b.url("/v1").toString(), "env:KEY_B", null, null);
        return (profile, attempts, baseUrls) -> attempts.isEmpty()
                ? new Route("A", profile.endpoint(), baseUrls.apply(profile.endpoint()), null)
                : new Route("B", endpointB, baseUrls.apply(endpointB), null);
    }

    private CallEngine.Builder engine() {
        return CallEngine.builder(Catalog.builtIn()).secrets(SecretResolver.of(Map.of("KEY_A", KEY_A, "KEY_B", KEY_B)))
                .cache(new ResponseCache(folder.resolve("cache")));
    }

    @Test
    void aRetryGoesWhereTheRouterSaysWithThatTargetsKeyAndEachAttemptNamesItsTarget() throws Exception {
        a.enqueue(new MockResponse.Builder().code(503).body("{\"error\":{\"message\":\"overloaded\"}}").build());
        b.enqueue(answer("from B"));
        var levers = Levers.DEFAULTS.withRetry(new Levers.Retry(2, 1, 1, false, null, null));
        try (var engine = engine().router(failOverToB()).build()) {
            var result = engine.call(profile(levers), CallOptions.DEFAULTS);
            assertThat(result.ok()).as(String.valueOf(result.error())).isTrue();
            assertThat(result.text()).isEqualTo("from B");
            assertThat(result.attempts()).extracting(Attempt::target).containsExactly("A", "B");
            assertThat(result.attempts()).extracting(Attempt::status).containsExactly(503, 200);
        }
        assertThat(a.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY_A);
        assertThat(b.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY_B);
        assertThat(a.getRequestCount()).isEqualTo(1);
    }

    @Test
    void theObserverHearsPairedEventsForEveryAttemptAndAFailingObserverIsHarmless() {
        a.enqueue(new MockResponse.Builder().code(429).setHeader("retry-after", "0").body("{}").build());
        b.enqueue(answer("ok"));
        var events = Collections.synchronizedList(new ArrayList<String>());
        var observer = new CallObserver() {
            @Override
            public void callStart(Profile profile, CallOptions options) {
                events.add("call start");
            }

            @Override
            public void attemptStart(Profile profile, int number, Route route) {
                events.add("attempt " + number + " start " + route.target());
            }

            @Override
            public void attemptEnd(Profile profile, Attempt attempt) {
                events.add("attempt " + attempt.number() + " end " + attempt.status());
                throw new IllegalStateException("an observer that fails");
            }

            @Override
            public void callEnd(Profile profile, CallOptions options, CallResult result) {
                events.add("call end " + (result.ok() ? "ok" : result.error().type().id()));
            }
        };
        var levers = Levers.DEFAULTS.withRetry(new Levers.Retry(1, 1, 1, false, null, null));
        try (var engine = engine().router(failOverToB()).observer(observer).build()) {
            var result = engine.call(profile(levers), CallOptions.DEFAULTS);
            assertThat(result.ok()).isTrue();
        }
        assertThat(events).containsExactly("call start", "attempt 1 start A", "attempt 1 end 429", "attempt 2 start B",
                "attempt 2 end 200", "call end ok");
    }

    @Test
    void theCacheKeyIsTheRequestItsProtocolSendsSoAnAnthropicAnswerNeverAnswersAnOpenAiCall() {
        a.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(
                "{\"content\":[{\"type\":\"text\",\"text\":\"from messages\"}],\"stop_reason\":\"end_turn\","
                        + "\"usage\":{\"input_tokens\":3,\"output_tokens\":2}}").build());
        a.enqueue(answer("from chat completions"));
        var cached = Levers.DEFAULTS.withCache(new Levers.Cache(true, 60, null, false));
        var anthropic = profile(cached).withEndpoint(new Endpoint("A", ProviderKind.ANTHROPIC, a.url("/").toString(),
                "env:KEY_A", null, null));
        var openAi = profile(cached).withEndpoint(new Endpoint("A", ProviderKind.OPENAI_COMPATIBLE, a.url("/").toString(),
                "env:KEY_A", null, null));
        try (var engine = engine().build()) {
            assertThat(engine.call(anthropic, CallOptions.DEFAULTS).text()).isEqualTo("from messages");
            var second = engine.call(openAi, CallOptions.DEFAULTS);
            assertThat(second.cached()).isFalse();
            assertThat(second.text()).isEqualTo("from chat completions");
            assertThat(engine.call(anthropic, CallOptions.DEFAULTS).cached()).as("the same request again").isTrue();
        }
        assertThat(a.getRequestCount()).isEqualTo(2);
    }

    @Test
    void theDefaultRouteIsTheProfilesEndpointByItsName() throws Exception {
        a.enqueue(answer("hi"));
        try (var engine = engine().build()) {
            var result = engine.call(profile(Levers.DEFAULTS), CallOptions.DEFAULTS);
            assertThat(result.attempts()).extracting(Attempt::target).containsExactly("A");
        }
        assertThat(a.takeRequest().getTarget()).isEqualTo("/v1/chat/completions");
    }

    @Test
    void aRouterThatCannotRouteIsAConfigErrorNamingWhy() {
        Router broken = (profile, attempts, baseUrls) -> {
            throw new IllegalArgumentException("routing.targets[1]: no such target 'eu'");
        };
        try (var engine = engine().router(broken).build()) {
            var result = engine.call(profile(Levers.DEFAULTS), CallOptions.DEFAULTS);
            assertThat(result.error().type()).isEqualTo(CallError.Type.CONFIG);
            assertThat(result.error().message()).contains("routing.targets[1]: no such target 'eu'");
        }
    }
}
