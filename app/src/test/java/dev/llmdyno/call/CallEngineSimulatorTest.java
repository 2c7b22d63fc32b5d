package dev.llmdyno.call;

import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Params;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProviderKind;
import dev.llmdyno.sim.FaultSpec;
import dev.llmdyno.sim.ModelSpec;
import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.sim.Simulator;
import dev.llmdyno.timing.NanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine against the simulator: timing rules, timeouts, faults, cache, cancel. */
class CallEngineSimulatorTest {

    private final CallEngine engine = new CallEngine(Catalog.builtIn(), SecretResolver.of(Map.of()), NanoClock.SYSTEM,
            SimConfig.defaults());
    private Simulator simulator;

    @AfterEach
    void stop() {
        engine.close();
        if (simulator != null) {
            simulator.close();
        }
    }

    private static ModelSpec model(double ttftMs, double decodeMs, int reasoningTokens) {
        return new ModelSpec("m", ttftMs, 0.0, 0.1, decodeMs, 0.0, 0.0, 1.0, 1, 64, 0.0, 20, 20, reasoningTokens);
    }

    private Profile on(SimConfig config) throws Exception {
        simulator = Simulator.startLocal(config);
        var endpoint = new Endpoint("sim", ProviderKind.SIMULATOR, simulator.baseUrl() + "/v1", null, null, null);
        return Profile.starter().withEndpoint(endpoint).withModel("m").withLevers(Levers.DEFAULTS
                .withRetry(new Levers.Retry(0, null, null, null, null, null)));
    }

    private static Profile withTimeouts(Profile profile, Integer firstTokenMs, Integer idleMs) {
        return profile.withLevers(profile.levers().withTimeouts(new Levers.Timeouts(null, firstTokenMs, idleMs, null)));
    }

    @Test
    void aRoleOnlyFirstChunkDoesNotCountAsTheFirstToken() throws Exception {
        // The simulator sends the role chunk at once and the first token after 200 ms of prefill.
        var result = engine.call(on(SimConfig.defaults().withModels(List.of(model(200, 1, 0)))), CallOptions.DEFAULTS);
        assertThat(result.ok()).isTrue();
        assertThat(result.metrics().ttfbMs()).isLessThan(150);
        assertThat(result.metrics().ttftMs()).isGreaterThanOrEqualTo(200);
        assertThat(result.metrics().ttfcMs()).isEqualTo(result.metrics().ttftMs());
        assertThat(result.metrics().chunkGapsMs()).hasSize(19);
        assertThat(result.metrics().tpotMs()).isPositive();
        assertThat(result.metrics().decodeTps()).isPositive();
    }

    @Test
    void reasoningBeforeContentMakesTtftEarlierThanTtfc() throws Exception {
        var result = engine.call(on(SimConfig.defaults().withModels(List.of(model(5, 10, 15)))), CallOptions.DEFAULTS);
        assertThat(result.reasoning()).isNotEmpty();
        assertThat(result.text()).isNotEmpty();
        // 15 reasoning tokens at 10 ms each come between the first token and the first content.
        assertThat(result.metrics().ttfcMs() - result.metrics().ttftMs()).isGreaterThanOrEqualTo(140);
        assertThat(result.metrics().outputTokens()).isEqualTo(35);
        assertThat(result.metrics().reasoningTokens()).isEqualTo(15);
    }

    @Test
    void aStallLongerThanTheIdleTimeoutFailsTheCallAndKeepsThePartialAnswer() throws Exception {
        var config = SimConfig.defaults().withModels(List.of(model(5, 1, 0)))
                .withFaults(List.of(new FaultSpec(FaultSpec.Type.STALL, 1.0, null, null, 3, 2_000, null)));
        var result = engine.call(withTimeouts(on(config), null, 300), CallOptions.DEFAULTS);
        assertThat(result.error().type()).isEqualTo(CallError.Type.TIMEOUT_IDLE);
        assertThat(result.text()).isNotEmpty();
        assertThat(result.metrics().e2eMs()).isBetween(290.0, 1_900.0);
    }

    @Test
    void aSlowFirstTokenHitsTheFirstTokenTimeout() throws Exception {
        var config = SimConfig.defaults().withModels(List.of(model(1_500, 1, 0)));
        var result = engine.call(withTimeouts(on(config), 300, 30_000), CallOptions.DEFAULTS);
        assertThat(result.error().type()).isEqualTo(CallError.Type.TIMEOUT_FIRST_TOKEN);
        assertThat(result.text()).isEmpty();
    }

    @Test
    void aDroppedConnectionIsAStreamCut() throws Exception {
        var config = SimConfig.defaults().withModels(List.of(model(5, 1, 0)))
                .withFaults(List.of(new FaultSpec(FaultSpec.Type.STREAM_CUT, 1.0, null, null, 4, null, null)));
        var result = engine.call(on(config), CallOptions.DEFAULTS);
        assertThat(result.error().type()).isEqualTo(CallError.Type.STREAM_CUT);
        assertThat(result.text()).isNotEmpty();
    }

