package dev.llmdyno.call;

import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.Prompt;
import dev.llmdyno.profile.ProviderKind;
import dev.llmdyno.sim.ModelSpec;
import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.sim.Simulator;
import dev.llmdyno.timing.NanoClock;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two users with their own API keys send the same prompt to the same endpoint: neither is answered from the other's
 * response cache or the provider's prompt cache, and neither is counted against the other's limit, on the client or
 * on the server.
 */
class TenantIsolationTest {

    private static final String KEY_A = "sk-user-a-0123456789abcdef";
    private static final String KEY_B = "sk-user-b-0123456789abcdef";

    @Test
    void twoUsersWithTheSamePromptShareNeitherCachesNorLimits() throws Exception {
        var model = new ModelSpec("m", 5.0, 1.0, 0.1, 0.2, 0.0, 0.0, 1.0, 1, 8, 0.0, 8, 8, 0);
        // The server allows each key two requests a minute.
        var config = SimConfig.defaults().withModels(List.of(model)).withApiKeys(List.of(KEY_A, KEY_B))
                .withRateLimits(new SimConfig.RateLimits(2, null));
        try (var sim = Simulator.startLocal(config);
             var engine = new CallEngine(Catalog.builtIn(), SecretResolver.of(Map.of("KEY_A", KEY_A, "KEY_B", KEY_B)),
                     NanoClock.SYSTEM, SimConfig.defaults())) {
            // A prompt long enough for the provider's automatic prompt cache (1,024 tokens and more).
            var prompt = Prompt.of("You answer questions about latency. " + "Measure before you tune. ".repeat(300),
                    "What is TTFT?");
            var a = user(sim, "env:KEY_A", prompt);
            var b = user(sim, "env:KEY_B", prompt);
            var fromServer = CallOptions.DEFAULTS.withCacheUse(new CallOptions.CacheUse(false, true));

            var aFirst = engine.call(a, CallOptions.DEFAULTS);
            assertThat(aFirst.ok()).as(String.valueOf(aFirst.error())).isTrue();
            assertThat(engine.call(a, CallOptions.DEFAULTS).cached()).as("A's own repeat is A's cached answer").isTrue();

            var bFirst = engine.call(b, CallOptions.DEFAULTS);
            assertThat(bFirst.ok()).isTrue();
            assertThat(bFirst.cached()).as("B is not served A's cached answer").isFalse();
            assertThat(bFirst.metrics().cachedInputTokens()).as("nor A's prompt-cache prefix").isZero();

            var aSecond = engine.call(a, fromServer); // A's second request to the server
            assertThat(aSecond.ok()).isTrue();
            assertThat(aSecond.metrics().cachedInputTokens()).as("A reads its own prefix").isPositive();

            var aThird = engine.call(a, fromServer);
            assertThat(aThird.ok()).isFalse();
            assertThat(aThird.error().type()).as("A's third request is over A's limit").isEqualTo(CallError.Type.RATE_LIMITED);
            var bSecond = engine.call(b, fromServer);
            assertThat(bSecond.ok()).as("B's second is within B's own limit").isTrue();
        }
    }

    private static Profile user(Simulator sim, String keyRef, Prompt prompt) {
        var endpoint = new Endpoint("sim", ProviderKind.OPENAI_COMPATIBLE, sim.baseUrl() + "/v1", keyRef, null, null);
        var levers = Levers.DEFAULTS.withRetry(new Levers.Retry(0, null, null, null, null, null))
                .withCache(new Levers.Cache(true, 600, 100, false, null, null, null, null));
        return Profile.starter().withEndpoint(endpoint).withModel("m").withPrompt(prompt).withLevers(levers);
    }
}
