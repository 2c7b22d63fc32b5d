package dev.llmdyno.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * Sampling parameters. A null {@code temperature}, {@code topP} or {@code seed} is not sent, leaving the
 * provider's default in force.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"maxTokens", "temperature", "topP", "stop", "seed", "stream"})
public record Params(Integer maxTokens, Double temperature, Double topP, List<String> stop, Long seed,
                     Boolean stream) {

    public static final int DEFAULT_MAX_TOKENS = 512;
    public static final Params DEFAULTS = new Params(null, null, null, null, null, null);

    public Params {
        maxTokens = maxTokens == null ? DEFAULT_MAX_TOKENS : maxTokens;
        stop = stop == null ? List.of() : List.copyOf(stop);
        stream = stream == null ? Boolean.TRUE : stream;
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @Override
    public List<String> stop() {
        return stop;
    }

    public boolean streaming() {
        return stream;
    }

    public Params withMaxTokens(int value) {
        return new Params(value, temperature, topP, stop, seed, stream);
    }

    public Params withTemperature(Double value) {
        return new Params(maxTokens, value, topP, stop, seed, stream);
    }

    public Params withTopP(Double value) {
        return new Params(maxTokens, temperature, value, stop, seed, stream);
    }

    public Params withStop(List<String> value) {
        return new Params(maxTokens, temperature, topP, value, seed, stream);
    }

    public Params withSeed(Long value) {
        return new Params(maxTokens, temperature, topP, stop, value, stream);
    }

    public Params withStream(boolean value) {
        return new Params(maxTokens, temperature, topP, stop, seed, value);
    }
}
