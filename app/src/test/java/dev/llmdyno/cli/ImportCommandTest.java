package dev.llmdyno.cli;

import dev.llmdyno.profile.ProfileIO;
import dev.llmdyno.profile.ProfileValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.llmdyno.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code dyno import} gives profiles that validate and run as they are, and says what it could not carry. */
class ImportCommandTest {

    private static Path write(Path dir, String name, String text) throws Exception {
        var file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aMinimalLiteLlmConfigBecomesAProfileThatRuns(@TempDir Path dir) throws Exception {
        var config = write(dir, "config.yaml", """
                model_list:
                  - model_name: local
                    litellm_params:
                      model: hosted_vllm/qwen
                      api_base: http://localhost:8000/v1
                      api_key: os.environ/VLLM_KEY
                      drop_params: true
                router_settings:
                  routing_strategy: least-busy
                """);
        var out = dir.resolve("imported.yaml");
        var result = run("import", config.toString(), "-o", out.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("warning: model_list[0].litellm_params.drop_params is not carried",
                "warning: router_settings.routing_strategy is not carried", "prompt.messages[0] is a placeholder");
        var text = Files.readString(out);
        assertThat(text).startsWith("# Imported by dyno import from config.yaml.\n")
                .contains("# WARNING: router_settings.routing_strategy is not carried", "kind: vllm",
                        "apiKeyRef: env:VLLM_KEY", "Replace this placeholder with your prompt.");
        var profile = new ProfileIO().read(out);
        assertThat(new ProfileValidator().validate(profile)).isEmpty();
        assertThat(run("profile", "validate", out.toString()).exitCode()).isZero();
    }

    @Test
    void anImportedPortkeyConfigCallsTheSimulator(@TempDir Path dir) throws Exception {
        var config = write(dir, "portkey.json", """
                {"retry": {"attempts": 1, "on_status_codes": [429]},
                 "targets": [{"provider": "openai", "custom_host": "http://127.0.0.1:1/v1", "api_key": "${SIM_KEY}",
                              "override_params": {"model": "sim-fast"}}]}
                """);
        var out = dir.resolve("p.yaml");
        var result = run("import", config.toString(), "-o", out.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("retry.on_status_codes [429] is not carried");
        var profile = Files.readString(out);
        assertThat(profile).contains("kind: openai-compatible", "apiKeyRef: env:SIM_KEY", "maxRetries: 1");
        // Pointed at the in-process simulator, the imported profile runs as it is.
        var simulated = profile.replaceAll("(?s)endpoint:.*?(?=\\nmodel:)", "endpoint:\n  kind: simulator");
        var runnable = write(dir, "runnable.yaml", simulated);
        var call = run("call", runnable.toString());
        assertThat(call.exitCode()).as(call.err()).isZero();
    }

    @Test
    void aLiteralKeyIsRefusedNamingTheField(@TempDir Path dir) throws Exception {
        var config = write(dir, "config.yaml", """
                model_list:
                  - model_name: x
                    litellm_params:
                      model: openai/gpt-4o-mini
                      api_key: sk-proj-abcdefghijklmnop1234
                """);
        var result = run("import", config.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(config + ": model_list[0].litellm_params.api_key: is a literal key")
                .doesNotContain("sk-proj-abcdefghijklmnop1234").doesNotContain("Exception");
        var portkey = write(dir, "p.json", "{\"provider\": \"openai\", \"api_key\": \"sk-live-0123456789abcdef\","
                + " \"override_params\": {\"model\": \"gpt-4o\"}}");
        var refused = run("import", portkey.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("(root).api_key: is a literal key");
    }

    @Test
    void malformedAndMinimalFilesAreClearErrors(@TempDir Path dir) throws Exception {
        var cases = new String[][]{
                {"a.yaml", "model_list: [{litellm_params: {}}]\n", "model_list[0].litellm_params.model: is required"},
                {"b.yaml", "model_list:\n  - litellm_params:\n      model: bedrock/claude\n", "'bedrock/' has no provider kind"},
                {"c.yaml", "model_list:\n  - litellm_params:\n      model: openai/x\n      max_tokens: lots\n",
                        "model_list[0].litellm_params.max_tokens: must be a whole number"},
                {"d.yaml", "model_list:\n  - litellm_params:\n      model: openai/x\n      timeout: soon\n",
                        "model_list[0].litellm_params.timeout: must be a number of seconds"},
                {"e.json", "{\"targets\": [{\"provider\": \"openai\"}]}", "targets[0].override_params.model: is required"},
                {"f.json", "{\"targets\": [{\"provider\": \"mistral-ai\", \"override_params\": {\"model\": \"m\"}}]}",
                        "'mistral-ai' has no provider kind"},
                {"g.json", "{\"targets\": [{\"override_params\": {}}]}", "targets[0].provider: is required"},
                {"h.json", "{\"targets\": [", "h.json"},
        };
        for (var c : cases) {
            var file = write(dir, c[0], c[1]);
            var from = c[0].endsWith(".json") ? "portkey" : "litellm";
            var result = run("import", "--from", from, file.toString());
            assertThat(result.exitCode()).as(c[0] + ": " + result.err()).isEqualTo(2);
            assertThat(result.err()).as(c[0]).contains(c[2]).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }
}
