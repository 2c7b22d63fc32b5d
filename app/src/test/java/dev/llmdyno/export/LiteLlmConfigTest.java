package dev.llmdyno.export;

import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.Params;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProviderKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What LiteLLM's proxy reads, per provider kind. LiteLLM cannot be installed here, so the expectations come from its
 * source (BerriAI/litellm): the model prefixes of {@code litellm/llms/} ({@code hosted_vllm/} and {@code openai/}
 * want {@code api_base}, {@code ollama_chat/} calls {@code api_base + "/api/chat"}, so no {@code /v1}), and the keys
 * of {@code GenericLiteLLMParams} in {@code litellm/types/router.py} at 3995103d; see {@link LiteLlm}.
 */
class LiteLlmConfigTest {

    private static final Exporters EXPORTERS = new Exporters(Catalog.builtIn());

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource(nullValues = "-", value = {
            // kind, profile's baseUrl, model prefix, api_base written, kind imported back
            "openai,            -,                                 openai/,      -,                                openai",
            "openai,            https://proxy.example.com/v1,      openai/,      https://proxy.example.com/v1,     openai-compatible",
            "anthropic,         -,                                 anthropic/,   -,                                anthropic",
            "anthropic,         http://127.0.0.1:9100,             anthropic/,   http://127.0.0.1:9100,            anthropic",
            "ollama,            -,                                 ollama_chat/, http://localhost:11434,           ollama",
            "ollama,            http://gpu-box:11434/v1,           ollama_chat/, http://gpu-box:11434,             ollama",
            "vllm,              -,                                 hosted_vllm/, http://localhost:8000/v1,         vllm",
            "llama-cpp,         -,                                 openai/,      http://localhost:8080/v1,         llama-cpp",
            "lm-studio,         -,                                 openai/,      http://localhost:1234/v1,         lm-studio",
            "openai-compatible, http://10.0.0.5:9000/v1,           openai/,      http://10.0.0.5:9000/v1,          openai-compatible",
            "simulator,         -,                                 openai/,      http://127.0.0.1:8080/v1,         llama-cpp",
            "openrouter,        -,                                 openrouter/,  -,                                openrouter",
            "groq,              -,                                 groq/,        -,                                groq",
            "together,          -,                                 together_ai/, -,                                together",
            "deepseek,          -,                                 deepseek/,    -,                                deepseek",
            "gemini,            -,                                 gemini/,      -,                                gemini",
    })
    void everyKindGetsItsPrefixAndAnAddressWhereLiteLlmHasNone(String kind, String baseUrl, String prefix,
                                                                String apiBase, String importedKind) throws Exception {
        var profile = new Profile(null, "p", null, new Endpoint(null, ProviderKind.fromId(kind), baseUrl,
                "env:SOME_KEY", null, null), "m-1", new Params(64, null, null, null, null, true), null, null);
        var text = EXPORTERS.exporter("litellm").orElseThrow().export(profile).text();
        var params = Mappers.yaml().readTree(text).at("/model_list/0/litellm_params");
        assertThat(params.path("model").asText()).isEqualTo(prefix + "m-1");
        assertThat(params.path("api_base").isMissingNode() ? null : params.path("api_base").asText()).isEqualTo(apiBase);
        assertThat(params.path("api_key").asText()).isEqualTo("os.environ/SOME_KEY");
        assertThat(params.path("timeout").isNumber()).isTrue(); // seconds, as LiteLLM reads them

        var back = EXPORTERS.importer("litellm").orElseThrow().read(text, "config.yaml").profile();
        assertThat(back.endpoint().kind().id()).isEqualTo(importedKind);
        assertThat(back.model()).isEqualTo("m-1");
        assertThat(back.endpoint().apiKeyRef()).isEqualTo("env:SOME_KEY");
    }

