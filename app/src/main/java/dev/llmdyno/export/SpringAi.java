package dev.llmdyno.export;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProviderKind;

import java.util.ArrayList;

/** Spring AI's {@code application.yml}: the OpenAI or Anthropic chat options and {@code spring.ai.retry}. */
final class SpringAi implements Exporter {

    @Override
    public String id() {
        return "spring-ai";
    }

    @Override
    public String fileName(Profile profile) {
        return "application.yml";
    }

    @Override
    public Export export(Profile profile) {
        var warnings = new ArrayList<String>();
        var endpoint = profile.endpoint();
        var params = profile.params();
        var levers = profile.levers();
        var anthropic = endpoint.kind() == ProviderKind.ANTHROPIC;
        var f = JsonNodeFactory.instance;
        var root = f.objectNode();
        var ai = root.putObject("spring").putObject("ai");
        var provider = ai.putObject(anthropic ? "anthropic" : "openai");
        // Spring AI adds the API path itself (/v1/chat/completions, /v1/messages), so its base URL stops before /v1.
        var base = Targets.baseUrl(endpoint).replaceAll("/+$", "").replaceAll("/v1$", "");
        if (endpoint.kind() == ProviderKind.AZURE_OPENAI) {
            warnings.add("Azure OpenAI has its own Spring AI starter (spring.ai.azure.openai); this export uses the OpenAI one");
        }
        if (!base.isEmpty() && !base.equals(anthropic ? "https://api.anthropic.com" : "https://api.openai.com")) {
            provider.put("base-url", base);
        }
        provider.put("api-key", "${" + (Targets.needsKey(endpoint) ? Targets.keyVariable(endpoint, warnings) : "LLM_API_KEY:unused") + "}");
        var options = provider.putObject("chat").putObject("options");
        options.put("model", profile.model());
        Targets.putSampling(options, params, endpoint.kind() == ProviderKind.OPENAI ? "max-completion-tokens" : "max-tokens",
                "top-p", anthropic ? "stop-sequences" : "stop", anthropic ? null : "seed");
        retry(ai.putObject("retry"), profile);
        if (anthropic) {
            Unexpressed.warn(profile, Unexpressed.of(Unexpressed.SEED), "Anthropic", warnings);
        }
        Unexpressed.warn(profile, Unexpressed.of(Unexpressed.PROMPT, Unexpressed.RATE_LIMIT, Unexpressed.CACHE,
                Unexpressed.CONTEXT_BUDGET, Unexpressed.CONNECTION, Unexpressed.FIRST_TOKEN_TIMEOUT,
                Unexpressed.IDLE_TIMEOUT), "Spring AI's properties", warnings);
        if (levers.timeouts().totalMs() != 600_000 || levers.timeouts().connectMs() != 10_000) {
            warnings.add("Spring AI takes timeouts from the HTTP client bean, not from properties: set connect "
                    + levers.timeouts().connectMs() + " ms and read " + levers.timeouts().totalMs() + " ms there");
        }
        return new Export(Comments.yaml(profile, warnings) + LiteLlm.write(root), warnings);
    }

    private static void retry(ObjectNode retry, Profile profile) {
        var r = profile.levers().retry();
        retry.put("max-attempts", r.maxRetries() + 1);
        var backoff = retry.putObject("backoff");
        backoff.put("initial-interval", r.baseDelayMs() + "ms");
        backoff.put("multiplier", 2);
        backoff.put("max-interval", r.maxDelayMs() + "ms");
        var codes = retry.putArray("on-http-codes");
        Targets.RETRIED_STATUSES.forEach(codes::add);
    }
}
