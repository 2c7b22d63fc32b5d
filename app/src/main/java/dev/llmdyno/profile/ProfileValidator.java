package dev.llmdyno.profile;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Checks a profile's values against their rules. Every message names the path, the value and the rule, for
 * example {@code params.temperature: 3.5 is outside [0, 2]}.
 */
public final class ProfileValidator {

    private final ModelLimits limits;

    public ProfileValidator(ModelLimits limits) {
        this.limits = limits;
    }

    public ProfileValidator() {
        this(ModelLimits.UNKNOWN);
    }

    public List<Problem> validate(Profile profile) {
        var problems = new Problems();
        if (profile.schemaVersion() != Profile.SCHEMA_VERSION) {
            problems.add("schemaVersion", profile.schemaVersion() + " is not supported; this version reads "
                    + Profile.SCHEMA_VERSION);
        }
        checkEndpoint(profile.endpoint(), "endpoint", problems);
        if (profile.routing() != null) {
            checkRouting(profile.routing(), problems);
        }
        if (profile.model().isBlank()) {
            problems.add("model", "must not be empty");
        }
        checkParams(profile, problems);
        checkPrompt(profile.prompt(), problems);
        checkLevers(profile.levers(), problems);
        checkProviderContext(profile, problems);
        checkServerPriority(profile, problems);
        checkBreakpoints(profile.levers().promptCache(), profile.prompt(), problems);
        checkCacheUser(profile.levers().cache().user(), profile.prompt(), problems);
        return problems.list;
    }

    /** Targets named, once each, with a valid endpoint and a positive weight; fallback numbers in their ranges. */
    private static void checkRouting(Routing routing, Problems problems) {
        if (routing.targets().isEmpty()) {
            problems.add("routing.targets", "needs at least one target");
        }
        var names = new java.util.HashSet<String>();
        for (int i = 0; i < routing.targets().size(); i++) {
            var at = "routing.targets[" + i + "]";
            var target = routing.targets().get(i);
            if (target == null) {
                problems.add(at, "must not be null");
                continue;
            }
            if (isBlank(target.name())) {
                problems.add(at + ".name", "is required");
            } else if (!names.add(target.name())) {
                problems.add(at + ".name", "'" + target.name() + "' names another target too; names must be unique");
            }
            if (target.endpoint() == null) {
                problems.add(at + ".endpoint", "is required");
            } else {
                checkEndpoint(target.endpoint(), at + ".endpoint", problems);
            }
            if (target.model() != null && target.model().isBlank()) {
                problems.add(at + ".model", "must not be empty (leave it out to use the profile's model)");
            }
            if (target.weight() != null && !(target.weight() > 0)) {
                problems.add(at + ".weight", target.weight() + " must be more than 0");
            }
            if (target.group() != null && target.group().isBlank()) {
                problems.add(at + ".group", "must not be empty (leave it out to put the target in the unnamed group)");
            }
        }
        var fallback = routing.fallback();
        for (int i = 0; i < fallback.onStatus().size(); i++) {
            var status = fallback.onStatus().get(i);
            if (status == null || status < 400 || status > 599) {
                problems.add("routing.fallback.onStatus[" + i + "]", status + " is not an HTTP error status (400 to 599)");
            }
        }
        if (fallback.allowedFails() < 1) {
            problems.add("routing.fallback.allowedFails", fallback.allowedFails() + " must be at least 1");
        }
        if (fallback.cooldownSeconds() < 0) {
            problems.add("routing.fallback.cooldownSeconds", fallback.cooldownSeconds() + " must not be negative");
        }
    }

