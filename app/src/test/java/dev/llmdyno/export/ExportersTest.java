package dev.llmdyno.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmdyno.TestPaths;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProfileIO;
import dev.llmdyno.profile.ProviderKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ExportersTest {

    private static final Exporters EXPORTERS = new Exporters(Catalog.builtIn());
    private static final Path GOLDEN = Path.of("src/test/resources/dev/llmdyno/export/golden");
    private static final List<String> SAMPLES = List.of("openai-gpt-4o-mini.yaml", "anthropic-claude-haiku.json",
            "ollama-llama3.yaml", "simulator-quickstart.yaml");

    static Profile sample(String name) throws Exception {
        return new ProfileIO().read(TestPaths.profiles().resolve(name));
    }

    static Stream<Object[]> everyTargetAndSample() {
        return EXPORTERS.exporters().stream().flatMap(e -> SAMPLES.stream().map(s -> new Object[]{e.id(), s}));
    }

    /** Golden files: rewrite them with -Dllmdyno.updateGolden=true after a deliberate change, then review the diff. */
    @ParameterizedTest(name = "{0} of {1}")
    @MethodSource("everyTargetAndSample")
    void matchesItsGoldenFile(String target, String sample) throws Exception {
        var export = EXPORTERS.exporter(target).orElseThrow().export(sample(sample));
        var file = GOLDEN.resolve(sample.replaceAll("\\.(yaml|json)$", "")).resolve(target + ".txt");
        if (Boolean.getBoolean("llmdyno.updateGolden")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, export.text());
        }
        assertThat(export.text()).isEqualTo(Files.readString(file));
    }

    @ParameterizedTest(name = "{0} of {1}")
    @MethodSource("everyTargetAndSample")
    void neverContainsASecretValueAndNamesItsVariable(String target, String sample) throws Exception {
        var profile = sample(sample);
        var export = EXPORTERS.exporter(target).orElseThrow().export(profile);
        assertThat(export.text()).doesNotContainPattern("sk-[A-Za-z0-9]{8,}");
        if (profile.endpoint().apiKeyRef() != null) {
            var variable = profile.endpoint().apiKeyRef().substring(4);
            assertThat(export.text()).contains(variable);
        }
    }

    @Test
    void whatATargetCannotExpressIsWarnedAndCommented() throws Exception {
        var export = EXPORTERS.exporter("litellm").orElseThrow().export(sample("anthropic-claude-haiku.json"));
        assertThat(export.warnings()).anyMatch(w -> w.contains("context budget (8000 tokens)"));
        assertThat(export.text()).contains("# WARNING: LiteLLM's config cannot express the context budget");
        var windowed = sample("anthropic-claude-haiku.json");
        windowed = windowed.withLevers(windowed.levers().withContext(new dev.llmdyno.profile.Levers.Context(null,
                dev.llmdyno.profile.Levers.ContextStrategy.SUMMARISE, 3, "claude-haiku-4-5")));
        assertThat(EXPORTERS.exporter("litellm").orElseThrow().export(windowed).warnings()).anyMatch(w -> w.equals(
                "LiteLLM's config cannot express the context summary of turns older than the last 3: summarise them "
                        + "yourself"));
        var portkey = EXPORTERS.exporter("portkey").orElseThrow().export(sample("openai-gpt-4o-mini.yaml"));
        assertThat(portkey.warnings()).anyMatch(w -> w.contains("client rate limits (rpm 500, tpm 200000)"));
    }

    /** Exporters that write the routing itself (tested in their real tools). */
    static final java.util.Set<String> ROUTING_EXPORTERS = java.util.Set.of("portkey", "litellm", "nginx", "haproxy");

    @Test
    void aRoutedProfilesExportSaysItCallsOneEndpoint() throws Exception {
        var base = sample("simulator-quickstart.yaml");
        var routed = base.withRouting(new dev.llmdyno.profile.Routing(dev.llmdyno.profile.Routing.Strategy.WEIGHTED,
                java.util.List.of(new dev.llmdyno.profile.Routing.Target("a", base.endpoint(), null, 1.0, null),
                        new dev.llmdyno.profile.Routing.Target("b", base.endpoint(), null, 3.0, null)), null));
        for (var exporter : EXPORTERS.exporters()) {
            var warnings = exporter.export(routed).warnings();
            if (exporter.id().equals("profile")) {
                assertThat(exporter.export(routed).text()).contains("routing:", "strategy: weighted");
            } else if (!ROUTING_EXPORTERS.contains(exporter.id())) {
                assertThat(warnings).as(exporter.id()).anyMatch(w -> w.startsWith("routing (weighted over 2 targets) is not carried"));
            }
        }
    }

    @Test
    void liteLlmConfigHasTheFieldsTheProxyReads() throws Exception {
        var root = Mappers.yaml().readTree(EXPORTERS.exporter("litellm").orElseThrow().export(sample("openai-gpt-4o-mini.yaml")).text());
        var params = root.at("/model_list/0/litellm_params");
        assertThat(root.at("/model_list/0/model_name").isTextual()).isTrue();
        assertThat(params.path("model").asText()).isEqualTo("openai/gpt-4o-mini");
        assertThat(params.path("api_key").asText()).isEqualTo("os.environ/OPENAI_API_KEY");
        assertThat(params.path("rpm").isInt()).isTrue();
        assertThat(params.path("input_cost_per_token").isNumber()).isTrue();
        assertThat(root.at("/router_settings/num_retries").asInt()).isEqualTo(3);
        assertThat(root.at("/litellm_settings/cache").asBoolean()).isTrue();
    }

    @Test
    void portkeyConfigHasTheFieldsTheGatewayReads() throws Exception {
        var root = Mappers.json().readTree(EXPORTERS.exporter("portkey").orElseThrow().export(sample("ollama-llama3.yaml")).text());
        assertThat(root.at("/retry/attempts").isInt()).isTrue();
        assertThat(root.at("/retry/on_status_codes")).isNotEmpty().allMatch(JsonNode::isInt);
        assertThat(root.path("request_timeout").isInt()).isTrue();
        assertThat(root.at("/strategy/mode").asText()).isEqualTo("loadbalance");
        var target = root.at("/targets/0");
        assertThat(target.path("provider").asText()).isEqualTo("ollama");
        // The gateway's ollama provider adds /v1/chat/completions itself.
        assertThat(target.path("custom_host").asText()).isEqualTo("http://localhost:11434");
        assertThat(target.at("/override_params/model").asText()).isEqualTo("llama3.1:8b");
        assertThat(target.path("weight").asInt()).isEqualTo(1);
    }

    static Stream<String> samples() {
        return SAMPLES.stream();
    }

    /** Export then import gives the same profile, for everything the target can express. */
    @ParameterizedTest
    @MethodSource("samples")
    void roundTripsThroughLiteLlmPortkeyAndTheProfileFormat(String sample) throws Exception {
        var original = sample(sample);
        var litellm = EXPORTERS.importer("litellm").orElseThrow()
                .read(EXPORTERS.exporter("litellm").orElseThrow().export(original).text(), "litellm").profile();
        assertThat(expressible(litellm, true, true)).isEqualTo(expressible(original, true, true));
        var portkey = EXPORTERS.importer("portkey").orElseThrow()
                .read(EXPORTERS.exporter("portkey").orElseThrow().export(original).text(), "portkey").profile();
        assertThat(expressible(portkey, false, false)).isEqualTo(expressible(original, false, false));
        var profile = EXPORTERS.importer("profile").orElseThrow()
                .read(EXPORTERS.exporter("profile").orElseThrow().export(original).text(), "profile").profile();
        assertThat(profile).isEqualTo(original);
    }

    /** The part of a profile LiteLLM (keys, limits) or Portkey can carry. */
    private static List<Object> expressible(Profile p, boolean keys, boolean limits) {
        // Servers that speak the same protocol at the same address are the same endpoint, whatever the kind's name
        // (the simulator's usual address is llama.cpp's too).
        var kind = p.endpoint().kind().protocol() + " " + p.endpoint().effectiveBaseUrl().orElse(Targets.SIMULATOR_URL);
        var levers = p.levers();
        return List.of(kind, p.model(), p.params().maxTokens(), String.valueOf(p.params().temperature()),
                String.valueOf(p.params().topP()), p.params().stop(), String.valueOf(p.params().seed()),
                levers.retry().maxRetries(), levers.timeouts().totalMs(), levers.cache().enabled(),
                levers.cache().enabled() ? levers.cache().ttlSeconds() : 0,
                keys ? String.valueOf(p.endpoint().apiKeyRef()) : "", limits ? String.valueOf(levers.rateLimit()) : "");
    }

    @Test
    void aLiteLlmConfigWithAnUnknownShapeIsAClearError() {
        var importer = EXPORTERS.importer("litellm").orElseThrow();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> importer.read("general_settings: {}\n", "c.yaml"))
                .hasMessage("c.yaml: model_list: needs at least one entry with litellm_params.model");
    }

    @Test
    void thePythonSnippetCompiles(@TempDir Path dir) throws Exception {
        var file = dir.resolve("snippet.py");
        Files.writeString(file, EXPORTERS.exporter("openai-python").orElseThrow().export(sample("openai-gpt-4o-mini.yaml")).text());
        assertThat(run(dir, "python3", "-m", "py_compile", file.toString())).isZero();
    }

    @Test
    void theNodeSnippetParses(@TempDir Path dir) throws Exception {
        var file = dir.resolve("snippet.mjs");
        Files.writeString(file, EXPORTERS.exporter("openai-node").orElseThrow().export(sample("openai-gpt-4o-mini.yaml")).text());
        assertThat(run(dir, "node", "--check", file.toString())).isZero();
    }

    @Test
    void theCurlCommandIsValidShell(@TempDir Path dir) throws Exception {
        var file = dir.resolve("call.sh");
        Files.writeString(file, EXPORTERS.exporter("curl").orElseThrow().export(sample("openai-gpt-4o-mini.yaml")).text());
        assertThat(run(dir, "bash", "-n", file.toString())).isZero();
    }

    @Test
    void theCurlCommandGetsAStreamedAnswerFromTheSimulator(@TempDir Path dir) throws Exception {
        try (var sim = dev.llmdyno.sim.Simulator.startLocal(dev.llmdyno.sim.SimConfig.defaults())) {
            var command = EXPORTERS.exporter("curl").orElseThrow().export(sample("simulator-quickstart.yaml")).text()
                    .replace("http://127.0.0.1:8080/v1", sim.baseUrl() + "/v1");
            var file = dir.resolve("call.sh");
            Files.writeString(file, command);
            var process = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true).start();
            var output = new String(process.getInputStream().readAllBytes());
            assumeTrue(!output.contains("curl: command not found"), "curl is not installed");
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(output).contains("\"delta\":{\"content\":", "data: [DONE]");
        }
    }

    @Test
    void theCurlCommandExitsNonZeroWhenTheCallFails(@TempDir Path dir) throws Exception {
        try (var server = new mockwebserver3.MockWebServer()) {
            server.start();
            server.enqueue(new mockwebserver3.MockResponse.Builder().code(400)
                    .body("{\"error\":{\"message\":\"bad model\"}}").build());
            var profile = sample("simulator-quickstart.yaml").withLevers(Levers.DEFAULTS
                    .withRetry(new Levers.Retry(0, null, null, null, null, null)));
            var command = EXPORTERS.exporter("curl").orElseThrow().export(profile).text()
                    .replace("http://127.0.0.1:8080/v1", server.url("/v1").toString().replaceAll("/$", ""));
            var file = Files.writeString(dir.resolve("call.sh"), command);
            var process = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true).start();
            var output = new String(process.getInputStream().readAllBytes());
            assumeTrue(!output.contains("curl: command not found"), "curl is not installed");
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isEqualTo(22);
            assertThat(output).contains("bad model");
        }
    }

    /** Runs a checker that the machine may not have; the test is skipped where it is missing. */
    private static int run(Path dir, String... command) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, command[0] + " is not installed");
            return -1;
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        var output = new String(process.getInputStream().readAllBytes());
        assertThat(output).as(String.join(" ", command)).doesNotContain("Error");
        return process.exitValue();
    }

    @Test
    void azureAndKeyringProfilesExportSensibly() {
        var azure = Profile.starter().withModel("gpt-4o").withEndpoint(new Endpoint(null, ProviderKind.AZURE_OPENAI,
                "https://myres.openai.azure.com", "keyring:azure", "prod-gpt4o", "2024-10-21"))
                .withLevers(Levers.DEFAULTS);
        var litellm = EXPORTERS.exporter("litellm").orElseThrow().export(azure);
        assertThat(litellm.text()).contains("model: azure/prod-gpt4o", "api_version: 2024-10-21", "api_key: os.environ/AZURE_OPENAI_API_KEY");
        assertThat(litellm.warnings()).anyMatch(w -> w.contains("keyring"));
        var portkey = EXPORTERS.exporter("portkey").orElseThrow().export(azure);
        assertThat(portkey.text()).contains("\"azure_resource_name\" : \"myres\"", "\"azure_deployment_id\" : \"prod-gpt4o\"");
    }
}
