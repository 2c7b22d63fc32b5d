package dev.llmdyno.export;

import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProviderKind;

import java.util.List;

/** Pieces the SDK snippets share: string literals and where the OpenAI SDKs should point. */
final class Snippets {

    private Snippets() {
    }

    /** A double-quoted string literal valid in Python and JavaScript. */
    static String quote(String text) {
        var out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    /** The base URL for an OpenAI SDK; Anthropic is reached through its OpenAI-compatible endpoint. */
    static String openAiBaseUrl(Profile profile, List<String> warnings) {
        var endpoint = profile.endpoint();
        if (endpoint.kind() == ProviderKind.ANTHROPIC) {
            // Anthropic's OpenAI-compatible API lives under /v1 of the same host (the simulator's too).
            var base = Targets.baseUrl(endpoint).replaceAll("/+$", "") + "/v1";
            warnings.add("the OpenAI SDK reaches Anthropic through its OpenAI-compatible endpoint (" + base
                    + "); for Anthropic's own features use the Anthropic SDK");
            return base;
        }
        if (endpoint.kind() == ProviderKind.AZURE_OPENAI) {
            return Targets.baseUrl(endpoint).replaceAll("/+$", "") + "/openai/deployments/" + endpoint.deployment();
        }
        return Targets.baseUrl(endpoint);
    }

    /** max_completion_tokens for OpenAI's own models (the newer ones reject max_tokens), else max_tokens. */
    static String maxTokensName(Profile profile) {
        var kind = profile.endpoint().kind();
        return kind == ProviderKind.OPENAI || kind == ProviderKind.AZURE_OPENAI ? "max_completion_tokens" : "max_tokens";
    }

    /**
     * What both SDK snippets need: the warnings so far, the base URL, the variable holding the key (null when the
     * endpoint takes none) and the prompt with its variables filled.
     */
    record Inputs(List<String> warnings, String baseUrl, String keyVariable, dev.llmdyno.profile.Prompt prompt) {
    }

    static Inputs inputs(Profile profile, String sdk) {
        var warnings = new java.util.ArrayList<String>();
        warnVariables(profile, warnings);
        var base = openAiBaseUrl(profile, warnings);
        var endpoint = profile.endpoint();
        var key = Targets.needsKey(endpoint) || endpoint.kind() == ProviderKind.ANTHROPIC
                ? Targets.keyVariable(endpoint, warnings) : null;
        warnings.add(timeoutWarning(profile, sdk));
        Unexpressed.warn(profile, Unexpressed.of(Unexpressed.PROMPT_CACHE, Unexpressed.RATE_LIMIT, Unexpressed.CACHE, Unexpressed.CONTEXT_BUDGET, Unexpressed.PRIORITY,
                Unexpressed.CONNECTION, Unexpressed.FIRST_TOKEN_TIMEOUT, Unexpressed.IDLE_TIMEOUT, Unexpressed.BACKOFF),
                sdk, warnings);
        return new Inputs(warnings, base, key, profile.prompt().render());
    }

    /** The SDKs' fixed backoff: 0.5 s doubling to at most 8 s (less up to a quarter of jitter), per retry. */
    private static long sdkBackoffMs(int retries) {
        long total = 0;
        for (int retry = 0; retry < retries; retry++) {
            total += Math.min(8_000, 500L << Math.min(retry, 20));
        }
        return total;
    }

    /**
     * The OpenAI SDKs' timeout bounds each try (openai-node: each request; openai-python: httpx's connect, write
     * and each read), so the profile's totalMs becomes a per-try figure there.
     */
    private static String timeoutWarning(Profile profile, String sdk) {
        var levers = profile.levers();
        int retries = levers.retry().maxRetries();
        var warning = Targets.perTryTimeout(sdk + "'s timeout", levers.timeouts().totalMs(), retries, sdkBackoffMs(retries));
        return sdk.contains("Python") ? warning + "; in Python it bounds each read, so a stream that keeps sending "
                + "runs on past it" : warning;
    }

    /**
     * The base URL as the snippet writes it: the environment's OPENAI_BASE_URL first, so one variable moves the
     * snippet to another server, else the profile's address; null where the SDK's own default is the profile's.
     */
    static String baseUrlExpression(String base, String fromEnvironment) {
        if (base.isEmpty() || base.replaceAll("/+$", "").equals("https://api.openai.com/v1")) {
            return null;
        }
        return fromEnvironment + quote(base);
    }

    static void warnVariables(Profile profile, List<String> warnings) {
        if (!profile.prompt().variables().isEmpty()) {
            warnings.add("{{variables}} are filled with the profile's values " + profile.prompt().variables().keySet()
                    + "; replace them in your code");
        }
    }
}
