package dev.llmdyno.timing;

/**
 * A monotonic nanosecond clock. Measuring code takes one so tests can substitute a fake; durations are never
 * taken from the wall clock.
 */
@FunctionalInterface
public interface NanoClock {

    NanoClock SYSTEM = System::nanoTime;

    long nanoTime();

    static double toMillis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
