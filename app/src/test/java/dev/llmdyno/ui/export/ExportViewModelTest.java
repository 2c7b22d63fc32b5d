package dev.llmdyno.ui.export;

import dev.llmdyno.TestPaths;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.export.Exporters;
import dev.llmdyno.profile.ProfileIO;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExportViewModelTest {

    @Test
    void previewAndWarningsFollowTheTarget() throws Exception {
        var exporters = new Exporters(Catalog.builtIn());
        var profile = new ProfileIO().read(TestPaths.profiles().resolve("openai-gpt-4o-mini.yaml"));
        var model = new ExportViewModel(exporters, profile);
        assertThat(model.target.get().id()).isEqualTo("litellm");
        assertThat(model.previewProperty().get()).contains("model: openai/gpt-4o-mini");
        assertThat(model.suggestedFileName()).isEqualTo("config.yaml");
        model.target.set(exporters.exporter("portkey").orElseThrow());
        assertThat(model.previewProperty().get()).contains("\"provider\" : \"openai\"");
        assertThat(model.warnings()).anyMatch(w -> w.contains("rate limits"));
        model.target.set(exporters.exporter("profile").orElseThrow());
        assertThat(model.warnings()).isEmpty();
        assertThat(model.suggestedFileName()).isEqualTo("openai-support-triage.yaml");
    }
}