    /**
     * LiteLLM's proxy reads its config with PyYAML ({@code import yaml} in litellm/proxy/proxy_server.py at
     * 00163bce), a YAML 1.1 reader that takes {@code 1E-7} for a string. Each sample's export is read here by the same
     * PyYAML (Debian's python3-yaml) and every number must come out a number.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"openai-gpt-4o-mini.yaml", "anthropic-claude-haiku.json",
            "ollama-llama3.yaml", "simulator-quickstart.yaml"})
    void pyYamlReadsEveryNumberAsANumber(String sample, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        var python = dev.llmdyno.RealTools.program("python3", "apt-get install python3 python3-yaml");
        var file = dir.resolve("config.yaml");
        java.nio.file.Files.writeString(file, EXPORTERS.exporter("litellm").orElseThrow().export(ExportersTest.sample(sample)).text());
        var script = """
                import sys, yaml
                config = yaml.safe_load(open(sys.argv[1]))
                params = config["model_list"][0]["litellm_params"]
                numbers = {k: v for k, v in params.items() if k in ("max_tokens", "temperature", "top_p", "timeout",
                           "stream_timeout", "rpm", "tpm", "input_cost_per_token", "output_cost_per_token")}
                numbers.update({"router." + k: v for k, v in config.get("router_settings", {}).items()
                                if k in ("num_retries", "timeout", "retry_after")})
                wrong = {k: repr(v) for k, v in numbers.items() if isinstance(v, bool) or not isinstance(v, (int, float))}
                print("wrong" if wrong else "numbers", wrong or sorted(numbers.items()))
                """;
        var run = dev.llmdyno.RealTools.run(dir, java.util.Map.of(), java.util.List.of(python.toString(), "-c", script, file.toString()));
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).as(run.output()).startsWith("numbers");
        if (sample.equals("openai-gpt-4o-mini.yaml")) {
            assertThat(run.output()).contains("('input_cost_per_token', 1.5e-07)", "('output_cost_per_token', 6e-07)");
        }
    }

    /**
     * A routed profile as LiteLLM's router reads it (PyYAML, as the proxy does): one deployment per target sharing
     * its group's model_name, the target's name as model_info.id, weights for simple-shuffle, fallbacks from the
     * first group to the next, allowed_fails and cooldown_time; and the same routing read back.
     */
    @org.junit.jupiter.api.Test
    void aRoutedProfileBecomesDeploymentsOfModelGroupsWithFallbacksAndComesBack(@org.junit.jupiter.api.io.TempDir
                                                                                 java.nio.file.Path dir) throws Exception {
        var base = ExportersTest.sample("openai-gpt-4o-mini.yaml");
        var azure = new Endpoint(null, ProviderKind.OPENAI_COMPATIBLE, "http://10.0.0.7:8000/v1", "env:EU_KEY", null, null);
        var routing = new dev.llmdyno.profile.Routing(dev.llmdyno.profile.Routing.Strategy.WEIGHTED, java.util.List.of(
                new dev.llmdyno.profile.Routing.Target("us", base.endpoint(), null, 3.0, "primary"),
                new dev.llmdyno.profile.Routing.Target("eu", azure, "gpt-4o-mini-eu", null, "primary"),
                new dev.llmdyno.profile.Routing.Target("local", azure, "llama-3.1-8b", null, "backup")),
                new dev.llmdyno.profile.Routing.Fallback(null, null, 2, 45));
        var profile = base.withRouting(routing);
        var export = EXPORTERS.exporter("litellm").orElseThrow().export(profile);
        assertThat(export.warnings()).noneMatch(w -> w.startsWith("routing (")).anyMatch(w -> w.contains("falls back to backup"));
        var file = dir.resolve("config.yaml");
        java.nio.file.Files.writeString(file, export.text());
        var python = dev.llmdyno.RealTools.program("python3", "apt-get install python3 python3-yaml");
        var script = """
                import sys, yaml
                config = yaml.safe_load(open(sys.argv[1]))
                for entry in config["model_list"]:
                    p = entry["litellm_params"]
                    print(entry["model_name"], entry["model_info"]["id"], p["model"], p.get("api_base"), p["weight"], p["api_key"])
                r = config["router_settings"]
                print(r["routing_strategy"], r["allowed_fails"], r["cooldown_time"], r["fallbacks"])
                """;
        var run = dev.llmdyno.RealTools.run(dir, java.util.Map.of(), java.util.List.of(python.toString(), "-c", script, file.toString()));
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output().lines().toList()).containsExactly(
                "primary us openai/gpt-4o-mini None 3.0 os.environ/OPENAI_API_KEY",
                "primary eu openai/gpt-4o-mini-eu http://10.0.0.7:8000/v1 1.0 os.environ/EU_KEY",
                "backup local openai/llama-3.1-8b http://10.0.0.7:8000/v1 1.0 os.environ/EU_KEY",
                "simple-shuffle 2 45 [{'primary': ['backup']}]");

