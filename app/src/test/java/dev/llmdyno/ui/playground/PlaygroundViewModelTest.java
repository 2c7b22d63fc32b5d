package dev.llmdyno.ui.playground;

import dev.llmdyno.call.CallEngine;
import dev.llmdyno.call.SecretResolver;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.catalog.Tier;
import dev.llmdyno.profile.Message;
import dev.llmdyno.sim.ModelSpec;
import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.timing.NanoClock;
import dev.llmdyno.ui.UiThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The playground's behaviour without a toolkit: updates run at once on the test thread. */
class PlaygroundViewModelTest {

    private final Catalog catalog = Catalog.builtIn();
    private final CallEngine engine = new CallEngine(catalog, SecretResolver.of(Map.of()), NanoClock.SYSTEM,
            SimConfig.defaults().withModels(List.of(new ModelSpec("sim-fast", 5.0, 1.0, 0.1, 1.0, 0.0, 0.0, 1.0, 1, 8, 0.0, 20, 20, 0))));
    private final PlaygroundViewModel model = new PlaygroundViewModel(catalog, engine, UiThread.DIRECT, Runnable::run,
            () -> null);

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void theDefaultEndpointCanBeTestedItsModelsListed() {
        var baseUrl = model.baseUrlOf(dev.llmdyno.profile.Endpoint.LOCAL_SIMULATOR);
        assertThat(baseUrl).startsWith("http://127.0.0.1:").endsWith("/v1");
        var listing = new dev.llmdyno.call.ModelLister(SecretResolver.of(Map.of()))
                .list(dev.llmdyno.profile.Endpoint.LOCAL_SIMULATOR, baseUrl);
        assertThat(listing.ok()).as(String.valueOf(listing.problem())).isTrue();
        assertThat(listing.models()).contains("sim-fast");
    }

    @Test
    void aFailedRunShowsNoTokenCountsRatherThanNull() {
        var failed = new dev.llmdyno.call.CallResult("m", "", "", null,
                dev.llmdyno.call.CallError.of(dev.llmdyno.call.CallError.Type.CONNECT, "connection refused"), List.of(),
                new dev.llmdyno.call.Metrics(null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null, null, null, null, null, null, List.of(), List.of()), Map.of(), false, null);
        var record = new RunRecord(java.time.LocalDate.now().atTime(java.time.LocalTime.NOON), dev.llmdyno.profile.Profile.starter(), failed, null);
        assertThat(record.tokens()).isEqualTo("- / -");
    }

    @Test
    void editingTheCacheFieldsKeepsTheProfilesRedisAndNamespace() {
        var redis = new dev.llmdyno.profile.Levers.Redis("redis://cache:6379/0", "env:REDIS_PASSWORD");
        var shared = new dev.llmdyno.profile.Levers.Cache(true, 60, null, null, "team", redis);
        var starter = dev.llmdyno.profile.Profile.starter();
        model.load(starter.withLevers(starter.levers().withCache(shared)));
        model.form.cacheTtlSeconds.set("120");
        var cache = model.form.profile().levers().cache();
        assertThat(cache.ttlSeconds()).isEqualTo(120);
        assertThat(cache.redis()).isEqualTo(redis);
        assertThat(cache.namespace()).isEqualTo("team");
    }

    @Test
    void thePromptCacheFieldsLoadEditAndShowAWrongBreakpointOnTheirField() {
        var starter = dev.llmdyno.profile.Profile.starter();
        model.load(starter.withLevers(starter.levers().withPromptCache(new dev.llmdyno.profile.Levers.PromptCache(
                List.of("system"), dev.llmdyno.profile.Levers.CacheState.PRIME))));
        assertThat(model.form.cacheBreakpoints.get()).isEqualTo("system");
        assertThat(model.form.cacheState.get()).isEqualTo(dev.llmdyno.profile.Levers.CacheState.PRIME);

        model.form.cacheBreakpoints.set("system, last");
        assertThat(model.form.profile().levers().promptCache().breakpoints()).containsExactly("system", "last");
        assertThat(model.form.profile().levers().promptCache().prepare())
                .isEqualTo(dev.llmdyno.profile.Levers.CacheState.PRIME);

        model.form.cacheBreakpoints.set("system, 7");
        assertThat(model.form.profile()).isNull();
        assertThat(model.form.problemsProperty().get().get("levers.promptCache.breakpoints"))
                .startsWith("message 7 does not exist: the prompt has 1 message");
    }

