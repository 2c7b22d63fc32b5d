package dev.llmdyno.call;

import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Message;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.Prompt;
import dev.llmdyno.profile.ProviderKind;
import dev.llmdyno.sim.ModelSpec;
import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.sim.Simulator;
import dev.llmdyno.timing.NanoClock;
import dev.llmdyno.tokens.Tokenizers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The provider's prompt cache as a lever, against the simulator's model of Anthropic's rules (breakpoints, a
 * 1,024-token minimum, writes then reads, a lifetime refreshed by each read) and OpenAI's automatic prefix cache:
 * counts exact to the token, cost exact to the catalog's prices.
 */
class PromptCachingTest {

    /** sim-balanced in the catalog: $1.00 input, $0.25 cache read, $1.25 cache write, $4.00 output per 1M tokens. */
    private static final String MODEL = "sim-balanced";
    private static final String LONG_SYSTEM = "You answer questions about the attached handbook. "
            + "Section text that stays the same on every call and is long enough to cache. ".repeat(90);

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

    private Profile anthropic(SimConfig config, List<String> breakpoints, Message... messages) throws Exception {
        simulator = Simulator.startLocal(config.withModels(List.of(
                new ModelSpec(MODEL, 5.0, 20.0, 0.1, 0.5, 0.0, 0.0, 1.0, 1, 8, 0.0, 10, 10, 0))));
        var endpoint = new Endpoint("sim-anthropic", ProviderKind.ANTHROPIC, simulator.baseUrl(), null, null, null);
        return Profile.starter().withEndpoint(endpoint).withModel(MODEL)
                .withPrompt(new Prompt(LONG_SYSTEM, List.of(messages), Map.of()))
                .withLevers(Levers.DEFAULTS.withPromptCache(new Levers.PromptCache(breakpoints, null)));
    }

    private static int tokens(String text) {
        return Tokenizers.forEncoding("o200k_base").count(text);
    }

    @Test
    void aBreakpointOnTheSystemWritesItOnceAndThenReadsIt() throws Exception {
        var profile = anthropic(SimConfig.defaults(), List.of("system"), Message.user("What is in section one?"));
        var first = engine.call(profile, CallOptions.DEFAULTS).metrics();
        var second = engine.call(profile.withPrompt(profile.prompt().withMessages(
                List.of(Message.user("And in section two?")))), CallOptions.DEFAULTS).metrics();

        int system = tokens(LONG_SYSTEM);
        assertThat(system).isGreaterThan(1_024);
        assertThat(first.cachedInputTokens()).isZero();
        assertThat(first.cacheWriteTokens()).isEqualTo(system);
        assertThat(second.cachedInputTokens()).isEqualTo(system);
        assertThat(second.cacheWriteTokens()).isZero();

        assertThat(first.costUsd()).isCloseTo(((first.inputTokens() - system) * 1.00 + system * 1.25
                + first.outputTokens() * 4.00) / 1e6, within(1e-12));
        assertThat(second.costUsd()).isCloseTo(((second.inputTokens() - system) * 1.00 + system * 0.25
                + second.outputTokens() * 4.00) / 1e6, within(1e-12));
    }

    @Test
    void withoutABreakpointAnthropicCachesNothingAndAShortPrefixIsNotCached() throws Exception {
        var unmarked = anthropic(SimConfig.defaults(), List.of(), Message.user("q"));
        engine.call(unmarked, CallOptions.DEFAULTS);
        var again = engine.call(unmarked, CallOptions.DEFAULTS).metrics();
        assertThat(again.cachedInputTokens()).isZero();
        assertThat(again.cacheWriteTokens()).isZero();

        var shortSystem = unmarked.withPrompt(Prompt.of("Be brief.", "q"))
                .withLevers(unmarked.levers().withPromptCache(new Levers.PromptCache(List.of("system"), null)));
        engine.call(shortSystem, CallOptions.DEFAULTS);
        var shortAgain = engine.call(shortSystem, CallOptions.DEFAULTS).metrics();
        assertThat(shortAgain.cachedInputTokens()).isZero();
        assertThat(shortAgain.cacheWriteTokens()).as("under Anthropic's 1,024-token minimum").isZero();
    }

