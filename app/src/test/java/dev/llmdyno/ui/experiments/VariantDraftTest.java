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
    void aBrokenFieldIsNamedAndCannotBeAdded() throws Exception {
        var draft = new VariantDraft(CATALOG);
        draft.reset(new ProfileIO().read(TestPaths.profiles().resolve("simulator-quickstart.yaml")), "bad");
        draft.form.temperature.set("7");
        assertThat(draft.problemProperty().get()).startsWith("params.temperature:");
        assertThat(draft.readyProperty().get()).isFalse();
        assertThat(draft.toVariant()).isEmpty();
    }
}
