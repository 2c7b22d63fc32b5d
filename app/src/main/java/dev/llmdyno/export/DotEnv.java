package dev.llmdyno.export;

import dev.llmdyno.profile.Numbers;
import dev.llmdyno.profile.Profile;

import java.util.ArrayList;

/**
 * A {@code .env} file with the tuned values under LLM_* names for an application to read. The key itself is
 * never written: {@code LLM_API_KEY_ENV} names the variable that holds it.
 */
final class DotEnv implements Exporter {

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
        line(lines, "LLM_PROVIDER", endpoint.kind().id());
        line(lines, "LLM_BASE_URL", Targets.baseUrl(endpoint));
        if (endpoint.deployment() != null) {
            line(lines, "LLM_AZURE_DEPLOYMENT", endpoint.deployment());
            line(lines, "LLM_AZURE_API_VERSION", endpoint.apiVersion());
        }
        if (Targets.needsKey(endpoint)) {
            line(lines, "LLM_API_KEY_ENV", Targets.keyVariable(endpoint, warnings));
        }
        line(lines, "LLM_MODEL", profile.model());
        line(lines, "LLM_MAX_TOKENS", String.valueOf(params.maxTokens()));
        line(lines, "LLM_TEMPERATURE", params.temperature() == null ? "" : Numbers.format(params.temperature()));
        line(lines, "LLM_TOP_P", params.topP() == null ? "" : Numbers.format(params.topP()));
        line(lines, "LLM_STOP", params.stop().isEmpty() ? "" : jsonArray(params.stop()));
        line(lines, "LLM_SEED", params.seed() == null ? "" : String.valueOf(params.seed()));
        line(lines, "LLM_STREAM", String.valueOf(params.streaming()));
        line(lines, "LLM_CONNECT_TIMEOUT_MS", String.valueOf(levers.timeouts().connectMs()));
        line(lines, "LLM_FIRST_TOKEN_TIMEOUT_MS", String.valueOf(levers.timeouts().firstTokenMs()));
        line(lines, "LLM_IDLE_TIMEOUT_MS", String.valueOf(levers.timeouts().idleMs()));
        line(lines, "LLM_TIMEOUT_MS", String.valueOf(levers.timeouts().totalMs()));
        line(lines, "LLM_MAX_RETRIES", String.valueOf(levers.retry().maxRetries()));
        line(lines, "LLM_RETRY_BASE_DELAY_MS", String.valueOf(levers.retry().baseDelayMs()));
        line(lines, "LLM_RETRY_MAX_DELAY_MS", String.valueOf(levers.retry().maxDelayMs()));
        line(lines, "LLM_RPM", levers.rateLimit().rpm() == null ? "" : String.valueOf(levers.rateLimit().rpm()));
        line(lines, "LLM_TPM", levers.rateLimit().tpm() == null ? "" : String.valueOf(levers.rateLimit().tpm()));
        line(lines, "LLM_CONTEXT_BUDGET", levers.context().maxInputTokens() == null ? "" : String.valueOf(levers.context().maxInputTokens()));
        Unexpressed.warn(profile, Unexpressed.of(Unexpressed.PROMPT, Unexpressed.CACHE, Unexpressed.CONNECTION),
                "A .env file", warnings);
        return new Export(Comments.block("#", profile, warnings) + lines, warnings);
    }

    private static String jsonArray(java.util.List<String> values) {
        var array = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array.toString();
    }

    /** KEY=value, quoted when the value has spaces, quotes or special characters. */
    private static void line(StringBuilder out, String key, String value) {
        boolean plain = value.matches("[A-Za-z0-9_./:@+,\\-]*");
        out.append(key).append('=').append(plain ? value : "'" + value.replace("'", "'\\''") + "'").append('\n');
    }
}
