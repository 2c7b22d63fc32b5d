package dev.llmdyno.sim;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The configured {@link Network} as one response meets it: the delay before it begins, the jitter of each of its
 * events, and the time its bytes take at the configured bandwidth. Each response draws from a generator of its own,
 * seeded from the simulator's seed, so a run is repeatable.
 */
final class Link {

    /** Loopback as it is: no delay, no jitter, no bandwidth limit. */
    static final Link LOOPBACK = new Link(Network.LOOPBACK, 0);

    private final Network network;
    private final SplittableRandom random;

    Link(Network network, long seed) {
        this.network = network;
        this.random = new SplittableRandom(seed);
    }

    /** The round trip and its jitter, before the client sees anything of the response. */
    long responseDelayNanos() {
        return nanos(network.rttMs()) + jitterNanos();
    }

    /** Extra delay of one event, exponential with the configured mean. */
    long jitterNanos() {
        if (network.jitterMs() == 0) {
            return 0;
        }
        return (long) (-nanos(network.jitterMs()) * Math.log(1 - random.nextDouble()));
    }

    /** How long {@code bytes} take on the wire at the configured bandwidth. */
    long transmitNanos(long bytes) {
        var rate = network.bytesPerSecond();
        return rate == null ? 0 : bytes * TimeUnit.SECONDS.toNanos(1) / rate;
    }

    private static long nanos(double millis) {
        return (long) (millis * 1_000_000);
    }
}
