package dev.llmdyno.export;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.InvalidInputException;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.Params;
import dev.llmdyno.profile.Problem;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProviderKind;
import dev.llmdyno.profile.ReadErrors;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A config for the Portkey gateway ({@code x-portkey-config}): retries on the statuses the engine retries, the
 * request timeout, the cache, and one target with the provider, the address the engine calls, a placeholder for the
 * key ({@code ${OPENAI_API_KEY}}, filled by {@code envsubst}) and the model and sampling parameters as
 * {@code override_params}.
 *
 * <p>Checked against the open-source gateway, {@code @portkey-ai/gateway} 1.15.2 (Portkey-AI/gateway at that tag):
 * {@code src/middlewares/requestValidator/schema/config.ts} wants a key beside every provider but Ollama;
 * {@code custom_host} replaces the provider's base URL, to which {@code src/providers/<provider>/api.ts} appends
 * {@code /chat/completions} (openai), {@code /messages} (anthropic) or {@code /v1/chat/completions} (ollama);
 * {@code src/handlers/retryHandler.ts} makes {@code attempts} retries after the first try, waits 1, 2, 4 ... s
 * between them (async-retry's defaults), follows {@code retry-after} on 429 only and gives up when it asks for 60 s
 * or more, and bounds each try by {@code request_timeout}; {@code src/index.ts} adds the cache only when
 * {@code conf.json} says {@code "cache": true}, which the npm build does not, and {@code src/middlewares/cache/index.ts}
 * then reads {@code max_age} in milliseconds, where hosted Portkey reads seconds. The tests run this file in that
 * gateway.
 */
final class Portkey implements Exporter, Importer {

    /** The gateway's backoff before retry n (1-based): async-retry with minTimeout 1000, factor 2, no jitter. */
    private static long backoffMs(int retries) {
        return 1000L * ((1L << retries) - 1);
    }

    /** Hosted Portkey keeps a cached answer at least this long. */
    private static final int HOSTED_MIN_CACHE_SECONDS = 60;

    /** Hosted Portkey refuses more retries than this. */
    private static final int HOSTED_MAX_ATTEMPTS = 5;

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
        var params = profile.params();
        var levers = profile.levers();
        var root = JsonNodeFactory.instance.objectNode();
        var retry = root.putObject("retry");
        int retries = levers.retry().maxRetries();
        retry.put("attempts", retries);
        var codes = retry.putArray("on_status_codes");
        Targets.RETRIED_STATUSES.forEach(codes::add);
        retry.put("use_retry_after_header", levers.retry().respectRetryAfter());
        if (retries > HOSTED_MAX_ATTEMPTS) {
            warnings.add("hosted Portkey allows at most " + HOSTED_MAX_ATTEMPTS + " retry attempts; this config asks "
                    + retries);
        }
        int total = levers.timeouts().totalMs();
        root.put("request_timeout", total);
        warnings.add(Targets.perTryTimeout("Portkey's request_timeout", total, retries, backoffMs(retries)));
        if (levers.cache().enabled()) {
            // Hosted Portkey's unit: seconds, at least 60. The open-source gateway caches only when built with
            // its conf.json "cache": true, which the npm package is not, and then reads milliseconds.
            int ttl = Math.max(HOSTED_MIN_CACHE_SECONDS, levers.cache().ttlSeconds());
            root.putObject("cache").put("mode", "simple").put("max_age", ttl);
            if (ttl != levers.cache().ttlSeconds()) {
                warnings.add("hosted Portkey keeps a cached answer at least " + HOSTED_MIN_CACHE_SECONDS
                        + " s; the profile's " + levers.cache().ttlSeconds() + " s became " + ttl + " s");
            }
            warnings.add("cache.max_age is in seconds, as hosted Portkey reads it; the open-source gateway from npm "
                    + "does not cache at all, and one built with its cache on reads milliseconds (" + ttl * 1000L + ")");
            if (params.streaming()) {
                warnings.add("Portkey caches only answers that are not streamed; this profile streams");
            }
            Targets.warnCacheUser(levers.cache(), "Portkey", warnings);
            if (levers.cache().redis() != null) {
                warnings.add("the profile's Redis (" + levers.cache().redis().url() + ") is not carried: Portkey keeps "
                        + "its own cache, shared by the gateway's callers");
            }
        }
        if (profile.routing() == null || profile.routing().targets().isEmpty()) {
            root.putObject("strategy").put("mode", "loadbalance");
            putLeaf(root.putArray("targets").addObject(), profile.endpoint(), profile.model(), params, 1, warnings);
        } else {
            PortkeyRouting.put(root, profile, warnings);
        }
        Unexpressed.warn(profile, Unexpressed.of(Unexpressed.PROMPT_CACHE, Unexpressed.PROMPT, Unexpressed.RATE_LIMIT, Unexpressed.CONTEXT_BUDGET, Unexpressed.PRIORITY,
                Unexpressed.CONNECTION, Unexpressed.CONNECT_TIMEOUT, Unexpressed.FIRST_TOKEN_TIMEOUT,
                Unexpressed.IDLE_TIMEOUT, Unexpressed.BACKOFF), "a Portkey config", warnings);
        try {
            return new Export(Mappers.json().writeValueAsString(root) + "\n", warnings);
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One target the gateway calls: where, with which key, and the model and sampling it asks for. */
    static void putLeaf(ObjectNode target, Endpoint endpoint, String model, Params params, double weight,
                        List<String> warnings) {
        putTarget(target, endpoint, warnings);
        var override = target.putObject("override_params");
        override.put("model", model);
        Targets.putSampling(override, params, "max_tokens", "top_p", "stop", "seed");
        if (weight == Math.rint(weight)) {
            target.put("weight", (long) weight);
        } else {
            target.put("weight", weight);
        }
    }

    /**
     * The provider, the address and the key. The gateway calls {@code custom_host} plus its provider's path, so the
     * host written here is the engine's base URL with the part the provider adds taken off or put on.
     */
    private static void putTarget(ObjectNode target, Endpoint endpoint, List<String> warnings) {
        var kind = endpoint.kind();
        var base = Targets.baseUrl(endpoint).replaceAll("/+$", "");
        boolean usualAddress = base.equals(kind.defaultBaseUrl().orElse(null)) && !kind.isLocal();
        switch (kind) {
            case AZURE_OPENAI -> {
                target.put("provider", "azure-openai");
                target.put("azure_resource_name", base.replaceFirst("^https?://", "").replaceFirst("\\..*$", ""));
                target.put("azure_deployment_id", endpoint.deployment());
                target.put("azure_api_version", endpoint.apiVersion());
            }
            case OLLAMA -> {
                if (Targets.needsKey(endpoint)) {
                    // The gateway's ollama provider sends no key; Ollama behind an authenticating proxy is
                    // reached through its OpenAI-compatible API instead, which carries it.
                    target.put("provider", "openai");
                    target.put("custom_host", base);
                    break;
                }
                target.put("provider", "ollama");
                target.put("custom_host", base.replaceFirst("/v1$", ""));
            }
            case ANTHROPIC -> {
                target.put("provider", "anthropic");
                if (!usualAddress) {
                    target.put("custom_host", base + "/v1");
                }
            }
            default -> {
                var provider = usualAddress ? NATIVE_PROVIDERS.getOrDefault(kind, "openai") : "openai";
                target.put("provider", provider);
                if (!usualAddress) {
                    target.put("custom_host", base);
                }
            }
        }
        if (Targets.needsKey(endpoint)) {
            var variable = Targets.keyVariable(endpoint, warnings);
            target.put("api_key", "${" + variable + "}");
            warnings.add("api_key is a placeholder, ${" + variable + "}: fill it from the environment "
                    + "(envsubst < portkey-config.json) before you send the config");
        } else if (kind != ProviderKind.OLLAMA) {
            // The gateway wants a key beside the provider; this endpoint takes none.
            target.put("api_key", "none");
        }
    }

    private static final java.util.Map<ProviderKind, String> NATIVE_PROVIDERS = java.util.Map.of(
            ProviderKind.OPENAI, "openai", ProviderKind.OPENROUTER, "openrouter", ProviderKind.GROQ, "groq",
            ProviderKind.TOGETHER, "together-ai", ProviderKind.DEEPSEEK, "deepseek", ProviderKind.GEMINI, "google");

    /** Fields of a config this import carries into the profile; any other is named in a warning. */
    private static final Set<String> CARRIED_ROOT = Set.of("retry", "request_timeout", "cache", "strategy", "targets");
    private static final Set<String> CARRIED_TARGET = Set.of("name", "provider", "custom_host", "api_key", "override_params",
            "weight", "azure_resource_name", "azure_deployment_id", "azure_api_version", "retry", "request_timeout",
            "cache");
    private static final Set<String> CARRIED_OVERRIDES = Set.of("model", "max_tokens", "temperature", "top_p", "stop",
            "seed");

    @Override
    public Imported read(String text, String source) throws InvalidInputException {
        JsonNode root;
        try {
            root = Mappers.json().readTree(text);
        } catch (JacksonException e) {
            throw new InvalidInputException(source, List.of(ReadErrors.toProblem(e, text)));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(source, List.of(Problem.at("(root)", "must be a JSON object, a Portkey config")));
        }
        var warnings = new ArrayList<String>();
        var problems = new ArrayList<Problem>();
        Imports.warnUncarried(root, CARRIED_ROOT, "", warnings);
        var placed = PortkeyRouting.place(root, source, warnings);
        var leaves = new ArrayList<Leaf>();
        for (var leaf : placed) {
            leaves.add(readLeaf(leaf, source, problems, warnings));
        }
        var first = leaves.getFirst();
        var target = placed.getFirst().node();
        var endpoint = first.endpoint();
        var params = first.params();
        // A target's own retry, timeout and cache win over the config's, as in the gateway.
        var retry = target.has("retry") ? target.path("retry") : root.path("retry");
        var cache = target.has("cache") ? target.path("cache") : root.path("cache");
        var timeoutNode = target.has("request_timeout") ? target : root;
        var timeout = Imports.integer(timeoutNode, "request_timeout", "request_timeout", problems);
        if (retry.isObject()) {
            warnUnlessEngineStatuses(retry.path("on_status_codes"), warnings);
            warnings.add("Portkey's backoff (1, 2, 4 ... s) is not in its config: the profile keeps the engine's");
        }
        Levers.Cache cacheLever = null;
        if (cache.isObject()) {
            var maxAge = cache.path("max_age");
            Integer ttl = null;
            if (maxAge.canConvertToLong()) {
                // Hosted Portkey's seconds, as the export writes them.
                ttl = (int) Math.min(Integer.MAX_VALUE, Math.max(1, maxAge.asLong()));
                warnings.add("cache.max_age read as " + ttl + " s, hosted Portkey's unit (a config for a gateway built "
                        + "with its cache on holds milliseconds: divide by 1000)");
            }
            if (!"simple".equals(cache.path("mode").asText("simple"))) {
                warnings.add("cache.mode " + cache.path("mode").asText() + " is imported as an exact-match cache");
            }
            cacheLever = new Levers.Cache(true, ttl, null, null);
        }
        var levers = new Levers(new Levers.Timeouts(null, null, null, timeout),
                new Levers.Retry(Imports.integer(retry, "attempts", "retry.attempts", problems), null, null, null,
                        retry.path("use_retry_after_header").isBoolean() ? retry.path("use_retry_after_header").asBoolean() : null, null),
                null, cacheLever, null, null);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(source, problems);
        }
        var model = first.model();
        var profile = new Profile(null, null, null, endpoint, model, params, null, levers);
        if (leaves.size() > 1) {
            profile = profile.withRouting(PortkeyRouting.routing(root, placed, leaves, model, warnings));
        }
        return Imports.withPlaceholderPrompt(profile, warnings);
    }

    /** One target of an imported config, read as the engine will call it. */
    record Leaf(Endpoint endpoint, String model, Params params, Double weight) {
    }

    private static Leaf readLeaf(PortkeyRouting.Placed placed, String source, List<Problem> problems,
                                 List<String> warnings) throws InvalidInputException {
        var target = placed.node();
        var at = placed.path();
        if (!target.path("provider").isTextual()) {
            throw new InvalidInputException(source, List.of(Problem.at(at + ".provider", "is required: the provider to call")));
        }
        if (!at.equals("(root)")) {
            Imports.warnUncarried(target, CARRIED_TARGET, at + ".", warnings);
        }
        var overrides = target.path("override_params");
        Imports.warnUncarried(overrides, CARRIED_OVERRIDES, at + ".override_params.", warnings);
        var host = Imports.text(target, "custom_host");
        var kind = kindOf(target.path("provider").asText(), host);
        if (kind == null) {
            throw new InvalidInputException(source, List.of(Problem.at(at + ".provider", "'"
                    + target.path("provider").asText() + "' has no provider kind here; use anthropic, azure-openai, "
                    + "ollama, " + String.join(", ", new java.util.TreeSet<>(NATIVE_PROVIDERS.values()))
                    + ", or give custom_host for an OpenAI-compatible server")));
        }
        var keyRef = Imports.keyRef(target.path("api_key"), at + ".api_key", problems);
        var endpoint = new Endpoint(null, kind, baseUrlOf(kind, host), keyRef,
                kind == ProviderKind.AZURE_OPENAI ? Imports.text(target, "azure_deployment_id") : null,
                kind == ProviderKind.AZURE_OPENAI ? Imports.text(target, "azure_api_version") : null);
        var stops = new ArrayList<String>();
        overrides.path("stop").forEach(node -> stops.add(node.asText()));
        var params = new Params(Imports.integer(overrides, "max_tokens", at + ".override_params.max_tokens", problems),
                Imports.number(overrides, "temperature"), Imports.number(overrides, "top_p"), stops,
                overrides.path("seed").canConvertToLong() ? overrides.path("seed").asLong() : null, null);
        var model = Imports.text(overrides, "model");
        if (model == null) {
            throw new InvalidInputException(source, List.of(Problem.at(at + ".override_params.model",
                    "is required: a profile names its model (the gateway takes it from the request)")));
        }
        return new Leaf(endpoint, model, params, Imports.number(target, "weight"));
    }

    private static void warnUnlessEngineStatuses(JsonNode codes, List<String> warnings) {
        if (!codes.isArray()) {
            return;
        }
        var statuses = new java.util.TreeSet<Integer>();
        codes.forEach(code -> statuses.add(code.asInt()));
        if (!statuses.equals(new java.util.TreeSet<>(Targets.RETRIED_STATUSES))) {
            warnings.add("retry.on_status_codes " + statuses + " is not carried: the engine retries "
                    + Targets.RETRIED_STATUSES + " and timeouts");
        }
    }

    /** The engine's base URL for a gateway target: the inverse of {@link #putTarget}. */
    private static String baseUrlOf(ProviderKind kind, String host) {
        if (host == null) {
            return null;
        }
        var trimmed = host.replaceAll("/+$", "");
        return switch (kind) {
            case OLLAMA -> trimmed + "/v1";
            case ANTHROPIC -> trimmed.replaceFirst("/v1$", "");
            default -> trimmed;
        };
    }

    private static ProviderKind kindOf(String provider, String customHost) {
        return switch (provider) {
            case "anthropic" -> ProviderKind.ANTHROPIC;
            case "azure-openai" -> ProviderKind.AZURE_OPENAI;
            case "ollama" -> ProviderKind.OLLAMA;
            default -> customHost != null ? Imports.kindAt(customHost)
                    : NATIVE_PROVIDERS.entrySet().stream().filter(e -> e.getValue().equals(provider))
                    .map(java.util.Map.Entry::getKey).findFirst().orElse(null);
        };
    }
}