    /** Key prefixes and where the shared cache is: nothing that could put a secret into a URL or a key. */
    private static void checkCache(Levers.Cache cache, Problems problems) {
        if (!cache.namespace().matches("[A-Za-z0-9._-]{1,64}")) {
            problems.add("levers.cache.namespace", "'" + cache.namespace() + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        var redis = cache.redis();
        if (redis == null) {
            return;
        }
        if (redis.url() == null || !redis.url().matches("rediss?://[^/@\\s]+(:\\d+)?(/\\d+)?/?")) {
            // A URL with credentials in it is not repeated: the message would carry the password.
            var shown = redis.url() == null ? "null" : redis.url().contains("@") ? "the URL" : "'" + redis.url() + "'";
            problems.add("levers.cache.redis.url", shown + " is not redis://host:port/db or rediss://...; "
                    + "give the password as passwordRef, not in the URL");
        }
        if (redis.passwordRef() != null && SecretRef.parse(redis.passwordRef()).isEmpty()) {
            problems.add("levers.cache.redis.passwordRef", "must be a reference (env:NAME or keyring:NAME), not the password");
        }
    }

    private static void checkEndpoint(Endpoint endpoint, String at, Problems problems) {
        var baseUrl = endpoint.baseUrl();
        if (baseUrl != null && !baseUrl.isBlank() && !isHttpUrl(baseUrl)) {
            problems.add(at + ".baseUrl", "'" + baseUrl + "' is not an http:// or https:// URL");
        }
        if (endpoint.effectiveBaseUrl().isEmpty() && endpoint.kind() != ProviderKind.SIMULATOR) {
            problems.add(at + ".baseUrl", "is required for provider kind " + endpoint.kind().id());
        }
        if (endpoint.kind() == ProviderKind.AZURE_OPENAI) {
            if (isBlank(endpoint.deployment())) {
                problems.add(at + ".deployment", "is required for azure-openai");
            }
            if (isBlank(endpoint.apiVersion())) {
                problems.add(at + ".apiVersion", "is required for azure-openai (for example 2024-10-21)");
            }
        }
        var ref = endpoint.apiKeyRef();
        if (ref != null && SecretRef.parse(ref).isEmpty()) {
            problems.add(at + ".apiKeyRef", SecretRef.looksLikeSecretValue(ref)
                    ? "looks like a key itself; profiles hold only a reference such as env:OPENAI_API_KEY"
                    : "'" + ref + "' is not a secret reference; write env:NAME or keyring:NAME");
        }
    }

    private void checkParams(Profile profile, Problems problems) {
        var params = profile.params();
        var maxOutput = limits.maxOutputTokens(profile.model());
        if (params.maxTokens() < 1) {
            problems.add("params.maxTokens", params.maxTokens() + " must be at least 1");
        } else if (maxOutput.isPresent() && params.maxTokens() > maxOutput.getAsInt()) {
            problems.add("params.maxTokens", params.maxTokens() + " is more than " + profile.model()
                    + " can produce (" + maxOutput.getAsInt() + ")");
        }
        problems.range("params.temperature", params.temperature(), 0, 2);
        problems.range("params.topP", params.topP(), 0, 1);
        if (params.stop().size() > 4) {
            problems.add("params.stop", params.stop().size() + " sequences; at most 4 are allowed");
        }
        for (int i = 0; i < params.stop().size(); i++) {
            if (params.stop().get(i) == null || params.stop().get(i).isEmpty()) {
                problems.add("params.stop[" + i + "]", "must not be empty");
            }
        }
    }

    private static void checkPrompt(Prompt prompt, Problems problems) {
        if (prompt.messages().isEmpty()) {
            problems.add("prompt.messages", "needs at least one message");
        }
        var used = new LinkedHashSet<>(Template.variables(prompt.system()));
        for (int i = 0; i < prompt.messages().size(); i++) {
            var message = prompt.messages().get(i);
            used.addAll(Template.variables(message.content()));
        }
        for (var name : used) {
            if (prompt.variables().get(name) == null) {
                problems.add("prompt.variables", "variable {{" + name + "}} is used but has no value");
            }
        }
    }

    private static void checkLevers(Levers levers, Problems problems) {
        var timeouts = levers.timeouts();
        problems.positive("levers.timeouts.connectMs", timeouts.connectMs());
        problems.positive("levers.timeouts.firstTokenMs", timeouts.firstTokenMs());
        problems.positive("levers.timeouts.idleMs", timeouts.idleMs());
        problems.positive("levers.timeouts.totalMs", timeouts.totalMs());
        var retry = levers.retry();
        problems.range("levers.retry.maxRetries", retry.maxRetries().doubleValue(), 0, 10);
        problems.positive("levers.retry.baseDelayMs", retry.baseDelayMs());
        problems.positive("levers.retry.retryAfterCapMs", retry.retryAfterCapMs());
        if (retry.maxDelayMs() < retry.baseDelayMs()) {
            problems.add("levers.retry.maxDelayMs", retry.maxDelayMs() + " is less than baseDelayMs ("
                    + retry.baseDelayMs() + ")");
        }
        problems.positive("levers.rateLimit.rpm", levers.rateLimit().rpm());
        problems.positive("levers.rateLimit.tpm", levers.rateLimit().tpm());
        problems.positive("levers.cache.ttlSeconds", levers.cache().ttlSeconds());
        problems.positive("levers.cache.maxEntries", levers.cache().maxEntries());
        problems.positive("levers.cache.maxEntryBytes", levers.cache().maxEntryBytes());
        checkCache(levers.cache(), problems);
        checkContext(levers.context(), problems);
        checkPriority(levers.priority(), problems);
        problems.range("levers.connection.maxLineBytes", levers.connection().maxLineBytes().doubleValue(), 1024,
                Integer.MAX_VALUE);
        problems.range("levers.connection.maxAnswerBytes", levers.connection().maxAnswerBytes().doubleValue(), 1024,
                Integer.MAX_VALUE);
    }

    /** A user the cache keeps answers apart for: not blank, its variables filled like the prompt's. */
    private static void checkCacheUser(String user, Prompt prompt, Problems problems) {
        if (user == null) {
            return;
        }
        if (user.isBlank()) {
            problems.add("levers.cache.user", "must not be blank; leave it out to keep answers per API key only");
        }
        for (var name : Template.variables(user)) {
            if (prompt.variables().get(name) == null) {
                problems.add("levers.cache.user", "variable {{" + name + "}} is used but has no value");
            }
        }
    }

    private static void checkBreakpoints(Levers.PromptCache promptCache, Prompt prompt, Problems problems) {
        var breakpoints = promptCache.breakpoints();
        if (breakpoints.size() > Levers.PromptCache.MAX_BREAKPOINTS) {
            problems.add("levers.promptCache.breakpoints", breakpoints.size() + " breakpoints; Anthropic allows at most "
                    + Levers.PromptCache.MAX_BREAKPOINTS);
        }
        int messages = prompt.messages().size();
        for (int i = 0; i < breakpoints.size(); i++) {
            var path = "levers.promptCache.breakpoints[" + i + "]";
            var breakpoint = breakpoints.get(i);
            if (breakpoint.equals(Levers.PromptCache.SYSTEM)) {
                if (prompt.system().isEmpty()) {
                    problems.add(path, "'system' marks the system prompt, and the prompt has none");
                }
            } else if (breakpoint.equals(Levers.PromptCache.LAST)) {
                if (messages == 0) {
                    problems.add(path, "'last' marks the last message, and the prompt has none");
                }
            } else if (!breakpoint.matches("\\d{1,4}")) {
                problems.add(path, "'" + breakpoint + "' is not system, last or a message number (0 is the first)");
            } else if (Integer.parseInt(breakpoint) >= messages) {
                problems.add(path, "message " + breakpoint + " does not exist: the prompt has " + messages
                        + (messages == 1 ? " message (0)" : " messages (0 to " + (messages - 1) + ")"));
            }
        }
    }

    /** An absolute http or https address with a host. */
    public static boolean isHttpUrl(String text) {
        try {
            var uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    /**
     * The provider carries the conversation through OpenAI's Responses API, which endpoints of the chat-completions
     * kind have (Azure's lives elsewhere and Anthropic has none).
     */
    private static void checkProviderContext(Profile profile, Problems problems) {
        if (profile.levers().context().strategyOrDefault() != Levers.ContextStrategy.SERVER) {
            return;
        }
        var kind = profile.endpoint().kind();
        if (kind.protocol() != ProviderKind.WireProtocol.OPENAI_CHAT || kind == ProviderKind.AZURE_OPENAI) {
            problems.add("levers.context.strategy", "server needs OpenAI's Responses API, which endpoint kind "
                    + kind.id() + " does not have; use openai, openai-compatible or the simulator");
        }
        if (profile.levers().cache().enabled()) {
            problems.add("levers.context.strategy", "server chains each turn to the provider's last response, "
                    + "which an answer from the response cache does not have: turn levers.cache off");
        }
    }

    /** A positive budget and turn count; the turn count and summary model only where the strategy uses them. */
    private static void checkContext(Levers.Context context, Problems problems) {
        problems.positive("levers.context.maxInputTokens", context.maxInputTokens());
        problems.positive("levers.context.keepTurns", context.keepTurns());
        var strategy = context.strategyOrDefault();
        if (context.keepTurns() != null && (strategy == Levers.ContextStrategy.ALL
                || strategy == Levers.ContextStrategy.SERVER)) {
            problems.add("levers.context.keepTurns", "is only used with strategy window, summarise or selective");
        }
        if (context.summaryModel() != null && strategy != Levers.ContextStrategy.SUMMARISE) {
            problems.add("levers.context.summaryModel", "is only used with strategy summarise");
        } else if (context.summaryModel() != null && context.summaryModel().isBlank()) {
            problems.add("levers.context.summaryModel", "must not be empty; leave it out to summarise with the "
                    + "profile's own model");
        }
    }

    /** A request's priority travels as vLLM's {@code priority} field, which other providers refuse or ignore. */
    private static void checkServerPriority(Profile profile, Problems problems) {
        var kind = profile.endpoint().kind();
        if (profile.levers().priority().sendsToServer() && kind != ProviderKind.SIMULATOR && kind != ProviderKind.VLLM
                && kind != ProviderKind.OPENAI_COMPATIBLE) {
            problems.add("levers.priority.server", "sends vLLM's priority field, which endpoint kind " + kind.id()
                    + " does not take; use vllm, openai-compatible or the simulator");
        }
    }

    private static void checkPriority(Levers.Priority priority, Problems problems) {
        problems.positive("levers.priority.requestsPerMinute", priority.requestsPerMinute());
        problems.positive("levers.priority.maxInFlight", priority.maxInFlight());
        problems.range("levers.priority.floor", priority.floor(), 0, 0.5);
        if (priority.floor() != null && priority.policyOrDefault() != Levers.PriorityPolicy.STRICT) {
            problems.add("levers.priority.floor", "is only used with policy strict");
        }
        if (priority.policy() != null && priority.policy() != Levers.PriorityPolicy.FIRST_COME && !priority.gates()) {
            problems.add("levers.priority.policy", priority.policy().id() + " orders requests that wait for the "
                    + "client's capacity: set requestsPerMinute or maxInFlight too");
        }
    }

    /** Collects problems; the helpers write the standard sentences. */
    private static final class Problems {
        final List<Problem> list = new ArrayList<>();

        void add(String path, String message) {
            list.add(Problem.at(path, message));
        }

        void range(String path, Double value, double min, double max) {
            if (value != null && (value < min || value > max || value.isNaN())) {
                add(path, Numbers.format(value) + " is outside [" + Numbers.format(min) + ", "
                        + Numbers.format(max) + "]");
            }
        }

        void positive(String path, Integer value) {
            if (value != null && value < 1) {
                add(path, value + " must be at least 1");
            }
        }
    }
}
