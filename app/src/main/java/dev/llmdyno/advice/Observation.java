package dev.llmdyno.advice;

import dev.llmdyno.profile.Profile;

/**
 * What the advisor reads: one call's figures, or the medians of a variant's requests, with the profile that made
 * them. A figure that was not measured is null, and a rule that needs it stays silent.
 *
 * @param requests          how many requests the figures describe (1 for a call)
 * @param rateLimited       how many were refused with 429: a call if any attempt was, a request of an experiment
 *                          if its last was
 * @param cutAtMaxTokens    how many answers stopped at {@code max_tokens}
 * @param promptTrend       how TTFT moved with the prompt tokens the server had to prefill (those not read from its
 *                          prompt cache) across the requests; null for a call, or where they never varied
 */
public record Observation(Profile profile, int requests, Double queueMs, Double latencyMs, Double connectMs,
                          Double tlsMs, Boolean connectionReused, Double ttftMs, Double e2eMs, Double tpotMs,
                          Integer inputTokens, Integer cachedInputTokens, Integer outputTokens, int rateLimited,
                          int cutAtMaxTokens, Trend promptTrend) {
}
