package dev.llmdyno.sim;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A fault the simulator injects, either at random ({@code probability} per request) or on a schedule (a
 * {@code burst} of consecutive requests, default 1, out of {@code every} N). {@code afterChunks} places stream
 * faults; {@code durationMs} is the length of a stall or of slow headers. {@code model} limits it to one model.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FaultSpec(Type type, Double probability, Integer every, Integer burst, Integer afterChunks,
                        Integer durationMs, String model) {

    public enum Type {
        HTTP_500, HTTP_503, RATE_LIMIT, STREAM_CUT, STALL, MALFORMED_CHUNK, SLOW_HEADERS;

        @JsonValue
        public String id() {
            return name().toLowerCase();
        }

        @JsonCreator
        public static Type fromId(String id) {
            for (var type : values()) {
                if (type.id().equalsIgnoreCase(id)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("'" + id + "' is not a fault type; use one of "
                    + java.util.Arrays.stream(values()).map(Type::id).toList());
        }
    }

    public FaultSpec {
        burst = burst == null ? 1 : burst;
        afterChunks = afterChunks == null ? 5 : afterChunks;
        durationMs = durationMs == null ? 2_000 : durationMs;
    }

    public static FaultSpec always(Type type) {
        return new FaultSpec(type, 1.0, null, null, null, null, null);
    }

    /** Whether this fault hits request number {@code index} (counting from 1), given a uniform roll in [0, 1). */
    boolean hits(long index, String requestModel, double roll) {
        if (model != null && !model.equals(requestModel)) {
            return false;
        }
        if (every != null) {
            return (index - 1) % every < burst;
        }
        return probability != null && roll < probability;
    }
}
