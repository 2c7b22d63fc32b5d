package dev.llmdyno.export;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.Set;

/**
 * The LiteLLM proxy's {@code config.yaml}: one {@code model_list} entry with the model, address, key reference,
 * sampling parameters, limits and prices, plus {@code router_settings} and cache settings.
 *
 * <p>LiteLLM cannot be installed here, so every key was checked against its source (BerriAI/litellm):
 * {@code litellm/types/router.py} at 3995103d ({@code GenericLiteLLMParams}: api_base, api_key with
 * {@code os.environ/NAME}, api_version, timeout and stream_timeout in seconds, rpm, tpm, input_cost_per_token and
 * output_cost_per_token per token) and {@code docs/my-website/docs/proxy/config_settings.md} at 00670428
 * (router_settings: num_retries, timeout in seconds, retry_after in seconds; litellm_settings: cache with
 * cache_params type local and ttl in seconds) and {@code docs/my-website/docs/proxy/caching.md} at 0d8c489f (cache_params
 * type redis with host, port, password, namespace, ttl in seconds, ssl). {@code LiteLlmConfigTest} holds one case per
 * provider kind.
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
        var params = profile.params();
        var levers = profile.levers();
        var f = JsonNodeFactory.instance;
        var root = f.objectNode();
        var list = root.putArray("model_list");
        var router = f.objectNode();
        if (profile.routing() == null || profile.routing().targets().isEmpty()) {
            var entry = list.addObject();
            entry.put("model_name", Targets.slug(profile));
            entry.set("litellm_params", deployment(profile, profile.endpoint(), profile.model(), warnings));
        } else {
            LiteLlmRouting.put(this, profile, list, router, warnings);
        }
        router.put("num_retries", levers.retry().maxRetries());
        warnings.add(Targets.perTryTimeout("LiteLLM's timeout", levers.timeouts().totalMs(),
                levers.retry().maxRetries(), -1));
        Targets.putSeconds(router, "timeout", levers.timeouts().totalMs());
        Targets.putSeconds(router, "retry_after", levers.retry().baseDelayMs());
        root.set("router_settings", router);
        if (levers.cache().enabled()) {
            var settings = root.putObject("litellm_settings");
            settings.put("cache", true);
            putCacheParams(settings.putObject("cache_params"), levers.cache(), warnings);
            Targets.warnCacheUser(levers.cache(), "LiteLLM", warnings);
        }
        if (!params.streaming()) {
            warnings.add("LiteLLM streams when the client asks; this profile does not stream (stream: false)");
        }
        Unexpressed.warn(profile, Unexpressed.of(Unexpressed.PROMPT, Unexpressed.CONTEXT_BUDGET, Unexpressed.PRIORITY, Unexpressed.CONNECTION,
                Unexpressed.CONNECT_TIMEOUT, Unexpressed.IDLE_TIMEOUT), "LiteLLM's config", warnings);
        return Export.commented(profile, write(root), warnings);
    }

    /** One deployment's {@code litellm_params}: the model at an endpoint with the profile's sampling, limits and prices. */
    ObjectNode deployment(Profile profile, Endpoint endpoint, String model, List<String> warnings) {
        var params = profile.params();
        var levers = profile.levers();
        var litellm = JsonNodeFactory.instance.objectNode();
        litellm.put("model", prefix(endpoint.kind()) + (endpoint.kind() == ProviderKind.AZURE_OPENAI
                ? endpoint.deployment() : model));
        var base = Targets.baseUrl(endpoint).replaceAll("/+$", "");
        // LiteLLM knows the hosted providers' addresses; every other server needs its own. Ollama's native API
        // (ollama_chat/ calls /api/chat) lives beside /v1, not under it.
        boolean hostedAtUsualAddress = !endpoint.kind().isLocal() && base.equals(endpoint.kind().defaultBaseUrl().orElse(null));
        if (!base.isEmpty() && !hostedAtUsualAddress) {
            litellm.put("api_base", endpoint.kind() == ProviderKind.OLLAMA ? base.replaceFirst("/v1$", "") : base);
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
        if (endpoint.kind().protocol() == ProviderKind.WireProtocol.ANTHROPIC_MESSAGES
                && !levers.promptCache().breakpoints().isEmpty()) {
            putInjectionPoints(litellm.putArray("cache_control_injection_points"), profile);
        }
        catalog.find(model).flatMap(info -> java.util.Optional.ofNullable(info.price())).ifPresent(price -> {
            // Exact decimals: 0.10 / 1e6 in doubles is 1.0000000000000001E-7.
            litellm.put("input_cost_per_token", java.math.BigDecimal.valueOf(price.input()).movePointLeft(6).stripTrailingZeros());
            litellm.put("output_cost_per_token", java.math.BigDecimal.valueOf(price.output()).movePointLeft(6).stripTrailingZeros());
        });
        return litellm;
    }

    /**
     * The breakpoints as LiteLLM's {@code cache_control_injection_points} (its anthropic_cache_control_hook.py at
     * 0120dbf2: by role, or by index into the OpenAI-style messages, where the system prompt is message 0 and a
     * negative index counts from the end).
     */
    private static void putInjectionPoints(ArrayNode points, Profile profile) {
        int offset = profile.prompt().system().isEmpty() ? 0 : 1;
        for (var breakpoint : profile.levers().promptCache().breakpoints()) {
            var point = points.addObject().put("location", "message");
            switch (breakpoint) {
                case Levers.PromptCache.SYSTEM -> point.put("role", "system");
                case Levers.PromptCache.LAST -> point.put("index", -1);
                default -> point.put("index", Integer.parseInt(breakpoint) + offset);
            }
        }
    }

    /** Breakpoints from injection points; one by another role or index names the messages it means and is left out. */
    private static List<String> breakpointsOf(JsonNode points, String at, List<String> warnings) {
        var breakpoints = new ArrayList<String>();
        for (int i = 0; i < points.size(); i++) {
            var point = points.get(i);
            if ("system".equals(point.path("role").asText(null))) {
                breakpoints.add(Levers.PromptCache.SYSTEM);
            } else if (point.path("index").asText("").equals("-1")) {
                breakpoints.add(Levers.PromptCache.LAST);
            } else {
                warnings.add(at + ".cache_control_injection_points[" + i + "] " + point + " is not carried: it names "
                        + "messages of the caller's conversation; add a breakpoint by its number in this profile's prompt");
            }
        }
        return breakpoints;
    }

    /** The cache: LiteLLM's own in memory or on disk, or the profile's Redis, its password as an os.environ/ reference. */
    private static void putCacheParams(ObjectNode params, Levers.Cache cache, List<String> warnings) {
        var redis = cache.redis();
        if (redis == null) {
            params.put("type", cache.onDisk() ? "disk" : "local").put("ttl", cache.ttlSeconds());
            return;
        }
        var url = java.net.URI.create(redis.url());
        params.put("type", "redis").put("host", url.getHost()).put("port", url.getPort() > 0 ? url.getPort() : 6379);
        if (redis.passwordRef() != null) {
            var ref = dev.llmdyno.profile.SecretRef.parse(redis.passwordRef()).orElseThrow();
            var variable = ref.scheme() == dev.llmdyno.profile.SecretRef.Scheme.ENV ? ref.name() : "REDIS_PASSWORD";
            if (ref.scheme() != dev.llmdyno.profile.SecretRef.Scheme.ENV) {
                warnings.add("the Redis password is in the keyring here; LiteLLM reads it from the environment: set REDIS_PASSWORD");
            }
            params.put("password", "os.environ/" + variable);
        }
        params.put("namespace", cache.namespace()).put("ttl", cache.ttlSeconds());
        if ("rediss".equals(url.getScheme())) {
            params.put("ssl", true);
        }
        if (url.getPath() != null && url.getPath().length() > 1 && !url.getPath().equals("/0")) {
            warnings.add("Redis database " + url.getPath().substring(1) + " is not in cache_params: LiteLLM uses database 0"
                    + " unless REDIS_DB is set");
        }
        warnings.add("LiteLLM keys its cache by its own request hash, not per API key as this profile's cache does: "
                + "answers are shared between the proxy's callers");
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

    /** Fields this import carries into the profile; any other is named in a warning. */
    private static final Set<String> CARRIED_ROOT = Set.of("model_list", "router_settings", "litellm_settings");
    private static final Set<String> CARRIED_PARAMS = Set.of("model", "api_base", "api_key", "api_version",
            "max_tokens", "temperature", "top_p", "stop", "seed", "timeout", "stream_timeout", "rpm", "tpm",
            "input_cost_per_token", "output_cost_per_token", "weight", "cache_control_injection_points");
    private static final Set<String> CARRIED_ROUTER = Set.of("num_retries", "timeout", "retry_after");
    /** Carried too where the profile routes over several deployments. */
    private static final Set<String> CARRIED_ROUTING = Set.of("num_retries", "timeout", "retry_after",
            "routing_strategy", "fallbacks", "allowed_fails", "cooldown_time");
    private static final Set<String> CARRIED_SETTINGS = Set.of("cache", "cache_params");
    private static final Set<String> CARRIED_CACHE = Set.of("type", "ttl", "host", "port", "password", "namespace", "ssl");

    @Override
    public Imported read(String text, String source) throws InvalidInputException {
        JsonNode root;
        try {
            root = Mappers.yaml().readTree(text);
        } catch (JacksonException e) {
            throw new InvalidInputException(source, List.of(dev.llmdyno.profile.ReadErrors.toProblem(e, text)));
        }
        var list = root == null ? null : root.path("model_list");
        if (list == null || !list.isArray() || list.isEmpty() || !list.path(0).isObject()) {
            throw new InvalidInputException(source, List.of(Problem.at("model_list",
                    "needs at least one entry with litellm_params.model")));
        }
        var warnings = new ArrayList<String>();
        var problems = new ArrayList<Problem>();
        Imports.warnUncarried(root, CARRIED_ROOT, "", warnings);
        var router = root.path("router_settings");
        var settings = root.path("litellm_settings");
        var chosen = LiteLlmRouting.chosen(list, router, warnings);
        Imports.warnUncarried(router, chosen.size() > 1 ? CARRIED_ROUTING : CARRIED_ROUTER, "router_settings.", warnings);
        Imports.warnUncarried(settings, CARRIED_SETTINGS, "litellm_settings.", warnings);
        Imports.warnUncarried(settings.path("cache_params"), CARRIED_CACHE, "litellm_settings.cache_params.", warnings);
        var deployments = new ArrayList<Deployment>();
        for (var index : chosen) {
            deployments.add(readDeployment(list.get(index), index, source, problems, warnings));
        }
        var first = deployments.getFirst();
        var total = first.totalMs() != null ? first.totalMs() : millis(router, "timeout", "router_settings.timeout", problems);
        Levers.Cache cache = null;
        if (settings.path("cache").asBoolean(false)) {
            var params0 = settings.path("cache_params");
            var type = params0.path("type").asText("local");
            var ttl = Imports.integer(params0, "ttl", "litellm_settings.cache_params.ttl", problems);
            var namespace = Imports.text(params0, "namespace");
            if (type.equals("redis")) {
                cache = new Levers.Cache(true, ttl, null, null, namespace, redisOf(params0, problems));
            } else {
                if (!type.equals("local")) {
                    warnings.add("litellm_settings.cache_params.type " + type + " is imported as the engine's own cache");
                }
                cache = new Levers.Cache(true, ttl, null, type.equals("disk"), namespace, null);
            }
        }
        var levers = new Levers(new Levers.Timeouts(null, first.firstTokenMs(), null, total),
                new Levers.Retry(Imports.integer(router, "num_retries", "router_settings.num_retries", problems),
                        millis(router, "retry_after", "router_settings.retry_after", problems), null, null, null, null),
                first.rateLimit(), cache, first.breakpoints().isEmpty() ? null
                        : new Levers.PromptCache(first.breakpoints(), null), null, null, null);
        var profile = new Profile(null, first.modelName(), null,
                first.endpoint(), first.model(), first.params(), null, levers);
        if (deployments.size() > 1) {
            profile = profile.withRouting(LiteLlmRouting.routing(router, deployments, problems, warnings));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(source, problems);
        }
        return Imports.withPlaceholderPrompt(profile, warnings);
    }

    /** One model_list entry as the engine will call it. */
    record Deployment(String path, String modelName, String id, Endpoint endpoint, String model, Params params,
                      Integer totalMs, Integer firstTokenMs, Levers.RateLimit rateLimit, Double weight,
                      List<String> breakpoints) {
    }

    private static Deployment readDeployment(JsonNode entry, int index, String source, List<Problem> problems,
                                             List<String> warnings) throws InvalidInputException {
        var p = entry.path("litellm_params");
        var at = "model_list[" + index + "].litellm_params";
        var model = Imports.text(p, "model");
        if (model == null) {
            throw new InvalidInputException(source, List.of(Problem.at(at + ".model", "is required: provider/model, "
                    + "for example openai/gpt-4o-mini")));
        }
        Imports.warnUncarried(p, CARRIED_PARAMS, at + ".", warnings);
        if (p.has("input_cost_per_token") || p.has("output_cost_per_token")) {
            warnings.add(at + ".input_cost_per_token and output_cost_per_token are not carried: prices come from the catalog");
        }
        int slash = model.indexOf('/');
        var prefix = slash < 0 ? "openai" : model.substring(0, slash);
        var id = slash < 0 ? model : model.substring(slash + 1);
        var apiBase = Imports.text(p, "api_base");
        var kind = kindOf(prefix, apiBase);
        if (kind == null) {
            throw new InvalidInputException(source, List.of(Problem.at(at + ".model", "'" + prefix
                    + "/' has no provider kind here; use one of " + String.join(", ", PREFIXES.keySet())
                    + ", or openai/ with api_base for an OpenAI-compatible server")));
        }
        var keyRef = Imports.keyRef(p.path("api_key"), at + ".api_key", problems);
        var endpoint = new Endpoint(null, kind, baseUrlOf(kind, apiBase), keyRef,
                kind == ProviderKind.AZURE_OPENAI ? id : null, Imports.text(p, "api_version"));
        var stops = new ArrayList<String>();
        if (p.path("stop").isTextual()) {
            stops.add(p.path("stop").asText());
        }
        p.path("stop").forEach(node -> stops.add(node.asText()));
        var params = new Params(Imports.integer(p, "max_tokens", at + ".max_tokens", problems),
                Imports.number(p, "temperature"), Imports.number(p, "top_p"), stops,
                p.path("seed").canConvertToLong() ? p.path("seed").asLong() : null, null);
        if (p.has("max_retries")) {
            warnings.add(at + ".max_retries (the provider client's own retries) is not carried; router_settings.num_retries is");
        }
        return new Deployment("model_list[" + index + "]", Imports.text(entry, "model_name"),
                Imports.text(entry.path("model_info"), "id"), endpoint, id, params,
                millis(p, "timeout", at + ".timeout", problems), millis(p, "stream_timeout", at + ".stream_timeout", problems),
                new Levers.RateLimit(Imports.integer(p, "rpm", at + ".rpm", problems),
                        Imports.integer(p, "tpm", at + ".tpm", problems)), Imports.number(p, "weight"),
                breakpointsOf(p.path("cache_control_injection_points"), at, warnings));
    }

    /** The Redis of a cache_params: its address must be written out; the password is read as a reference. */
    private static Levers.Redis redisOf(JsonNode params, List<Problem> problems) {
        var at = "litellm_settings.cache_params.";
        var host = Imports.text(params, "host");
        if (host == null || host.startsWith("os.environ/")) {
            problems.add(Problem.at(at + "host", host == null ? "is required: the profile's cache needs the Redis address "
                    + "(LiteLLM can take it from REDIS_HOST; write it here to import)" : "'" + host + "' is read from the "
                    + "environment by LiteLLM; write the address itself to import it"));
            return null;
        }
        var port = params.has("port") ? Imports.integer(params, "port", at + "port", problems) : Integer.valueOf(6379);
        var scheme = params.path("ssl").asBoolean(false) ? "rediss" : "redis";
        return new Levers.Redis(scheme + "://" + host + ":" + (port == null ? 6379 : port),
                Imports.keyRef(params.path("password"), at + "password", problems));
    }

    /** The kind behind a model prefix; {@code openai/} with an address is the server at that address. */
    private static ProviderKind kindOf(String prefix, String apiBase) {
        if (prefix.equals("openai")) {
            return apiBase == null ? ProviderKind.OPENAI : Imports.kindAt(apiBase);
        }
        return PREFIXES.get(prefix);
    }

    private static final java.util.Map<String, ProviderKind> PREFIXES = new java.util.TreeMap<>(java.util.Map.of(
            "anthropic", ProviderKind.ANTHROPIC, "azure", ProviderKind.AZURE_OPENAI, "ollama", ProviderKind.OLLAMA,
            "ollama_chat", ProviderKind.OLLAMA, "hosted_vllm", ProviderKind.VLLM, "openrouter", ProviderKind.OPENROUTER,
            "groq", ProviderKind.GROQ, "together_ai", ProviderKind.TOGETHER, "deepseek", ProviderKind.DEEPSEEK,
            "gemini", ProviderKind.GEMINI));

    /** The engine's base URL for an api_base: Ollama's native address gains the /v1 of its OpenAI-style API. */
    private static String baseUrlOf(ProviderKind kind, String apiBase) {
        if (apiBase == null) {
            return null;
        }
        var trimmed = apiBase.replaceAll("/+$", "");
        return kind == ProviderKind.OLLAMA && !trimmed.endsWith("/v1") ? trimmed + "/v1" : trimmed;
    }

    /** LiteLLM's seconds as milliseconds, or null when the field is absent (never a 0 for a missing value). */
    static Integer millis(JsonNode node, String field, String path, List<Problem> problems) {
        var value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || value.asDouble() < 0) {
            problems.add(Problem.at(path, "must be a number of seconds, not " + value));
            return null;
        }
        return (int) Math.round(value.asDouble() * 1000);
    }

    static String write(ObjectNode root) {
        try {
            return Mappers.yaml().writeValueAsString(root);
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }
}
