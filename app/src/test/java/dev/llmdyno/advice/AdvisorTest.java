package dev.llmdyno.advice;

import dev.llmdyno.call.CallEngine;
import dev.llmdyno.call.CallOptions;
import dev.llmdyno.call.SecretResolver;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.sim.FaultSpec;
import dev.llmdyno.sim.ModelSpec;
import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.timing.NanoClock;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each rule with a call or figures shaped to trigger it, and with figures that must leave it silent. */
class AdvisorTest {

    private static final Profile PROFILE = Profile.starter();

    /** A call that took 600 ms, 200 to the first token, on a reused connection: nothing to say about it. */
    private static Observation quiet() {
        return new Observation(PROFILE, 1, 0.0, 600.0, 0.0, 0.0, true, 200.0, 600.0, 10.0, 300, 0, 40, 0, 0, null);
    }

    private static List<String> rules(Observation observation) {
        return Advisor.advise(observation).stream().map(Advice::rule).toList();
    }

    private static CallEngine engine(ModelSpec model, List<FaultSpec> faults) {
        return new CallEngine(Catalog.builtIn(), SecretResolver.of(Map.of()), NanoClock.SYSTEM,
                SimConfig.defaults().withModels(List.of(model)).withFaults(faults));
    }

    /** sim-balanced answering its first token at {@code ttftMs}, then {@code decodeMs} per token, 20 to 40 tokens. */
    private static ModelSpec model(double ttftMs, double decodeMs) {
        return new ModelSpec("sim-balanced", ttftMs, 1.0, 0.1, decodeMs, 0.0, 0.0, 1.0, 1, 64, 0.0, 20, 40, 0);
    }

    @Test
    void aQuickCallGetsNoAdvice() {
        assertThat(rules(quiet())).isEmpty();
        try (var engine = engine(model(5, 1), List.of())) {
            var result = engine.call(PROFILE, CallOptions.DEFAULTS);
            assertThat(result.ok()).isTrue();
            assertThat(Advisor.forCall(PROFILE, result)).isEmpty();
        }
    }

    @Test
    void aQueueThatIsMuchOfTheLatencyPointsAtTheLimitThatHeldIt() {
        var queued = new Observation(PROFILE, 1, 300.0, 900.0, 0.0, 0.0, true, 200.0, 600.0, 10.0, 300, 0, 40, 0, 0,
                null);
        assertThat(Advisor.advise(queued)).singleElement().satisfies(advice -> {
            assertThat(advice.rule()).isEqualTo("queue");
            assertThat(advice.finding()).isEqualTo("Wait in the client's queue was 300 ms, 33% of the 900 ms latency");
            assertThat(advice.change()).contains("arrival.concurrency");
        });
        var limited = new Observation(PROFILE.withLevers(PROFILE.levers().withRateLimit(new Levers.RateLimit(60, null))),
                1, 300.0, 900.0, null, null, null, null, null, null, null, null, null, 0, 0, null);
        assertThat(Advisor.advise(limited).getFirst().change()).contains("levers.rateLimit: 60 requests/min");
        // 40 ms of a 900 ms call, or 300 ms of 3 s: neither is worth a word.
        assertThat(rules(new Observation(PROFILE, 1, 40.0, 900.0, null, null, null, null, null, null, null, null,
                null, 0, 0, null))).isEmpty();
        assertThat(rules(new Observation(PROFILE, 1, 300.0, 3000.0, null, null, null, null, null, null, null, null,
                null, 0, 0, null))).isEmpty();
    }

    @Test
    void aRateLimitedCallFromTheSimulatorIsToldOfLimitsBackoffAndTargets() {
        var profile = PROFILE.withLevers(PROFILE.levers().withRetry(new Levers.Retry(0, null, null, null, null, null)));
        try (var engine = engine(model(5, 1), List.of(new FaultSpec(FaultSpec.Type.RATE_LIMIT, 1.0, null, null, null,
                null, null)))) {
            var result = engine.call(profile, CallOptions.DEFAULTS);
            assertThat(result.ok()).isFalse();
            assertThat(Advisor.forCall(profile, result)).singleElement().satisfies(advice -> {
                assertThat(advice.rule()).isEqualTo("rate-limited");
                assertThat(advice.sentence()).contains("429", "levers.rateLimit", "levers.retry: now 0 retries",
                        "routing");
            });
        }
    }

    @Test
    void aNewConnectionIsMentionedOnlyWhenItCostsAShareOfTheFirstToken() {
        var fresh = new Observation(PROFILE, 1, 0.0, 600.0, 30.0, 40.0, false, 200.0, 600.0, 10.0, 300, 0, 40, 0, 0, null);
        assertThat(Advisor.advise(fresh)).singleElement().satisfies(advice -> assertThat(advice.finding())
                .isEqualTo("A new connection cost 70.0 ms (connect 30.0 ms, TLS 40.0 ms), 35% of the time to first token"));
        var keepAliveOff = PROFILE.withLevers(PROFILE.levers().withConnection(new Levers.Connection(false, null, null)));
        var off = new Observation(keepAliveOff, 1, 0.0, 600.0, 30.0, 40.0, false, 200.0, 600.0, 10.0, 300, 0, 40, 0, 0, null);
        assertThat(Advisor.advise(off).getFirst().change()).contains("levers.connection.keepAlive: false");
        assertThat(rules(new Observation(PROFILE, 1, 0.0, 600.0, 30.0, 40.0, true, 200.0, 600.0, 10.0, 300, 0, 40,
                0, 0, null))).as("reused").isEmpty();
        assertThat(rules(new Observation(PROFILE, 1, 0.0, 600.0, 2.0, 3.0, false, 200.0, 600.0, 10.0, 300, 0, 40,
                0, 0, null))).as("loopback").isEmpty();
    }

