package dev.llmdyno.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.llmdyno.profile.Message;

import java.util.List;

/**
 * One recorded call of a trace to replay (docs/replay.md): when it started (milliseconds since the epoch), how many
 * tokens went in and came out, and where the trace kept it, the prompt itself (null: a prompt of the recorded length
 * is made up).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"startMs", "inputTokens", "outputTokens", "system", "messages"})
public record TraceRecord(double startMs, Integer inputTokens, Integer outputTokens, String system,
                          List<Message> messages) {

    public TraceRecord {
        messages = messages == null || messages.isEmpty() ? null : List.copyOf(messages);
    }

    public boolean hasPrompt() {
        return messages != null;
    }
}
