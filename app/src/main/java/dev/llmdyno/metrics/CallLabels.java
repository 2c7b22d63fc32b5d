package dev.llmdyno.metrics;

import dev.llmdyno.call.CallOptions;
import dev.llmdyno.call.CallResult;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProviderKind;

import java.util.List;

/**
 * The labels every client series carries, in the Prometheus form of the GenAI attributes where one exists: the
 * operation ({@code chat}), the provider, the model asked for, the experiment's variant and, once the call has
 * ended, the target that answered it. Values are names from the profile, never its prompt or its key.
 */
final class CallLabels {

    static final List<String> STARTED = List.of("gen_ai_operation_name", "gen_ai_provider_name", "gen_ai_request_model",
            "variant");
    static final List<String> ENDED = List.of("gen_ai_operation_name", "gen_ai_provider_name", "gen_ai_request_model",
            "variant", "target");

    /** What a call answered by the response cache names as its target. */
    static final String RESPONSE_CACHE = "response-cache";

    private CallLabels() {
    }

    static String[] started(Profile profile, CallOptions options) {
        return new String[]{"chat", provider(profile.endpoint().kind()), profile.model(), label(options)};
    }

    static String[] ended(Profile profile, CallOptions options, CallResult result) {
        String target;
        if (result.cached()) {
            target = RESPONSE_CACHE;
        } else {
            var attempts = result.attempts();
            var last = attempts.isEmpty() ? null : attempts.getLast().target();
            target = last == null ? "" : last;
        }
        return new String[]{"chat", provider(profile.endpoint().kind()), profile.model(), label(options), target};
    }

    /** {@code gen_ai.provider.name}: the conventions' well-known value where there is one, else the kind's id. */
    static String provider(ProviderKind kind) {
        return switch (kind) {
            case AZURE_OPENAI -> "azure.ai.openai";
            case GEMINI -> "gcp.gemini";
            case SIMULATOR -> "llm_dyno.simulator";
            default -> kind.id();
        };
    }

    private static String label(CallOptions options) {
        return options.label() == null ? "" : options.label();
    }
}
