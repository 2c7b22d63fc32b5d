package dev.llmdyno.ui.experiments;

import dev.llmdyno.TestPaths;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.experiment.Overrides;
import dev.llmdyno.profile.Message;
import dev.llmdyno.profile.ProfileIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VariantDraftTest {

    private static final Catalog CATALOG = Catalog.builtIn();

    @ParameterizedTest
    @ValueSource(strings = {"openai-gpt-4o-mini.yaml", "anthropic-claude-haiku.json", "ollama-llama3.yaml",
            "simulator-quickstart.yaml"})
    void aDraftOfAnUntouchedProfileChangesNothing(String sample) throws Exception {
        var base = new ProfileIO().read(TestPaths.profiles().resolve(sample));
        var draft = new VariantDraft(CATALOG);
        draft.reset(base, "variant A");
        assertThat(draft.changesProperty().get()).isEqualTo("No changes yet: change a value to make a variant.");
        assertThat(draft.toVariant()).isEmpty();
    }

    @Test
    void leversAndThePromptBecomeTheVariantsChangesAndApplyBack() throws Exception {
        var base = new ProfileIO().read(TestPaths.profiles().resolve("simulator-quickstart.yaml"));
        var draft = new VariantDraft(CATALOG);
        draft.reset(base, "short total, terse");
        draft.form.totalMs.set("5000");
        draft.form.maxRetries.set("0");
        draft.form.cacheEnabled.set(true);
        draft.form.system.set("Answer in one sentence.");
        draft.form.addMessage(Message.Role.USER);
        draft.form.messages.getLast().contentProperty().set("And why?");
        assertThat(draft.readyProperty().get()).isTrue();
        var variant = draft.toVariant().orElseThrow();
        assertThat(Overrides.describe(variant.overrides())).anyMatch(line -> line.startsWith("levers.timeouts.totalMs: 5000"))
                .anyMatch(line -> line.startsWith("levers.retry.maxRetries: 0"))
                .anyMatch(line -> line.startsWith("levers.cache.enabled: true"))
                .anyMatch(line -> line.startsWith("prompt.system: Answer in one sentence."));
        var applied = Overrides.apply(base, variant.overrides(), CATALOG);
        assertThat(applied.problems()).isEmpty();
        assertThat(applied.profile()).isEqualTo(draft.form.profile());
    }

    @Test
    void aRoutedBaseKeepsItsRoutingThroughTheFormAndAVariantCanChangeTheStrategy() throws Exception {
        var quickstart = new ProfileIO().read(TestPaths.profiles().resolve("simulator-quickstart.yaml"));
        var routing = new dev.llmdyno.profile.Routing(dev.llmdyno.profile.Routing.Strategy.ROUND_ROBIN, java.util.List.of(
                new dev.llmdyno.profile.Routing.Target("east", quickstart.endpoint(), null, 2.0, null),
                new dev.llmdyno.profile.Routing.Target("west", quickstart.endpoint(), null, null, null)), null);
        var base = quickstart.withRouting(routing);
        var draft = new VariantDraft(CATALOG);
        draft.reset(base, "weighted");
        assertThat(draft.toVariant()).as("the form drops nothing it does not show").isEmpty();
        var overrides = (com.fasterxml.jackson.databind.node.ObjectNode) dev.llmdyno.profile.Mappers.json()
                .readTree("{\"routing\": {\"strategy\": \"weighted\"}}");
        var applied = Overrides.apply(base, overrides, CATALOG);
        assertThat(applied.problems()).isEmpty();
        assertThat(applied.profile().routing().strategy()).isEqualTo(dev.llmdyno.profile.Routing.Strategy.WEIGHTED);
        assertThat(applied.profile().routing().targets()).hasSize(2);
    }

    @Test
    void aBrokenFieldIsNamedAndCannotBeAdded() throws Exception {
        var draft = new VariantDraft(CATALOG);
        draft.reset(new ProfileIO().read(TestPaths.profiles().resolve("simulator-quickstart.yaml")), "bad");
        draft.form.temperature.set("7");
        assertThat(draft.problemProperty().get()).startsWith("params.temperature:");
        assertThat(draft.readyProperty().get()).isFalse();
        assertThat(draft.toVariant()).isEmpty();
    }
}