    @Test
    void aConnectOfARoundTripAcrossTheWorldPointsAtANearerRegion() {
        var far = new Observation(PROFILE, 1, 0.0, 2000.0, 120.0, null, true, 900.0, 2000.0, 10.0, 300, 0, 40, 0, 0, null);
        assertThat(rules(far)).containsExactly("far-endpoint");
        assertThat(Advisor.advise(far).getFirst().finding()).startsWith("Connecting took 120 ms");
        assertThat(rules(new Observation(PROFILE, 1, 0.0, 2000.0, 30.0, null, true, 900.0, 2000.0, 10.0, 300, 0, 40,
                0, 0, null))).isEmpty();
    }

    @Test
    void aLongUncachedPromptWithASlowFirstTokenPointsAtTrimmingCachingOrATier() {
        var long_ = new Observation(PROFILE, 1, 0.0, 1500.0, null, null, null, 900.0, 1500.0, 10.0, 6000, 0, 40, 0, 0, null);
        assertThat(Advisor.advise(long_)).singleElement().satisfies(advice -> {
            assertThat(advice.finding()).isEqualTo("TTFT was 900 ms with a 6000-token prompt, 0 of them read from the prompt cache");
            assertThat(advice.change()).contains("levers.context.maxInputTokens", "levers.promptCache", "tier: fast");
        });
        assertThat(rules(new Observation(PROFILE, 1, 0.0, 1500.0, null, null, null, 900.0, 1500.0, 10.0, 6000, 5000,
                40, 0, 0, null))).as("mostly cached").isEmpty();
        assertThat(rules(new Observation(PROFILE, 1, 0.0, 600.0, null, null, null, 150.0, 600.0, 10.0, 6000, 0,
                40, 0, 0, null))).as("fast anyway").isEmpty();
    }

    @Test
    void aFirstTokenThatRisesWithThePromptIsFoundAcrossRequests() {
        var x = new double[50];
        var rising = new double[50];
        var flat = new double[50];
        var random = new java.util.SplittableRandom(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = 100 + 60 * i;
            rising[i] = 200 + 0.2 * x[i] + random.nextGaussian() * 20;
            flat[i] = 200 + random.nextGaussian() * 20;
        }
        var trend = Trend.of(x, rising);
        var observation = new Observation(PROFILE, 50, 0.0, 600.0, null, null, null, 300.0, 600.0, 10.0, 1500, 0, 40,
                0, 0, trend);
        assertThat(Advisor.advise(observation)).singleElement().satisfies(advice -> assertThat(advice.finding())
                .startsWith("TTFT rises 0.2").contains("over 50 requests", "592 ms more at 3040 such tokens than at 100"));
        assertThat(rules(new Observation(PROFILE, 50, 0.0, 600.0, null, null, null, 300.0, 600.0, 10.0, 1500, 0, 40,
                0, 0, Trend.of(x, flat)))).isEmpty();
    }

    @Test
    void aCallThatIsMostlyDecodingPointsAtMaxTokensOrATier() {
        try (var engine = engine(model(5, 60), List.of())) {
            var result = engine.call(PROFILE, CallOptions.DEFAULTS);
            assertThat(result.ok()).isTrue();
            assertThat(Advisor.forCall(PROFILE, result)).singleElement().satisfies(advice -> {
                assertThat(advice.rule()).isEqualTo("decode");
                assertThat(advice.finding()).startsWith("Decode of " + result.metrics().outputTokens() + " tokens took");
                assertThat(advice.change()).contains("params.maxTokens, now 512");
            });
        }
    }

    @Test
    void aLongAnswerAtABriskPaceIsNotTaggedSlow() {
        // 2 s of decoding, 95% of the call, but at 10 ms a token: the length was asked for.
        assertThat(rules(new Observation(PROFILE, 1, 0.0, 2100.0, null, null, null, 100.0, 2100.0, 10.0, 300, 0, 200,
                0, 0, null))).isEmpty();
        assertThat(rules(new Observation(PROFILE, 1, 0.0, 2100.0, null, null, null, 100.0, 2100.0, 40.0, 300, 0, 50,
                0, 0, null))).containsExactly("decode");
        // Cut at max_tokens too: lowering it would cut the answer shorter still, so only brevity is suggested.
        var cut = Advisor.advise(new Observation(PROFILE, 1, 0.0, 2100.0, null, null, null, 100.0, 2100.0, 40.0, 300,
                0, 50, 0, 1, null));
        assertThat(cut).extracting(Advice::rule).containsExactly("decode", "max-tokens");
        assertThat(cut.getFirst().change()).contains("brevity in the prompt").doesNotContain("now 512");
    }

    @Test
    void anAnswerCutAtMaxTokensIsToldToRaiseIt() {
        var profile = PROFILE.withParams(PROFILE.params().withMaxTokens(4));
        try (var engine = engine(model(5, 1), List.of())) {
            var result = engine.call(profile, CallOptions.DEFAULTS);
            assertThat(result.finishReason()).isEqualTo("length");
            assertThat(Advisor.forCall(profile, result)).singleElement().satisfies(advice ->
                    assertThat(advice.sentence()).isEqualTo("The answer stopped at max_tokens (4): raise "
                            + "params.maxTokens if the answers are needed whole"));
        }
        assertThat(rules(new Observation(PROFILE, 100, 0.0, 600.0, null, null, null, 200.0, 600.0, 10.0, 300, 0, 40,
                0, 5, null))).as("5 in 100").isEmpty();
    }
}
