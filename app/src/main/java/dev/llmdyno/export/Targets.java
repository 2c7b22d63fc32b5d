package dev.llmdyno.export;

import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProviderKind;
import dev.llmdyno.profile.SecretRef;

import java.util.List;
import java.util.Locale;

/** What every exporter needs to know about a profile's endpoint, in one place. */
final class Targets {

    /** The simulator's usual address when run with {@code dyno sim --port 8080}. */
    static final String SIMULATOR_URL = "http://127.0.0.1:8080/v1";

    private Targets() {
    }

    /** The environment variable holding the key: the profile's own, else the provider's usual one. */
    static String keyVariable(Endpoint endpoint, List<String> warnings) {
        var ref = SecretRef.parse(endpoint.apiKeyRef());
        if (ref.isPresent() && ref.get().scheme() == SecretRef.Scheme.ENV) {
            return ref.get().name();
        }
        var usual = switch (endpoint.kind()) {
            case ANTHROPIC -> "ANTHROPIC_API_KEY";
            case AZURE_OPENAI -> "AZURE_OPENAI_API_KEY";
            case OPENROUTER -> "OPENROUTER_API_KEY";
            case GROQ -> "GROQ_API_KEY";
            case TOGETHER -> "TOGETHER_API_KEY";
            case DEEPSEEK -> "DEEPSEEK_API_KEY";
            case GEMINI -> "GEMINI_API_KEY";
            default -> "OPENAI_API_KEY";
        };
        if (ref.isPresent()) {
            warnings.add("the key is in the keyring (" + ref.get() + "); the export reads it from $" + usual
                    + " instead, so put it there");
        }
        return usual;
    }

    /** Whether calls need a key at all. */
    static boolean needsKey(Endpoint endpoint) {
        return endpoint.apiKeyRef() != null;
    }

    /** The base URL to write: configured, the provider's usual, or the simulator's usual address. */
    static String baseUrl(Endpoint endpoint) {
        return endpoint.effectiveBaseUrl().orElse(endpoint.kind() == ProviderKind.SIMULATOR ? SIMULATOR_URL : "");
    }

    static String slug(Profile profile) {
        var name = profile.name() != null && !profile.name().isBlank() ? profile.name() : profile.model();
        var slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return slug.isEmpty() ? "profile" : slug;
    }

    /**
     * Puts the sampling parameters under the target's names: max_tokens (always), temperature, top_p, stop and
     * seed when the profile sets them; a null name leaves that parameter out.
     */
    static void putSampling(com.fasterxml.jackson.databind.node.ObjectNode node, dev.llmdyno.profile.Params params,
                            String maxTokens, String topP, String stop, String seed) {
        node.put(maxTokens, params.maxTokens());
        if (params.temperature() != null) {
            node.put("temperature", params.temperature());
        }
        if (params.topP() != null) {
            node.put(topP, params.topP());
        }
        if (!params.stop().isEmpty()) {
            var array = node.putArray(stop);
            params.stop().forEach(array::add);
        }
        if (params.seed() != null && seed != null) {
            node.put(seed, params.seed());
        }
    }

    /** Puts milliseconds as seconds, as tools that take seconds want them: 600000 ms is 600, 1500 ms is 1.5. */
    static void putSeconds(com.fasterxml.jackson.databind.node.ObjectNode node, String field, int millis) {
        if (millis % 1000 == 0) {
            node.put(field, millis / 1000);
        } else {
            node.put(field, millis / 1000.0);
        }
    }

    static String seconds(int millis) {
        return millis % 1000 == 0 ? String.valueOf(millis / 1000) : String.valueOf(millis / 1000.0);
    }

    /** Warns that {@code tool}'s cache does not keep answers apart per user, where the profile's does. */
    static void warnCacheUser(Levers.Cache cache, String tool, List<String> warnings) {
        if (cache.user() != null) {
            warnings.add("levers.cache.user (" + cache.user() + ") is not carried: " + tool + " does not keep cached "
                    + "answers apart per user");
        }
    }

    /**
     * The warning for a tool whose timeout bounds each try rather than the call: the worst case is every try
     * running to its timeout, plus the waits between them ({@code backoffMs}, or "its waits" when unknown, -1).
     */
    static String perTryTimeout(String timeout, int timeoutMs, int retries, long backoffMs) {
        int tries = retries + 1;
        var worst = (long) tries * timeoutMs + Math.max(0, backoffMs);
        var waits = backoffMs < 0 ? " plus its waits between tries" : backoffMs == 0 ? ""
                : " + " + seconds((int) backoffMs) + " s of backoff";
        return timeout + " bounds each try, not the call: with " + retries + (retries == 1 ? " retry" : " retries")
                + " the worst case is " + tries + " × " + seconds(timeoutMs) + " s" + waits + " = "
                + (backoffMs < 0 ? "over " : "") + seconds((int) Math.min(Integer.MAX_VALUE, worst))
                + " s, where the profile's totalMs bounds the whole call at " + seconds(timeoutMs) + " s";
    }

    /** The statuses the engine retries, for targets that list them. */
    static final List<Integer> RETRIED_STATUSES = List.of(408, 409, 429, 500, 502, 503, 504);
}