        var back = EXPORTERS.importer("litellm").orElseThrow().read(export.text(), "config.yaml").profile();
        assertThat(back.routing()).isEqualTo(routing);
        assertThat(back.endpoint()).isEqualTo(profile.endpoint());
        assertThat(new dev.llmdyno.profile.ProfileValidator().validate(back)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void deploymentsOutsideTheFirstGroupsFallbackChainAreNamedAndLeftOut() throws Exception {
        var text = """
                model_list:
                  - {model_name: fast, litellm_params: {model: openai/a, api_base: "http://h1:1/v1", api_key: none}, model_info: {id: one}}
                  - {model_name: fast, litellm_params: {model: openai/a, api_base: "http://h2:1/v1", api_key: none}}
                  - {model_name: other, litellm_params: {model: openai/b, api_base: "http://h3:1/v1", api_key: none}}
                router_settings: {routing_strategy: least-busy, cooldown_time: 5}
                """;
        var imported = EXPORTERS.importer("litellm").orElseThrow().read(text, "config.yaml");
        var routing = imported.profile().routing();
        assertThat(routing.strategy()).isEqualTo(dev.llmdyno.profile.Routing.Strategy.LEAST_OUTSTANDING);
        assertThat(routing.targets()).extracting(dev.llmdyno.profile.Routing.Target::name).containsExactly("one", "target-2");
        assertThat(routing.targets()).allSatisfy(t -> assertThat(t.group()).isNull());
        assertThat(routing.fallback().cooldownSeconds()).isEqualTo(5);
        assertThat(imported.warnings()).anyMatch(w -> w.startsWith("model_list[2] (other) not imported"));
    }

    /** A Redis cache as LiteLLM's cache_params (caching.md at 0d8c489f), read by PyYAML, and imported back. */
    @org.junit.jupiter.api.Test
    void aRedisCacheBecomesCacheParamsWithThePasswordByReferenceAndComesBack(@org.junit.jupiter.api.io.TempDir
                                                                               java.nio.file.Path dir) throws Exception {
        var base = ExportersTest.sample("openai-gpt-4o-mini.yaml");
        var cache = new dev.llmdyno.profile.Levers.Cache(true, 900, null, null, "support",
                new dev.llmdyno.profile.Levers.Redis("rediss://cache.internal:6380", "env:CACHE_PASSWORD"));
        var profile = base.withLevers(base.levers().withCache(cache));
        var export = EXPORTERS.exporter("litellm").orElseThrow().export(profile);
        assertThat(export.text()).doesNotContain("CACHE_PASSWORD=");
        var file = dir.resolve("config.yaml");
        java.nio.file.Files.writeString(file, export.text());
        var python = dev.llmdyno.RealTools.program("python3", "apt-get install python3 python3-yaml");
        var script = """
                import sys, yaml
                s = yaml.safe_load(open(sys.argv[1]))["litellm_settings"]
                p = s["cache_params"]
                print(s["cache"], p["type"], p["host"], p["port"], p["password"], p["namespace"], p["ttl"], p["ssl"])
                """;
        var run = dev.llmdyno.RealTools.run(dir, java.util.Map.of(), java.util.List.of(python.toString(), "-c", script, file.toString()));
        assertThat(run.output().strip()).isEqualTo("True redis cache.internal 6380 os.environ/CACHE_PASSWORD support 900 True");
        var back = EXPORTERS.importer("litellm").orElseThrow().read(export.text(), "config.yaml").profile();
        assertThat(back.levers().cache()).isEqualTo(cache);
        var perUser = new dev.llmdyno.profile.Levers.Cache(true, 900, null, null, "support", cache.redis(), null, "{{user}}");
        assertThat(EXPORTERS.exporter("litellm").orElseThrow().export(profile.withLevers(profile.levers()
                .withCache(perUser))).warnings()).contains("levers.cache.user ({{user}}) is not carried: LiteLLM does "
                + "not keep cached answers apart per user");

        var literal = export.text().replace("os.environ/CACHE_PASSWORD", "hunter2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EXPORTERS.importer("litellm").orElseThrow().read(literal, "config.yaml"))
                .hasMessageContaining("litellm_settings.cache_params.password: is a literal key");
    }

    /**
     * Anthropic breakpoints as LiteLLM's cache_control_injection_points (anthropic_cache_control_hook.py at 0120dbf2:
     * by role, or by index into OpenAI-style messages where the system prompt is message 0), read by PyYAML; system and
     * last come back, a breakpoint by number is named in a warning.
     */
    @org.junit.jupiter.api.Test
    void anthropicBreakpointsBecomeCacheControlInjectionPoints(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        var base = ExportersTest.sample("openai-gpt-4o-mini.yaml");
        var profile = base.withEndpoint(new dev.llmdyno.profile.Endpoint("claude",
                        dev.llmdyno.profile.ProviderKind.ANTHROPIC, null, "env:ANTHROPIC_API_KEY", null, null))
                .withModel("claude-haiku-4-5")
                .withPrompt(new dev.llmdyno.profile.Prompt("Long handbook...", java.util.List.of(
                        dev.llmdyno.profile.Message.user("q1"), dev.llmdyno.profile.Message.assistant("a1"),
                        dev.llmdyno.profile.Message.user("q2")), java.util.Map.of()))
                .withLevers(base.levers().withPromptCache(new dev.llmdyno.profile.Levers.PromptCache(
                        java.util.List.of("system", "1", "last"), dev.llmdyno.profile.Levers.CacheState.PRIME)));
        var export = EXPORTERS.exporter("litellm").orElseThrow().export(profile);
        var file = dir.resolve("config.yaml");
        java.nio.file.Files.writeString(file, export.text());
        var python = dev.llmdyno.RealTools.program("python3", "apt-get install python3 python3-yaml");
        var script = """
                import sys, yaml
                p = yaml.safe_load(open(sys.argv[1]))["model_list"][0]["litellm_params"]
                print(p["model"], [(x["location"], x.get("role"), x.get("index")) for x in p["cache_control_injection_points"]])
                """;
        var run = dev.llmdyno.RealTools.run(dir, java.util.Map.of(), java.util.List.of(python.toString(), "-c", script, file.toString()));
        assertThat(run.output().strip()).isEqualTo("anthropic/claude-haiku-4-5 [('message', 'system', None), "
                + "('message', None, 2), ('message', None, -1)]");

        var imported = EXPORTERS.importer("litellm").orElseThrow().read(export.text(), "config.yaml");
        assertThat(imported.profile().levers().promptCache().breakpoints()).containsExactly("system", "last");
        assertThat(imported.warnings()).anyMatch(w -> w.startsWith(
                "model_list[0].litellm_params.cache_control_injection_points[1] {\"location\":\"message\",\"index\":2} is not carried"));

        var openAi = EXPORTERS.exporter("litellm").orElseThrow().export(profile.withEndpoint(base.endpoint()));
        assertThat(openAi.text()).as("OpenAI caches by itself").doesNotContain("cache_control_injection_points");
        var portkey = EXPORTERS.exporter("portkey").orElseThrow().export(profile);
        assertThat(portkey.warnings()).anyMatch(w -> w.contains("the prompt-cache breakpoints [system, 1, last]"));
    }
}
