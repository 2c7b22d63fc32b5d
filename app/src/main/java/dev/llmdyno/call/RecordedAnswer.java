package dev.llmdyno.call;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.timing.NanoClock;
import dev.llmdyno.tokens.PromptTokens;
import dev.llmdyno.tokens.Tokenizers;

import java.util.List;
import java.util.Map;

/**
 * An answer another load generator received and timed (a Locust worker running an exported plan), read as the
 * engine reads its own: the events that carry usage or an error go through the same provider adapter, the tokens
 * are counted and billed by the same rules ({@link MetricsBuilder.Billed}), and an HTTP failure gets the same error
 * type. The other tool times the call; what the answer means is decided here, once.
 */
public final class RecordedAnswer {

    private RecordedAnswer() {
    }

    /**
     * What came back, as the other tool kept it. {@code events} are the stream's events that carry usage or an
     * error, each as {@code [type, data]} (type null where the stream names none); {@code body} is a whole JSON body
     * (a non-streamed answer, or an error's body); {@code text}, {@code reasoning} and {@code toolCalls} are the
     * streamed output; {@code failureType} is the tool's own reading of a failure before or during the answer
     * (an error type id such as {@code connect} or {@code timeout_first_token}), null when there was none.
     */
    public record Received(int status, List<JsonNode> events, JsonNode body, String text, String reasoning,
                           String toolCalls, String failureType, String failureMessage) {
        public Received {
            events = events == null ? List.of() : List.copyOf(events);
            text = text == null ? "" : text;
            reasoning = reasoning == null ? "" : reasoning;
            toolCalls = toolCalls == null ? "" : toolCalls;
        }
    }

    /**
     * The answer read: the error when it failed (null when it did not), its visible text, whether it carried any
     * generated token and any visible content (what TTFT and TTFC wait for), its tokens and its price.
     */
    public record Reading(CallError error, String text, boolean tokens, boolean content, Integer inputTokens,
                          Integer cachedInputTokens, Integer cacheWriteTokens, Integer outputTokens, Double costUsd) {
    }

    /**
     * Reads {@code received}, the answer to {@code profile}'s request with {@code variables} filled in. A failure
     * type that is not one of {@link CallError.Type}'s ids is refused, so a script of another version cannot pass an
     * error off under a name nothing reads.
     */
    public static Reading read(Profile profile, Map<String, String> variables, Catalog catalog, Received received) {
        var adapter = ProviderAdapter.of(profile.endpoint(), profile.levers().context());
        var answer = new Answer(NanoClock.SYSTEM, CallListener.NONE, Long.MAX_VALUE);
        CallError error = null;
        if (received.failureType() != null) {
            error = CallError.of(type(received.failureType()), received.failureMessage());
        } else if (received.status() < 200 || received.status() >= 300) {
            error = CallError.forStatus(received.status(),
                    received.body() == null ? null : adapter.errorMessage(received.body()));
        }
        try {
            if (received.body() != null && error == null) {
                adapter.onBody(received.body(), answer);
            }
            for (var event : received.events()) {
                adapter.onEvent(event.path(0).isTextual() ? event.path(0).asText() : null, event.path(1), answer);
            }
        } catch (StreamErrorException e) {
            error = e.error();
        }
        if (received.body() == null) {
            answer.content(received.text());
            answer.reasoning(received.reasoning());
            answer.toolCall(received.toolCalls());
        }
        var tokenizer = Tokenizers.forModelOrFallback(catalog, profile.model());
        // The prompt is counted only where the server reported no input tokens: most lines carry them.
        int estimatedInput = answer.inputTokens != null ? 0
                : PromptTokens.count(tokenizer, profile.prompt().render(variables)).total();
        // As the engine bills: a 2xx answer is billed even when its stream was cut.
        boolean answered = received.status() >= 200 && received.status() < 300;
        var billed = MetricsBuilder.Billed.of(answer, answered, estimatedInput, tokenizer,
                catalog.find(profile.model()).orElse(null));
        return new Reading(error, answer.text.toString(), answer.hasTokens(), answer.firstContentAt != 0,
                billed.input(), billed.cached(), billed.written(), billed.output(), billed.costUsd());
    }

    private static CallError.Type type(String id) {
        for (var type : CallError.Type.values()) {
            if (type.id().equals(id)) {
                return type;
            }
        }
        throw new IllegalArgumentException("'" + id + "' is not an error type");
    }
}
