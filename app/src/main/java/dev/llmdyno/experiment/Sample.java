package dev.llmdyno.experiment;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.llmdyno.call.CallResult;

/**
 * One request of an experiment as it is kept: where it sat in the schedule, when it was planned and ended
 * (milliseconds from the start of the run), how it ended and its metrics. {@code trial} is the schedule index, which
 * is what a resumed run uses to know what is left. {@code target} is where its last attempt went (null when none was
 * sent, or for samples recorded before targets were). {@code cacheWriteTokens} is the prompt the provider wrote
 * to its prompt cache (null in samples recorded before it was kept). {@code failedChecks} lists the indices of the
 * plan's quality checks the answer failed, comma-separated ("" when it passed them all; null when it was not
 * checked: no checks, or no answer). In a conversation run, {@code turn} is the turn's number in its session (from 0;
 * null outside conversations, the session being the {@code row} and {@code repetition}) and {@code summary} marks the
 * call that summarised older turns before it: priced and timed apart, never one of the variant's measured turns.
 */
@JsonPropertyOrder({"trial", "variant", "level", "row", "repetition", "warmup", "plannedMs", "endedMs", "ok",
        "error", "status", "attempts", "cached", "queueMs", "ttftMs", "ttfcMs", "tpotMs", "e2eMs", "latencyMs",
        "inputTokens", "cachedInputTokens", "cacheWriteTokens", "outputTokens", "costUsd", "target", "failedChecks", "turn",
        "summary"})
public record Sample(int trial, int variant, int level, int row, int repetition, boolean warmup, double plannedMs,
                     double endedMs, boolean ok, String error, int status, int attempts, boolean cached,
                     Double queueMs, Double ttftMs, Double ttfcMs, Double tpotMs, Double e2eMs, Double latencyMs,
                     Integer inputTokens, Integer cachedInputTokens, Integer cacheWriteTokens, Integer outputTokens, Double costUsd,
                     String target, String failedChecks, Integer turn, boolean summary) {

    /** A sample outside conversations. */
    public Sample(int trial, int variant, int level, int row, int repetition, boolean warmup, double plannedMs,
                  double endedMs, boolean ok, String error, int status, int attempts, boolean cached,
                  Double queueMs, Double ttftMs, Double ttfcMs, Double tpotMs, Double e2eMs, Double latencyMs,
                  Integer inputTokens, Integer cachedInputTokens, Integer cacheWriteTokens, Integer outputTokens,
                  Double costUsd, String target, String failedChecks) {
        this(trial, variant, level, row, repetition, warmup, plannedMs, endedMs, ok, error, status, attempts, cached,
                queueMs, ttftMs, ttfcMs, tpotMs, e2eMs, latencyMs, inputTokens, cachedInputTokens, cacheWriteTokens,
                outputTokens, costUsd, target, failedChecks, null, false);
    }

    /** Whether it is one of its variant's measured requests: neither a warm-up nor a summary call. */
    public boolean measured() {
        return !warmup && !summary;
    }

    static Sample of(Trial trial, double plannedMs, double endedMs, CallResult result, String failedChecks) {
        var m = result.metrics();
        int status = result.attempts().isEmpty() ? 200 : result.attempts().getLast().status();
        return new Sample(trial.index(), trial.variant(), trial.level(), trial.row(), trial.repetition(),
                trial.warmup(), plannedMs, endedMs, result.ok(), result.ok() ? null : result.error().type().id(),
                status, result.attempts().size(), result.cached(), m.queueMs(), m.ttftMs(), m.ttfcMs(), m.tpotMs(),
                m.e2eMs(), m.latencyMs(), m.inputTokens(), m.cachedInputTokens(), m.cacheWriteTokens(), m.outputTokens(), m.costUsd(),
                result.attempts().isEmpty() ? null : result.attempts().getLast().target(), failedChecks,
                trial.turnOrNull(), trial.summary());
    }

    /** Whether the answer passed check {@code index} of the plan; null when it was not checked. */
    public Boolean passed(int index) {
        if (failedChecks == null) {
            return null;
        }
        return failedChecks.isEmpty() || java.util.Arrays.stream(failedChecks.split(","))
                .noneMatch(failed -> Integer.parseInt(failed) == index);
    }

    /** The same request filed under another variant: a search keeps each candidate's requests from every round. */
    public Sample withVariant(int value) {
        return new Sample(trial, value, level, row, repetition, warmup, plannedMs, endedMs, ok, error, status, attempts,
                cached, queueMs, ttftMs, ttfcMs, tpotMs, e2eMs, latencyMs, inputTokens, cachedInputTokens,
                cacheWriteTokens, outputTokens, costUsd, target, failedChecks, turn, summary);
    }

    /** A request that produced no result at all (the engine failed), kept so it counts as an error. */
    static Sample failed(Trial trial, double plannedMs, double endedMs, String error) {
        return new Sample(trial.index(), trial.variant(), trial.level(), trial.row(), trial.repetition(),
                trial.warmup(), plannedMs, endedMs, false, error, 0, 0, false, null, null, null, null, null, null,
                null, null, null, null, null, null, null, trial.turnOrNull(), trial.summary());
    }
}
