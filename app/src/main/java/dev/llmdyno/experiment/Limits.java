package dev.llmdyno.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * When a run stops before its schedule ends: after a duration, a number of requests, before a request would take
 * the spend past a budget, or (aborting) when more than a fraction of requests fail. Null means no limit.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"maxDurationSeconds", "maxRequests", "maxCostUsd", "maxErrorRate"})
public record Limits(Double maxDurationSeconds, Integer maxRequests, Double maxCostUsd, Double maxErrorRate) {

    public static final Limits NONE = new Limits(null, null, null, null);

    /** The error rate is judged only once this many measured requests have ended, so one early failure is no abort. */
    public static final int ERROR_RATE_MIN_REQUESTS = 20;
}
