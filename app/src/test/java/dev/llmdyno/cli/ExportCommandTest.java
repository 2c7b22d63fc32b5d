package dev.llmdyno.cli;

import dev.llmdyno.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.llmdyno.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class ExportCommandTest {

    private static String sample(String name) {
        return TestPaths.profiles().resolve(name).toString();
    }

    @Test
    void exportsToStandardOutputWithWarningsOnStandardError() {
        var result = run("export", sample("openai-gpt-4o-mini.yaml"), "--to", "portkey");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("{").contains("\"provider\" : \"openai\"");
        assertThat(result.err()).contains("warning: a Portkey config cannot express client rate limits");
    }

    @Test
    void writesAFileWithDashO(@TempDir Path dir) throws Exception {
        var out = dir.resolve("config.yaml");
        var result = run("export", sample("ollama-llama3.yaml"), "--to", "litellm", "-o", out.toString());
        assertThat(result.exitCode()).isZero();
        assertThat(Files.readString(out)).contains("model: ollama_chat/llama3.1:8b");
    }

    @Test
    void anUnknownTargetListsTheKnownOnes() {
        var result = run("export", sample("ollama-llama3.yaml"), "--to", "langchain");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'langchain' is not a target; use one of litellm, portkey, openai-python");
    }

    @Test
    void importsALiteLlmConfigBackIntoAProfileThatValidates(@TempDir Path dir) throws Exception {
        var config = dir.resolve("config.yaml");
        run("export", sample("openai-gpt-4o-mini.yaml"), "--to", "litellm", "-o", config.toString());
        var profile = dir.resolve("back.yaml");
        var result = run("import", config.toString(), "-o", profile.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Files.readString(profile)).contains("model: gpt-4o-mini", "apiKeyRef: env:OPENAI_API_KEY", "rpm: 500");
        var portkey = dir.resolve("portkey.json");
        run("export", sample("openai-gpt-4o-mini.yaml"), "--to", "portkey", "-o", portkey.toString());
        assertThat(run("import", portkey.toString()).out()).contains("model: gpt-4o-mini", "maxTokens: 300");
    }

    @Test
    void aMinimalLiteLlmConfigImportsWithoutAJavaError(@TempDir Path dir) throws Exception {
        var file = dir.resolve("minimal.yaml");
        Files.writeString(file, "model_list:\n  - model_name: x\n    litellm_params:\n      model: openai/gpt-4o-mini\n");
        var result = run("import", file.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("model: gpt-4o-mini").doesNotContain("totalMs: 0");
        assertThat(result.err()).doesNotContain("Exception");
    }

    @Test
    void aBrokenFileToImportIsAClearError(@TempDir Path dir) throws Exception {
        var file = dir.resolve("bad.json");
        Files.writeString(file, "{\"targets\": [");
        var result = run("import", file.toString(), "--from", "portkey");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("bad.json: malformed input").doesNotContain("Exception");
    }
}