    @Test
    void serverErrorsAreRetriedWithBackoff() throws Exception {
        var config = SimConfig.defaults().withModels(List.of(model(5, 1, 0)))
                .withFaults(List.of(new FaultSpec(FaultSpec.Type.HTTP_500, null, 100, 2, null, null, null)));
        var profile = on(config);
        profile = profile.withLevers(profile.levers().withRetry(new Levers.Retry(3, 50, 100, false, true, null)));
        var result = engine.call(profile, CallOptions.DEFAULTS);
        assertThat(result.ok()).isTrue();
        assertThat(result.attempts()).extracting(Attempt::status).containsExactly(500, 500, 200);
        assertThat(result.attempts()).extracting(Attempt::waitedMs).containsExactly(0.0, 50.0, 100.0);
    }

    @Test
    void nonStreamingAnswersCarryUsage() throws Exception {
        var profile = on(SimConfig.defaults().withModels(List.of(model(5, 1, 0))));
        var result = engine.call(profile.withParams(Params.DEFAULTS.withStream(false)), CallOptions.DEFAULTS);
        assertThat(result.ok()).isTrue();
        assertThat(result.metrics().outputTokens()).isEqualTo(20);
        assertThat(result.metrics().tpotMs()).isNull();
    }

    @Test
    void aCacheHitIsFlaggedWithTheCallersWaitAndNoneOfTheProvidersTimings() throws Exception {
        var profile = on(SimConfig.defaults().withModels(List.of(model(5, 1, 0))));
        profile = profile.withLevers(profile.levers().withCache(new Levers.Cache(true, 60, 10, false)));
        var first = engine.call(profile, CallOptions.DEFAULTS);
        var second = engine.call(profile, CallOptions.DEFAULTS);
        assertThat(first.cached()).isFalse();
        assertThat(second.cached()).isTrue();
        assertThat(second.text()).isEqualTo(first.text());
        assertThat(second.metrics().ttftMs()).isNull();
        assertThat(second.metrics().e2eMs()).isNull();
        assertThat(second.metrics().latencyMs()).isPositive().isLessThan(first.metrics().latencyMs());
        assertThat(simulator.requestsReceived()).isEqualTo(1);
    }

    @Test
    void eachUserTheCacheNamesHasAnswersOfTheirOwnAndAnAnswerOverTheSizeLimitIsNotKept() throws Exception {
        var profile = on(SimConfig.defaults().withModels(List.of(model(5, 1, 0))));
        var perUser = new Levers.Cache(true, 60, 10, false, null, null, null, "{{user}}");
        profile = profile.withLevers(profile.levers().withCache(perUser));
        var ada = new CallOptions(Map.of("user", "ada"), 0, null);
        var bob = new CallOptions(Map.of("user", "bob"), 0, null);
        assertThat(engine.call(profile, ada).cached()).isFalse();
        assertThat(engine.call(profile, bob).cached()).as("the same request, another user").isFalse();
        assertThat(engine.call(profile, ada).cached()).isTrue();
        assertThat(engine.call(profile, bob).cached()).isTrue();
        assertThat(simulator.requestsReceived()).isEqualTo(2);

        var first = engine.call(profile, ada);
        int answerBytes = first.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        var tiny = new Levers.Cache(true, 60, 10, false, "tiny", null, answerBytes - 1, null);
        var small = profile.withLevers(profile.levers().withCache(tiny));
        engine.call(small, CallOptions.DEFAULTS);
        assertThat(engine.call(small, CallOptions.DEFAULTS).cached()).as("one byte over maxEntryBytes").isFalse();
        var fits = small.withLevers(small.levers().withCache(new Levers.Cache(true, 60, 10, false, "fits", null,
                answerBytes, null)));
        engine.call(fits, CallOptions.DEFAULTS);
        assertThat(engine.call(fits, CallOptions.DEFAULTS).cached()).isTrue();
    }

    @Test
    void cancelStopsACallInFlight() throws Exception {
        var profile = on(SimConfig.defaults().withModels(List.of(model(5, 100, 0))));
        var handle = engine.start(profile, CallOptions.DEFAULTS);
        Thread.sleep(300);
        handle.cancel();
        var result = handle.result().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(result.error().type()).isEqualTo(CallError.Type.CANCELLED);
    }

    @Test
    void aSimulatorProfileWithoutBaseUrlStartsOneInProcess() {
        var result = engine.call(Profile.starter().withParams(Params.DEFAULTS.withMaxTokens(5)), CallOptions.DEFAULTS);
        assertThat(result.ok()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.metrics().outputTokens()).isEqualTo(5);
        assertThat(result.metrics().costUsd()).isPositive();
    }

    @Test
    void aMissingVariableIsAConfigError() throws Exception {
        var profile = on(SimConfig.defaults().withModels(List.of(model(5, 1, 0))));
        profile = profile.withPrompt(dev.llmdyno.profile.Prompt.of("", "Hi {{name}}"));
        var result = engine.call(profile, CallOptions.DEFAULTS);
        assertThat(result.error()).isEqualTo(CallError.of(CallError.Type.CONFIG, "variable {{name}} has no value"));
        var filled = engine.call(profile, new CallOptions(Map.of("name", "Ada"), 0, null));
        assertThat(filled.ok()).isTrue();
    }
}
