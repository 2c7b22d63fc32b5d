package dev.llmdyno.experiment;

import java.util.SplittableRandom;

/**
 * The gaps between an open-loop pace's planned starts: the rate's mean gap, or exponential gaps around it for a
 * Poisson pace. Seeded by the plan's seed and the pace's place in the run, so a run, its resumption and a load
 * script exported from the plan plan the same starts.
 */
public final class PlannedGaps {

    private final SplittableRandom random;
    private final boolean poisson;
    private final double meanGapNanos;

    public PlannedGaps(Arrival.Pace pace, long seed, int level) {
        this.random = new SplittableRandom(seed + 31L * (level + 1));
        this.poisson = pace.mode() == Arrival.Mode.POISSON;
        this.meanGapNanos = 1e9 / pace.level();
    }

    /** The gap after the current start to the next one, in nanoseconds. */
    public long nextNanos() {
        return (long) (poisson ? -Math.log(1 - random.nextDouble()) * meanGapNanos : meanGapNanos);
    }
}
