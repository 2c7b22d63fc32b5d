package dev.llmdyno.experiment;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gaps between a trace's starts as a replay sends them: each divided by {@code speed}, then cut to
 * {@code maxGapMs} where it is longer (null: never).
 */
final class TraceGaps {

    private final List<TraceRecord> trace;
    private final double speed;
    private final Double maxGapMs;

    TraceGaps(List<TraceRecord> trace, double speed, Double maxGapMs) {
        this.trace = trace;
        this.speed = speed;
        this.maxGapMs = maxGapMs;
    }

    /** The gap in nanoseconds between the start of record {@code index} and the next one's. */
    long afterNanos(int index) {
        if (index + 1 >= trace.size()) {
            return 0;
        }
        double gapMs = Math.max(0, trace.get(index + 1).startMs() - trace.get(index).startMs()) / speed;
        if (maxGapMs != null) {
            gapMs = Math.min(gapMs, maxGapMs);
        }
        return (long) (gapMs * TimeUnit.MILLISECONDS.toNanos(1));
    }
}