    @Test
    void typingChangesTheTokenCountAndTheCost() {
        var before = model.tokenSummaryProperty().get();
        model.form.messages.getFirst().contentProperty().set("A much longer question about prefill, decode, queues, caches, batching and the tail of the latency distribution?");
        assertThat(model.tokenSummaryProperty().get()).isNotEqualTo(before).endsWith("tokens · o200k_base");
        assertThat(model.costSummaryProperty().get()).startsWith("input $").contains("worst case $");
        assertThat(model.form.messages.getFirst().tokensProperty().get()).isGreaterThan(10);
        assertThat(model.contextUsedProperty().get()).isBetween(0.0, 0.01);
    }

    @Test
    void anApproximateTokenizerIsLabelled() {
        model.form.model.set("claude-haiku-4-5");
        assertThat(model.tokenSummaryProperty().get()).endsWith("cl100k_base (approximate)");
        model.form.model.set("my-own-model");
        assertThat(model.modelSummaryProperty().get()).contains("not in the catalog");
        assertThat(model.costSummaryProperty().get()).isEqualTo("input unknown · worst case unknown");
    }

    @Test
    void anInvalidTemperatureIsMarkedWithItsRuleAndDisablesRun() {
        assertThat(model.canRunProperty().get()).isTrue();
        model.form.temperature.set("3.5");
        assertThat(model.form.problemsProperty().get()).containsEntry("params.temperature", "3.5 is outside [0, 2]");
        assertThat(model.canRunProperty().get()).isFalse();
        model.form.temperature.set("warm");
        assertThat(model.form.problemsProperty().get()).containsEntry("params.temperature", "'warm' is not a number");
        model.form.temperature.set("0.4");
        assertThat(model.canRunProperty().get()).isTrue();
    }

    @Test
    void variablesFollowThePromptAndKeepTheirValues() {
        model.form.messages.getFirst().contentProperty().set("Summarise {{doc}} for {{reader}}");
        assertThat(model.form.variables).extracting(VariableRow::name).containsExactly("doc", "reader");
        assertThat(model.canRunProperty().get()).isFalse();
        model.form.variables.get(0).valueProperty().set("the report");
        model.form.variables.get(1).valueProperty().set("a manager");
        assertThat(model.canRunProperty().get()).isTrue();
        model.form.system.set("Write for {{reader}}.");
        assertThat(model.form.variables).extracting(VariableRow::name).containsExactly("reader", "doc");
        assertThat(model.form.variables.getFirst().valueProperty().get()).isEqualTo("a manager");
        assertThat(model.form.profile().prompt().render().messages().getFirst().content())
                .isEqualTo("Summarise the report for a manager");
    }

    @Test
    void messagesCanBeAddedMovedAndRemoved() {
        model.form.addMessage(Message.Role.ASSISTANT);
        model.form.addMessage(Message.Role.USER);
        var rows = List.copyOf(model.form.messages);
        model.form.moveMessage(rows.get(2), -1);
        assertThat(model.form.messages).containsExactly(rows.get(0), rows.get(2), rows.get(1));
        model.form.removeMessage(rows.get(1));
        assertThat(model.form.messages).hasSize(2);
    }

    @Test
    void theTierFilterNarrowsTheModels() {
        model.tierFilter.set(Tier.QUALITY);
        assertThat(model.models()).isNotEmpty().allMatch(m -> m.tier() == Tier.QUALITY);
    }

    @Test
    void aRunStreamsTheAnswerAndLandsInTheHistory() {
        model.form.model.set("sim-fast");
        model.run();
        await().atMost(10, TimeUnit.SECONDS).until(() -> !model.runs.history().isEmpty());
        var record = model.runs.history().getFirst();
        assertThat(record.result().ok()).isTrue();
        assertThat(model.runs.answerProperty().get()).isEqualTo(record.result().text()).isNotEmpty();
        assertThat(record.result().metrics().ttftMs()).isPositive();
        assertThat(record.parameters()).startsWith("max 512").endsWith("stream");
        assertThat(model.runs.runningProperty().get()).isFalse();
    }
}