    @Test
    void aBreakpointOnTheLastMessageLetsTheNextTurnReadTheWholeConversationSoFar() throws Exception {
        var question = "Summarise the handbook. " + "Here is more of my own text to think about. ".repeat(20);
        var profile = anthropic(SimConfig.defaults(), List.of("last"), Message.user(question));
        var first = engine.call(profile, CallOptions.DEFAULTS).metrics();
        var next = profile.withPrompt(profile.prompt().withMessages(List.of(Message.user(question),
                Message.assistant("It covers sections one to three."), Message.user("Which one is longest?"))));
        var second = engine.call(next, CallOptions.DEFAULTS).metrics();

        int firstPrefix = tokens(LONG_SYSTEM + "\nuser: " + question);
        assertThat(first.cacheWriteTokens()).isEqualTo(firstPrefix);
        assertThat(second.cachedInputTokens()).as("what the first turn wrote").isEqualTo(firstPrefix);
        assertThat(second.cacheWriteTokens()).isEqualTo(tokens(LONG_SYSTEM + "\nuser: " + question
                + "\nassistant: It covers sections one to three.\nuser: Which one is longest?") - firstPrefix);
    }

    @Test
    void anEntryLivesItsLifetimeAfterItsLastRead() throws Exception {
        var profile = anthropic(SimConfig.defaults().withPromptCacheSeconds(1), List.of("system"), Message.user("q"));
        assertThat(engine.call(profile, CallOptions.DEFAULTS).metrics().cacheWriteTokens()).isPositive();
        Thread.sleep(600);
        assertThat(engine.call(profile, CallOptions.DEFAULTS).metrics().cachedInputTokens()).isPositive();
        Thread.sleep(600);
        assertThat(engine.call(profile, CallOptions.DEFAULTS).metrics().cachedInputTokens())
                .as("1.2 s after the write, 0.6 s after the read that refreshed it").isPositive();
        Thread.sleep(1_300);
        var expired = engine.call(profile, CallOptions.DEFAULTS).metrics();
        assertThat(expired.cachedInputTokens()).isZero();
        assertThat(expired.cacheWriteTokens()).isPositive();
    }

    @Test
    void aFreshPrefixMissesWhatTheSamePromptCached() throws Exception {
        var profile = anthropic(SimConfig.defaults(), List.of("system"), Message.user("q"));
        engine.call(profile, CallOptions.DEFAULTS);
        var fresh = engine.call(profile, CallOptions.DEFAULTS.withFreshPrefix(FreshPrefix.next())).metrics();
        assertThat(fresh.cachedInputTokens()).isZero();
        assertThat(fresh.cacheWriteTokens()).isGreaterThan(1_024);
        assertThat(engine.call(profile, CallOptions.DEFAULTS).metrics().cachedInputTokens())
                .as("the unprefixed prompt is still cached").isEqualTo(tokens(LONG_SYSTEM));
    }

    @Test
    void theAnthropicRequestCarriesCacheControlWhereTheBreakpointsAre() throws Exception {
        var profile = Profile.starter()
                .withEndpoint(new Endpoint("a", ProviderKind.ANTHROPIC, "https://api.anthropic.com", "env:K", null, null))
                .withPrompt(new Prompt("sys", List.of(Message.user("one"), Message.assistant("two"),
                        Message.user("three")), Map.of()))
                .withLevers(Levers.DEFAULTS.withPromptCache(new Levers.PromptCache(List.of("system", "0", "last"), null)));
        var body = dev.llmdyno.profile.Mappers.json().readTree(WireRequest.of(profile, "KEY", "http://sim").body());
        assertThat(body.at("/system/0/cache_control/type").asText()).isEqualTo("ephemeral");
        assertThat(body.at("/system/0/text").asText()).isEqualTo("sys");
        assertThat(body.at("/messages/0/content/0/cache_control/type").asText()).isEqualTo("ephemeral");
        assertThat(body.at("/messages/1/content").isTextual()).isTrue();
        assertThat(body.at("/messages/2/content/0/text").asText()).isEqualTo("three");
        assertThat(body.at("/messages/2/content/0/cache_control/type").asText()).isEqualTo("ephemeral");

        var openAi = profile.withEndpoint(Endpoint.LOCAL_SIMULATOR);
        assertThat(WireRequest.of(openAi, "KEY", "http://sim").body()).doesNotContain("cache_control");
    }
}
