package dev.llmdyno.export;

import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Profile;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The parts of a profile a target may be unable to express, and the warning for each one the profile uses. */
enum Unexpressed {
    PROMPT, RATE_LIMIT, CACHE, PROMPT_CACHE, CONTEXT_BUDGET, PRIORITY, CONNECTION, CONNECT_TIMEOUT, FIRST_TOKEN_TIMEOUT, IDLE_TIMEOUT,
    BACKOFF, STOP, SEED, TOP_P;

    /** Adds a warning for each part in {@code missing} that {@code profile} actually sets. */
    static void warn(Profile profile, Set<Unexpressed> missing, String target, List<String> warnings) {
        var levers = profile.levers();
        var defaults = Levers.DEFAULTS;
        for (var part : missing) {
            var what = switch (part) {
                case PROMPT -> profile.prompt().messages().isEmpty() ? null
                        : "the prompt (system prompt and messages): send it from your application";
                case RATE_LIMIT -> levers.rateLimit().rpm() == null && levers.rateLimit().tpm() == null ? null
                        : "client rate limits (rpm " + levers.rateLimit().rpm() + ", tpm " + levers.rateLimit().tpm() + ")";
                case CACHE -> !levers.cache().enabled() ? null : "the response cache (ttl " + levers.cache().ttlSeconds() + " s)";
                case PROMPT_CACHE -> levers.promptCache().breakpoints().isEmpty() ? null
                        : "the prompt-cache breakpoints " + levers.promptCache().breakpoints()
                        + ": send cache_control from your application";
                case CONTEXT_BUDGET -> contextWarning(levers.context());
                case PRIORITY -> levers.priority().equals(Levers.Priority.NONE) ? null
                        : "the priority queueing of users' classes (policy " + levers.priority().policyOrDefault().id()
                        + "): order your own users' requests";
                case CONNECTION -> levers.connection().equals(defaults.connection()) ? null
                        : "connection settings (keep-alive " + levers.connection().keepAlive() + ", HTTP "
                        + levers.connection().httpVersion().id() + ")";
                case CONNECT_TIMEOUT -> levers.timeouts().connectMs().equals(defaults.timeouts().connectMs()) ? null
                        : "the connect timeout (" + levers.timeouts().connectMs() + " ms)";
                case FIRST_TOKEN_TIMEOUT -> levers.timeouts().firstTokenMs().equals(defaults.timeouts().firstTokenMs()) ? null
                        : "the first-token timeout (" + levers.timeouts().firstTokenMs() + " ms)";
                case IDLE_TIMEOUT -> levers.timeouts().idleMs().equals(defaults.timeouts().idleMs()) ? null
                        : "the idle timeout between chunks (" + levers.timeouts().idleMs() + " ms)";
                case BACKOFF -> levers.retry().baseDelayMs().equals(defaults.retry().baseDelayMs())
                        && levers.retry().maxDelayMs().equals(defaults.retry().maxDelayMs()) ? null
                        : "the retry backoff (" + levers.retry().baseDelayMs() + "–" + levers.retry().maxDelayMs() + " ms)";
                case STOP -> profile.params().stop().isEmpty() ? null : "stop sequences";
                case SEED -> profile.params().seed() == null ? null : "the seed";
                case TOP_P -> profile.params().topP() == null ? null : "top_p";
            };
            if (what != null) {
                warnings.add(target + " cannot express " + what);
            }
        }
    }

    /** What the profile's context settings ask of the application that sends the conversation; null: nothing. */
    private static String contextWarning(Levers.Context context) {
        var parts = new java.util.ArrayList<String>();
        if (context.maxInputTokens() != null) {
            parts.add("the context budget (" + context.maxInputTokens() + " tokens): trim old turns yourself");
        }
        var keep = context.keepTurnsOrDefault();
        switch (context.strategyOrDefault()) {
            case ALL -> { }
            case WINDOW -> parts.add("the context window of the last " + keep + " turns: send only those");
            case SUMMARISE -> parts.add("the context summary of turns older than the last " + keep
                    + ": summarise them yourself");
            case SELECTIVE -> parts.add("the selective context (the " + keep + " past turns most like the current "
                    + "one): choose them yourself");
            case SERVER -> parts.add("the conversation kept by the provider (the Responses API's previous_response_id): "
                    + "send it from your application");
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    static Set<Unexpressed> of(Unexpressed... parts) {
        return parts.length == 0 ? EnumSet.noneOf(Unexpressed.class) : EnumSet.of(parts[0], parts);
    }
}
