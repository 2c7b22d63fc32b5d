package dev.llmdyno.export;

import dev.llmdyno.RealTools;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProviderKind;
import dev.llmdyno.sim.ModelSpec;
import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.sim.Simulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exported SDK files run as users run them: {@code node file.mjs} with the official OpenAI Node SDK from npm,
 * {@code python file.py} with the official openai package, and {@code node --env-file=.env} with {@code new OpenAI()}
 * and no arguments, against the simulator. Where the profile's endpoint is not fixed, OPENAI_BASE_URL moves them.
 */
class OpenAiSdkExportsTest {

    private static final Exporters EXPORTERS = new Exporters(Catalog.builtIn());
    private static final String KEY = "test-key-93be1";
    /** Answers only calls that carry the key. */
    private static Simulator keyed;
    /** Answers every call, as a local server without a key does. */
    private static Simulator open;

    @BeforeAll
    static void start() throws Exception {
        var models = List.of(quick("gpt-4o-mini"), quick("claude-haiku-4-5"), quick("llama3.1:8b"), quick("sim-balanced"));
        keyed = Simulator.startLocal(SimConfig.defaults().withModels(models).withApiKeys(List.of(KEY)));
        open = Simulator.startLocal(SimConfig.defaults().withModels(models));
    }

    @AfterAll
    static void stop() {
        keyed.close();
        open.close();
    }

    private static ModelSpec quick(String id) {
        return new ModelSpec(id, 5.0, 1.0, 0.1, 1.0, 0.0, 0.0, 1.0, 1, 64, 0.0, 20, 40, 0);
    }

    /** The simulator a sample's calls go to, and the environment a user would have set for it. */
    private static Map<String, String> environmentFor(Profile profile) {
        var environment = new HashMap<String, String>();
        var ref = profile.endpoint().apiKeyRef();
        var simulator = ref == null ? open : keyed;
        environment.put("OPENAI_BASE_URL", simulator.baseUrl() + "/v1");
        if (ref != null) {
            environment.put(ref.substring("env:".length()), KEY);
        }
        return environment;
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai-gpt-4o-mini.yaml", "anthropic-claude-haiku.json", "ollama-llama3.yaml",
            "simulator-quickstart.yaml"})
    void theNodeFileRunsInTheOfficialSdk(String sample, @TempDir Path dir) throws Exception {
        var profile = ExportersTest.sample(sample);
        var file = write(dir, "openai-node", profile);
        Files.createSymbolicLink(dir.resolve("node_modules"), RealTools.nodeModules());
        var run = RealTools.run(dir, environmentFor(profile), List.of("node", file.toString()));
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("completion_tokens");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai-gpt-4o-mini.yaml", "anthropic-claude-haiku.json", "ollama-llama3.yaml",
            "simulator-quickstart.yaml"})
    void thePythonFileRunsInTheOfficialPackage(String sample, @TempDir Path dir) throws Exception {
        var profile = ExportersTest.sample(sample);
        var file = write(dir, "openai-python", profile);
        var run = RealTools.run(dir, environmentFor(profile), List.of(RealTools.openAiPython().toString(), file.toString()));
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("completion_tokens");
    }

    @Test
    void aCustomAnthropicAddressIsKeptNotReplacedByAnthropicsOwn(@TempDir Path dir) throws Exception {
        var sample = ExportersTest.sample("anthropic-claude-haiku.json");
        var profile = sample.withEndpoint(sample.endpoint().withBaseUrl(keyed.baseUrl()));
        var node = EXPORTERS.exporter("openai-node").orElseThrow().export(profile).text();
        assertThat(node).contains(keyed.baseUrl() + "/v1").doesNotContain("api.anthropic.com");
        var file = write(dir, "openai-node", profile);
        Files.createSymbolicLink(dir.resolve("node_modules"), RealTools.nodeModules());
        var run = RealTools.run(dir, Map.of("ANTHROPIC_API_KEY", KEY), List.of("node", file.toString()));
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    /** {@code new OpenAI()} with no arguments, everything from the exported .env, the model from LLM_DYNO_MODEL. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theEnvFileConfiguresTheSdkWithNoArguments(boolean withKey, @TempDir Path dir) throws Exception {
        var simulator = withKey ? keyed : open;
        var profile = ExportersTest.sample("simulator-quickstart.yaml").withEndpoint(new Endpoint(null,
                ProviderKind.OPENAI_COMPATIBLE, simulator.baseUrl() + "/v1", withKey ? "env:OPENAI_API_KEY" : null, null, null));
        var env = EXPORTERS.exporter("env").orElseThrow().export(profile).text();
        assertThat(env).doesNotContain(KEY);
        Files.writeString(dir.resolve(".env"), env);
        Files.createSymbolicLink(dir.resolve("node_modules"), RealTools.nodeModules());
        Files.writeString(dir.resolve("call.mjs"), """
                import OpenAI from "openai";
                const client = new OpenAI();
                const completion = await client.chat.completions.create({
                  model: process.env.LLM_DYNO_MODEL,
                  max_tokens: Number(process.env.LLM_DYNO_MAX_TOKENS),
                  messages: [{ role: "user", content: "Hello" }],
                });
                console.log(completion.model, completion.usage.completion_tokens);
                """);
        var environment = new HashMap<String, String>();
        if (withKey) {
            environment.put("OPENAI_API_KEY", KEY);
        }
        var run = RealTools.run(dir, environment, List.of("node", "--env-file=.env", "call.mjs"));
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).startsWith("sim-balanced ");
    }

    private static Path write(Path dir, String target, Profile profile) throws Exception {
        var exporter = EXPORTERS.exporter(target).orElseThrow();
        var file = dir.resolve(exporter.fileName(profile));
        Files.writeString(file, exporter.export(profile).text());
        return file;
    }
}
