package dev.llmdyno.export;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
 * A Portkey gateway config: retries on the statuses the engine retries, the request timeout, the cache, and one
 * target with the provider, its host and the model and sampling parameters as {@code override_params}. Keys are not
 * part of a config: clients send them (from the environment variable the warning names).
 */
final class Portkey implements Exporter, Importer {

    @Override
    public String id() {
        return "portkey";
    }

    @Override
    public String fileName(Profile profile) {
        return "portkey-config.json";
    }

    @Override
    public Export export(Profile profile) {
        var warnings = new ArrayList<String>();
        var endpoint = profile.endpoint();
        var params = profile.params();
        var levers = profile.levers();
        var f = JsonNodeFactory.instance;
        var root = f.objectNode();
        var retry = root.putObject("retry");
        retry.put("attempts", levers.retry().maxRetries());
        var codes = retry.putArray("on_status_codes");
        Targets.RETRIED_STATUSES.forEach(codes::add);
        retry.put("use_retry_after_header", levers.retry().respectRetryAfter());
        root.put("request_timeout", levers.timeouts().totalMs());
        if (levers.cache().enabled()) {
            root.putObject("cache").put("mode", "simple").put("max_age", levers.cache().ttlSeconds());
        }
        root.putObject("strategy").put("mode", "loadbalance");
        var target = root.putArray("targets").addObject();
        target.put("provider", provider(endpoint.kind()));
        var base = Targets.baseUrl(endpoint);
        if (endpoint.kind() == ProviderKind.AZURE_OPENAI) {
            target.put("azure_resource_name", base.replaceFirst("^https?://", "").replaceFirst("\\..*$", ""));
            target.put("azure_deployment_id", endpoint.deployment());
            target.put("azure_api_version", endpoint.apiVersion());
        } else if (!base.isEmpty() && !base.equals(endpoint.kind().defaultBaseUrl().orElse(""))
                || endpoint.kind().isLocal()) {
            target.put("custom_host", base);
        }
        var override = target.putObject("override_params");
        override.put("model", profile.model());
        Targets.putSampling(override, params, "max_tokens", "top_p", "stop", "seed");
        target.put("weight", 1);
        if (Targets.needsKey(endpoint)) {
            warnings.add("Portkey configs hold no keys: send the provider key as the Authorization header, from $"
                    + Targets.keyVariable(endpoint, warnings));
        }
        Unexpressed.warn(profile, Unexpressed.of(Unexpressed.PROMPT, Unexpressed.RATE_LIMIT, Unexpressed.CONTEXT_BUDGET,
                Unexpressed.CONNECTION, Unexpressed.CONNECT_TIMEOUT, Unexpressed.FIRST_TOKEN_TIMEOUT,
                Unexpressed.IDLE_TIMEOUT, Unexpressed.BACKOFF), "a Portkey config", warnings);
        try {
            return new Export(Mappers.json().writeValueAsString(root) + "\n", warnings);
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    static String provider(ProviderKind kind) {
        return switch (kind) {
            case ANTHROPIC -> "anthropic";
            case AZURE_OPENAI -> "azure-openai";
            case OLLAMA -> "ollama";
            case OPENROUTER -> "openrouter";
            case GROQ -> "groq";
            case TOGETHER -> "together-ai";
            case DEEPSEEK -> "deepseek";
            case GEMINI -> "google";
            default -> "openai";
        };
    }

    private static ProviderKind kindOf(String provider, boolean customHost) {
        return switch (provider) {
            case "anthropic" -> ProviderKind.ANTHROPIC;
            case "azure-openai" -> ProviderKind.AZURE_OPENAI;
            case "ollama" -> ProviderKind.OLLAMA;
            case "openrouter" -> ProviderKind.OPENROUTER;
            case "groq" -> ProviderKind.GROQ;
            case "together-ai" -> ProviderKind.TOGETHER;
            case "deepseek" -> ProviderKind.DEEPSEEK;
            case "google" -> ProviderKind.GEMINI;
            default -> customHost ? ProviderKind.OPENAI_COMPATIBLE : ProviderKind.OPENAI;
        };
    }

    @Override
    public Profile read(String text, String source) throws InvalidInputException {
        JsonNode root;
        try {
            root = Mappers.json().readTree(text);
        } catch (JacksonException e) {
            throw new InvalidInputException(source, List.of(dev.llmdyno.profile.ReadErrors.toProblem(e, text)));
        }
        var target = root == null ? null : root.has("targets") ? root.path("targets").path(0) : root;
        if (target == null || !target.has("provider")) {
            throw new InvalidInputException(source, List.of(Problem.at("targets[0].provider", "is required")));
        }
        var host = target.path("custom_host").asText(null);
        var kind = kindOf(target.path("provider").asText(), host != null);
        var o = target.path("override_params");
        var endpoint = new Endpoint(null, kind, host, null,
                kind == ProviderKind.AZURE_OPENAI ? target.path("azure_deployment_id").asText(null) : null,
                kind == ProviderKind.AZURE_OPENAI ? target.path("azure_api_version").asText(null) : null);
        var stops = new ArrayList<String>();
        o.path("stop").forEach(node -> stops.add(node.asText()));
        var params = new Params(o.has("max_tokens") ? o.path("max_tokens").asInt() : null,
                o.path("temperature").isNumber() ? o.path("temperature").asDouble() : null,
                o.path("top_p").isNumber() ? o.path("top_p").asDouble() : null, stops,
                o.has("seed") ? o.path("seed").asLong() : null, null);
        var retry = root.path("retry");
        var cache = root.path("cache");
        var levers = new Levers(new Levers.Timeouts(null, null, null,
                root.has("request_timeout") ? root.path("request_timeout").asInt() : null),
                new Levers.Retry(retry.has("attempts") ? retry.path("attempts").asInt() : null, null, null, null,
                        retry.has("use_retry_after_header") ? retry.path("use_retry_after_header").asBoolean() : null, null),
                null, cache.isObject() ? new Levers.Cache(true, cache.has("max_age") ? cache.path("max_age").asInt() : null, null, null) : null,
                null, null);
        return new Profile(null, null, null, endpoint, o.path("model").asText(dev.llmdyno.profile.Profile.DEFAULT_MODEL),
                params, null, levers);
    }
}
