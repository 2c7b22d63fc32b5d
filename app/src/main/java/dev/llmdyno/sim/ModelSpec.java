package dev.llmdyno.sim;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * How one simulated model behaves.
 * <ul>
 *   <li>TTFT = {@code ttftMs} + prefill of the uncached prompt ({@code prefillMsPer1kTokens} per 1,000 tokens; cached
 *   tokens cost {@code cachedPrefillFactor} of that) + the wait for a free sequence slot; all times get lognormal
 *   {@code jitter}.</li>
 *   <li>Each output token takes {@code decodeMsPerToken}, with jitter; with probability {@code tailProbability} a
 *   token takes {@code tailFactor} times as long (the heavy tail real servers show). Tokens go out
 *   {@code tokensPerChunk} to a chunk.</li>
 *   <li>At most {@code maxConcurrent} sequences decode at once; later requests queue first-come first-served.
 *   Decoding slows as the batch fills: at a full batch each token takes {@code 1 + loadFactor} times as long.</li>
 *   <li>Answers are {@code minOutputTokens}..{@code maxOutputTokens} long unless max_tokens cuts them;
 *   {@code reasoningTokens} of reasoning come first (OpenAI route, as {@code reasoning_content}).</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "ttftMs", "prefillMsPer1kTokens", "cachedPrefillFactor", "decodeMsPerToken", "jitter",
        "tailProbability", "tailFactor", "tokensPerChunk", "maxConcurrent", "loadFactor", "minOutputTokens",
        "maxOutputTokens", "reasoningTokens"})
public record ModelSpec(String id, Double ttftMs, Double prefillMsPer1kTokens, Double cachedPrefillFactor,
                        Double decodeMsPerToken, Double jitter, Double tailProbability, Double tailFactor,
                        Integer tokensPerChunk, Integer maxConcurrent, Double loadFactor, Integer minOutputTokens,
                        Integer maxOutputTokens, Integer reasoningTokens) {

    public ModelSpec {
        ttftMs = ttftMs == null ? 200.0 : ttftMs;
        prefillMsPer1kTokens = prefillMsPer1kTokens == null ? 20.0 : prefillMsPer1kTokens;
        cachedPrefillFactor = cachedPrefillFactor == null ? 0.1 : cachedPrefillFactor;
        decodeMsPerToken = decodeMsPerToken == null ? 20.0 : decodeMsPerToken;
        jitter = jitter == null ? 0.15 : jitter;
        tailProbability = tailProbability == null ? 0.005 : tailProbability;
        tailFactor = tailFactor == null ? 8.0 : tailFactor;
        tokensPerChunk = tokensPerChunk == null ? 1 : tokensPerChunk;
        maxConcurrent = maxConcurrent == null ? 32 : maxConcurrent;
        loadFactor = loadFactor == null ? 1.0 : loadFactor;
        minOutputTokens = minOutputTokens == null ? 60 : minOutputTokens;
        maxOutputTokens = maxOutputTokens == null ? 300 : maxOutputTokens;
        reasoningTokens = reasoningTokens == null ? 0 : reasoningTokens;
    }

    public static ModelSpec named(String id) {
        return new ModelSpec(id, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The three models the simulator serves unless configured otherwise, one per tier (priced in the catalog). */
    public static java.util.List<ModelSpec> defaults() {
        return java.util.List.of(
                new ModelSpec("sim-fast", 120.0, 8.0, 0.1, 8.0, 0.15, 0.005, 6.0, 1, 64, 0.8, 40, 200, 0),
                new ModelSpec("sim-balanced", 250.0, 20.0, 0.1, 20.0, 0.15, 0.005, 8.0, 1, 32, 1.0, 60, 300, 0),
                new ModelSpec("sim-quality", 600.0, 45.0, 0.1, 45.0, 0.2, 0.01, 10.0, 1, 16, 1.5, 120, 500, 0));
    }

    public ModelSpec withDecodeMsPerToken(double value) {
        return new ModelSpec(id, ttftMs, prefillMsPer1kTokens, cachedPrefillFactor, value, jitter, tailProbability,
                tailFactor, tokensPerChunk, maxConcurrent, loadFactor, minOutputTokens, maxOutputTokens, reasoningTokens);
    }

    /** This model {@code slowdown} times slower in every phase, with {@code maxConcurrent} slots where given. */
    ModelSpec scaled(double slowdown, Integer maxConcurrent) {
        return new ModelSpec(id, ttftMs * slowdown, prefillMsPer1kTokens * slowdown, cachedPrefillFactor,
                decodeMsPerToken * slowdown, jitter, tailProbability, tailFactor, tokensPerChunk,
                maxConcurrent == null ? this.maxConcurrent : maxConcurrent, loadFactor, minOutputTokens,
                maxOutputTokens, reasoningTokens);
    }
}
