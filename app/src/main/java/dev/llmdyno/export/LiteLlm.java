package dev.llmdyno.export;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.InvalidInputException;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.Params;
import dev.llmdyno.profile.Problem;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProviderKind;

import java.util.ArrayList;
import java.util.List;

/**
 * The LiteLLM proxy's {@code config.yaml}: one {@code model_list} entry with the model, address, key reference,
 * sampling parameters, limits and prices, plus {@code router_settings} and cache settings.
 */
final class LiteLlm implements Exporter, Importer {

    private final Catalog catalog;

    LiteLlm(Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public String id() {
        return "litellm";
    }

    @Override
    public String fileName(Profile profile) {
        return "config.yaml";
    }

    @Override
    public Export export(Profile profile) {
        var warnings = new ArrayList<String>();
        var endpoint = profile.endpoint();
        var params = profile.params();
        var levers = profile.levers();
        var f = JsonNodeFactory.instance;
        var litellm = f.objectNode();
        litellm.put("model", prefix(endpoint.kind()) + (endpoint.kind() == ProviderKind.AZURE_OPENAI
                ? endpoint.deployment() : profile.model()));
        var base = Targets.baseUrl(endpoint);
        if (!base.isEmpty() && !base.equals(endpoint.kind().defaultBaseUrl().orElse(""))) {
            litellm.put("api_base", base);
        }
        if (endpoint.kind() == ProviderKind.AZURE_OPENAI) {
            litellm.put("api_version", endpoint.apiVersion());
        }
        if (Targets.needsKey(endpoint)) {
            litellm.put("api_key", "os.environ/" + Targets.keyVariable(endpoint, warnings));
        } else if (endpoint.kind().protocol() == ProviderKind.WireProtocol.OPENAI_CHAT) {
            litellm.put("api_key", "none");
        }
        Targets.putSampling(litellm, params, "max_tokens", "top_p", "stop", "seed");
        Targets.putSeconds(litellm, "timeout", levers.timeouts().totalMs());
        Targets.putSeconds(litellm, "stream_timeout", levers.timeouts().firstTokenMs());
        if (levers.rateLimit().rpm() != null) {
            litellm.put("rpm", levers.rateLimit().rpm());
        }
        if (levers.rateLimit().tpm() != null) {
            litellm.put("tpm", levers.rateLimit().tpm());
        }
        catalog.find(profile.model()).flatMap(model -> java.util.Optional.ofNullable(model.price())).ifPresent(price -> {
            litellm.put("input_cost_per_token", price.input() / 1_000_000);
            litellm.put("output_cost_per_token", price.output() / 1_000_000);
        });
        var root = f.objectNode();
        var entry = root.putArray("model_list").addObject();
        entry.put("model_name", Targets.slug(profile));
        entry.set("litellm_params", litellm);
        var router = root.putObject("router_settings");
        router.put("num_retries", levers.retry().maxRetries());
        Targets.putSeconds(router, "timeout", levers.timeouts().totalMs());
        Targets.putSeconds(router, "retry_after", levers.retry().baseDelayMs());
        if (levers.cache().enabled()) {
            var settings = root.putObject("litellm_settings");
            settings.put("cache", true);
            settings.putObject("cache_params").put("type", "local").put("ttl", levers.cache().ttlSeconds());
        }
        if (!params.streaming()) {
            warnings.add("LiteLLM streams when the client asks; this profile does not stream (stream: false)");
        }
        Unexpressed.warn(profile, Unexpressed.of(Unexpressed.PROMPT, Unexpressed.CONTEXT_BUDGET, Unexpressed.CONNECTION,
                Unexpressed.CONNECT_TIMEOUT, Unexpressed.IDLE_TIMEOUT), "LiteLLM's config", warnings);
        return new Export(Comments.yaml(profile, warnings) + write(root), warnings);
    }

    private static String prefix(ProviderKind kind) {
        return switch (kind) {
            case ANTHROPIC -> "anthropic/";
            case AZURE_OPENAI -> "azure/";
            case OLLAMA -> "ollama_chat/";
            case VLLM -> "hosted_vllm/";
            case OPENROUTER -> "openrouter/";
            case GROQ -> "groq/";
            case TOGETHER -> "together_ai/";
            case DEEPSEEK -> "deepseek/";
            case GEMINI -> "gemini/";
            default -> "openai/";
        };
    }

    private static ProviderKind kindOf(String prefix) {
        return switch (prefix) {
            case "anthropic" -> ProviderKind.ANTHROPIC;
            case "azure" -> ProviderKind.AZURE_OPENAI;
            case "ollama", "ollama_chat" -> ProviderKind.OLLAMA;
            case "hosted_vllm" -> ProviderKind.VLLM;
            case "openrouter" -> ProviderKind.OPENROUTER;
            case "groq" -> ProviderKind.GROQ;
            case "together_ai" -> ProviderKind.TOGETHER;
            case "deepseek" -> ProviderKind.DEEPSEEK;
            case "gemini" -> ProviderKind.GEMINI;
            default -> ProviderKind.OPENAI;
        };
    }

    @Override
    public Profile read(String text, String source) throws InvalidInputException {
        JsonNode root;
        try {
            root = Mappers.yaml().readTree(text);
        } catch (JacksonException e) {
            throw new InvalidInputException(source, List.of(dev.llmdyno.profile.ReadErrors.toProblem(e, text)));
        }
        var entry = root == null ? null : root.path("model_list").path(0);
        if (entry == null || !entry.isObject()) {
            throw new InvalidInputException(source, List.of(Problem.at("model_list", "needs at least one entry")));
        }
        var p = entry.path("litellm_params");
        var model = p.path("model").asText("");
        if (model.isEmpty()) {
            throw new InvalidInputException(source, List.of(Problem.at("model_list[0].litellm_params.model", "is required")));
        }
        int slash = model.indexOf('/');
        var kind = slash < 0 ? ProviderKind.OPENAI : kindOf(model.substring(0, slash));
        var id = slash < 0 ? model : model.substring(slash + 1);
        var key = p.path("api_key").asText("");
        var keyRef = key.startsWith("os.environ/") ? "env:" + key.substring("os.environ/".length()) : null;
        var endpoint = new Endpoint(null, kind, text(p, "api_base"), keyRef,
                kind == ProviderKind.AZURE_OPENAI ? id : null, text(p, "api_version"));
        var stops = new ArrayList<String>();
        p.path("stop").forEach(node -> stops.add(node.asText()));
        var params = new Params(p.has("max_tokens") ? p.path("max_tokens").asInt() : null, number(p, "temperature"),
                number(p, "top_p"), stops, p.has("seed") ? p.path("seed").asLong() : null, null);
        var router = root.path("router_settings");
        var total = p.has("timeout") ? millis(p, "timeout") : millis(router, "timeout");
        var firstToken = millis(p, "stream_timeout");
        var cache = root.path("litellm_settings");
        var levers = new Levers(new Levers.Timeouts(null, firstToken, null, total),
                new Levers.Retry(router.has("num_retries") ? router.path("num_retries").asInt() : null,
                        millis(router, "retry_after"), null, null, null, null),
                new Levers.RateLimit(p.has("rpm") ? p.path("rpm").asInt() : null, p.has("tpm") ? p.path("tpm").asInt() : null),
                cache.path("cache").asBoolean(false)
                        ? new Levers.Cache(true, cache.at("/cache_params/ttl").isNumber() ? cache.at("/cache_params/ttl").asInt() : null, null, null)
                        : null,
                null, null);
        return new Profile(null, entry.path("model_name").asText(null), null, endpoint,
                kind == ProviderKind.AZURE_OPENAI ? id : id, params, null, levers);
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).isTextual() ? node.path(field).asText() : null;
    }

    /** LiteLLM's seconds as milliseconds, or null when the field is absent (never a 0 for a missing value). */
    private static Integer millis(JsonNode node, String field) {
        var seconds = number(node, field);
        return seconds == null ? null : (int) Math.round(seconds * 1000);
    }

    private static Double number(JsonNode node, String field) {
        return node.path(field).isNumber() ? node.path(field).asDouble() : null;
    }

    static String write(ObjectNode root) {
        try {
            return Mappers.yaml().writeValueAsString(root);
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }
}
