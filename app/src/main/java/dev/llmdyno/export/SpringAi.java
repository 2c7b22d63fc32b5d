package dev.llmdyno.export;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProviderKind;

import java.util.ArrayList;
import java.util.List;

/**
 * Spring AI's {@code application.yml}, for one of its two lines, which differ in where the address ends and who
 * retries. Checked in Spring AI itself: the keys against the {@code spring-configuration-metadata.json} of
 * spring-ai 2.0.1 on Boot 4.0.7 and 1.1.2 on Boot 3.5.7, and a call through each ({@code SpringAiExportTest}).
 * <ul>
 *   <li>2.x (the default, {@code spring-ai}) builds its models on the official OpenAI and Anthropic Java SDKs: the
 *   OpenAI base URL keeps its {@code /v1}, the SDK retries ({@code spring.ai.openai.max-retries}) and bounds each try
 *   ({@code spring.ai.openai.timeout}); {@code spring.ai.retry.*} is not used by those models.</li>
 *   <li>1.x ({@code spring-ai-1}) calls with Spring's RestClient and WebClient: the base URL stops before
 *   {@code /v1} (it adds {@code /v1/chat/completions}), {@code spring.ai.retry.*} retries, and Boot's
 *   {@code spring.http.client.*} and {@code spring.http.reactiveclient.*} (Boot 3.4 and later) hold the timeouts.</li>
 * </ul>
 */
final class SpringAi implements Exporter {

    enum Line { ONE, TWO }

    private final Line line;

    SpringAi(Line line) {
        this.line = line;
    }

    @Override
    public String id() {
        return line == Line.TWO ? "spring-ai" : "spring-ai-1";
    }

    @Override
    public String fileName(Profile profile) {
        return "application.yml";
    }

    @Override
    public Export export(Profile profile) {
        var warnings = new ArrayList<String>();
        var endpoint = profile.endpoint();
        var levers = profile.levers();
        var anthropic = endpoint.kind() == ProviderKind.ANTHROPIC;
        var root = JsonNodeFactory.instance.objectNode();
        var spring = root.putObject("spring");
        var ai = spring.putObject("ai");
        ai.putObject("model").put("chat", anthropic ? "anthropic" : "openai");
        var provider = ai.putObject(anthropic ? "anthropic" : "openai");
        if (endpoint.kind() == ProviderKind.AZURE_OPENAI) {
            warnings.add("Azure OpenAI has its own settings in Spring AI; this export uses the plain OpenAI ones");
        }
        var base = baseUrl(profile);
        if (base != null) {
            provider.put("base-url", base);
        }
        provider.put("api-key", Targets.needsKey(endpoint) ? "${" + Targets.keyVariable(endpoint, warnings) + "}" : "unused");
        int total = levers.timeouts().totalMs();
        int retries = levers.retry().maxRetries();
        if (line == Line.TWO) {
            provider.put("timeout", total + "ms");
            provider.put("max-retries", retries);
            warnings.add(Targets.perTryTimeout("Spring AI 2's timeout (the " + (anthropic ? "Anthropic" : "OpenAI")
                    + " Java SDK's)", total, retries, -1));
        }
        var options = provider.putObject("chat").putObject("options");
        options.put("model", profile.model());
        Targets.putSampling(options, profile.params(), endpoint.kind() == ProviderKind.OPENAI ? "max-completion-tokens" : "max-tokens",
                "top-p", anthropic ? "stop-sequences" : "stop", anthropic ? null : "seed");
        if (line == Line.ONE) {
            retry(ai.putObject("retry"), profile);
            var http = spring.putObject("http");
            for (var client : List.of("client", "reactiveclient")) {
                http.putObject(client).put("connect-timeout", levers.timeouts().connectMs() + "ms")
                        .put("read-timeout", total + "ms");
            }
            warnings.add("Boot's read-timeout bounds each read of each try, not the call; with " + retries
                    + " retries and the exported backoff a call may run past " + Targets.seconds(total) + " s");
        }
        if (anthropic) {
            Unexpressed.warn(profile, Unexpressed.of(Unexpressed.SEED), "Anthropic", warnings);
        }
        Unexpressed.warn(profile, Unexpressed.of(Unexpressed.PROMPT_CACHE, Unexpressed.PROMPT, Unexpressed.RATE_LIMIT, Unexpressed.CACHE,
                Unexpressed.CONTEXT_BUDGET, Unexpressed.PRIORITY, Unexpressed.CONNECTION, Unexpressed.FIRST_TOKEN_TIMEOUT,
                Unexpressed.IDLE_TIMEOUT), "Spring AI's properties", warnings);
        if (line == Line.TWO) {
            Unexpressed.warn(profile, Unexpressed.of(Unexpressed.CONNECT_TIMEOUT, Unexpressed.BACKOFF),
                    "Spring AI 2's properties", warnings);
        }
        return Export.commented(profile, LiteLlm.write(root), warnings);
    }

    /**
     * The base URL the line wants, or null where it is the provider's usual one. Spring AI 1 adds {@code /v1/...}
     * itself; Spring AI 2's OpenAI SDK adds only {@code /chat/completions}; both Anthropic clients add
     * {@code /v1/messages}.
     */
    private String baseUrl(Profile profile) {
        var endpoint = profile.endpoint();
        var base = Targets.baseUrl(endpoint).replaceAll("/+$", "");
        if (base.isEmpty() || base.equals(endpoint.kind() == ProviderKind.ANTHROPIC ? "https://api.anthropic.com"
                : "https://api.openai.com/v1")) {
            return null;
        }
        return line == Line.ONE && endpoint.kind() != ProviderKind.ANTHROPIC ? base.replaceAll("/v1$", "") : base;
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
