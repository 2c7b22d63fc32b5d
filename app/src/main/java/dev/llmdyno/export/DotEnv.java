package dev.llmdyno.export;

import dev.llmdyno.profile.Numbers;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProviderKind;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code .env} file under the names real consumers read: the OpenAI and Anthropic SDKs' own variables for the
 * address ({@code OPENAI_BASE_URL}, {@code ANTHROPIC_BASE_URL}, Azure's {@code AZURE_OPENAI_ENDPOINT} and
 * {@code OPENAI_API_VERSION}), so {@code new OpenAI()} with no arguments calls the tuned endpoint, and
 * {@code LLM_DYNO_*} for what no SDK has a variable for (model, sampling, timeouts, retries), for the application to
 * pass on. A key is never written: a comment names the variable that holds it, and no line would blank a key the
 * user already has.
 */
final class DotEnv implements Exporter {

    /** What an SDK needs where the endpoint takes no key: the SDKs refuse to start without one. */
    private static final String NO_KEY = "unused";

    @Override
    public String id() {
        return "env";
    }

    @Override
    public String fileName(Profile profile) {
        return ".env";
    }

    @Override
    public Export export(Profile profile) {
        var warnings = new ArrayList<String>();
        var endpoint = profile.endpoint();
        var params = profile.params();
        var levers = profile.levers();
        var lines = new StringBuilder();
        var base = Snippets.openAiBaseUrl(profile, new ArrayList<>());
        switch (endpoint.kind()) {
            case ANTHROPIC -> {
                line(lines, "ANTHROPIC_BASE_URL", Targets.baseUrl(endpoint));
                lines.append("# The OpenAI SDKs reach Anthropic through its OpenAI-compatible endpoint:\n");
                line(lines, "OPENAI_BASE_URL", base);
            }
            case AZURE_OPENAI -> {
                line(lines, "AZURE_OPENAI_ENDPOINT", Targets.baseUrl(endpoint));
                line(lines, "OPENAI_API_VERSION", endpoint.apiVersion());
                line(lines, "LLM_DYNO_AZURE_DEPLOYMENT", endpoint.deployment());
            }
            default -> line(lines, "OPENAI_BASE_URL", base);
        }
        key(lines, profile, warnings);
        lines.append("# What no SDK reads by itself: pass these to the call.\n");
        line(lines, "LLM_DYNO_PROVIDER", endpoint.kind().id());
        line(lines, "LLM_DYNO_MODEL", profile.model());
        line(lines, "LLM_DYNO_MAX_TOKENS", String.valueOf(params.maxTokens()));
        optional(lines, "LLM_DYNO_TEMPERATURE", params.temperature() == null ? null : Numbers.format(params.temperature()));
        optional(lines, "LLM_DYNO_TOP_P", params.topP() == null ? null : Numbers.format(params.topP()));
        optional(lines, "LLM_DYNO_STOP", params.stop().isEmpty() ? null : jsonArray(params.stop()));
        optional(lines, "LLM_DYNO_SEED", params.seed() == null ? null : String.valueOf(params.seed()));
        line(lines, "LLM_DYNO_STREAM", String.valueOf(params.streaming()));
        line(lines, "LLM_DYNO_CONNECT_TIMEOUT_MS", String.valueOf(levers.timeouts().connectMs()));
        line(lines, "LLM_DYNO_FIRST_TOKEN_TIMEOUT_MS", String.valueOf(levers.timeouts().firstTokenMs()));
        line(lines, "LLM_DYNO_IDLE_TIMEOUT_MS", String.valueOf(levers.timeouts().idleMs()));
        line(lines, "LLM_DYNO_TOTAL_TIMEOUT_MS", String.valueOf(levers.timeouts().totalMs()));
        line(lines, "LLM_DYNO_MAX_RETRIES", String.valueOf(levers.retry().maxRetries()));
        line(lines, "LLM_DYNO_RETRY_BASE_DELAY_MS", String.valueOf(levers.retry().baseDelayMs()));
        line(lines, "LLM_DYNO_RETRY_MAX_DELAY_MS", String.valueOf(levers.retry().maxDelayMs()));
        optional(lines, "LLM_DYNO_RPM", levers.rateLimit().rpm() == null ? null : String.valueOf(levers.rateLimit().rpm()));
        optional(lines, "LLM_DYNO_TPM", levers.rateLimit().tpm() == null ? null : String.valueOf(levers.rateLimit().tpm()));
        optional(lines, "LLM_DYNO_CONTEXT_BUDGET", levers.context().maxInputTokens() == null ? null
                : String.valueOf(levers.context().maxInputTokens()));
        Unexpressed.warn(profile, Unexpressed.of(Unexpressed.PROMPT_CACHE, Unexpressed.PROMPT, Unexpressed.CACHE, Unexpressed.CONNECTION, Unexpressed.PRIORITY),
                "A .env file", warnings);
        return new Export(Comments.block("#", profile, warnings) + lines, warnings);
    }

    /**
     * The key's variable named in a comment (its value stays where the user keeps it); for an endpoint that takes
     * none, a placeholder for the SDK, which a loader such as {@code node --env-file} or python-dotenv uses only
     * when the variable is not set already.
     */
    private static void key(StringBuilder lines, Profile profile, List<String> warnings) {
        var endpoint = profile.endpoint();
        if (!Targets.needsKey(endpoint)) {
            lines.append("# This endpoint takes no key; the OpenAI SDKs want one all the same:\n");
            line(lines, "OPENAI_API_KEY", NO_KEY);
            return;
        }
        var variable = Targets.keyVariable(endpoint, warnings);
        var sdkVariable = switch (endpoint.kind()) {
            case ANTHROPIC -> "ANTHROPIC_API_KEY";
            case AZURE_OPENAI -> "AZURE_OPENAI_API_KEY";
            default -> "OPENAI_API_KEY";
        };
        lines.append("# The key is not written here. Keep it in $").append(variable).append(" (export ")
                .append(variable).append("=...)");
        if (!variable.equals(sdkVariable)) {
            lines.append("; the SDK reads $").append(sdkVariable).append(", so set ").append(sdkVariable)
                    .append("=\"$").append(variable).append('"');
        }
        lines.append(".\n");
        if (endpoint.kind() == ProviderKind.ANTHROPIC) {
            lines.append("# The OpenAI SDKs read $OPENAI_API_KEY: set OPENAI_API_KEY=\"$").append(variable).append("\".\n");
        }
    }

    private static String jsonArray(List<String> values) {
        var array = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array.toString();
    }

    /** A line for a value the profile sets; an unset one stays out, rather than an empty value that means "". */
    private static void optional(StringBuilder out, String key, String value) {
        if (value != null) {
            line(out, key, value);
        }
    }

    /** KEY=value, single-quoted when the value has spaces, quotes or special characters. */
    private static void line(StringBuilder out, String key, String value) {
        boolean plain = value.matches("[A-Za-z0-9_./:@+,\\-]*");
        out.append(key).append('=').append(plain ? value : "'" + value.replace("'", "'\\''") + "'").append('\n');
    }
}
