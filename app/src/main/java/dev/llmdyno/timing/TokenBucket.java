package dev.llmdyno.timing;

/**
 * A token bucket: holds up to {@code capacity} permits and refills at {@code capacity / period}. Used for
 * requests-per-minute and tokens-per-minute limits, on the client (waiting) and in the simulator (refusing).
 */
public final class TokenBucket {

    private final NanoClock clock;
    private final double capacity;
    private final double permitsPerNano;
    private double available;
    private long updatedAt;

    public TokenBucket(double capacity, long periodNanos, NanoClock clock) {
        if (capacity <= 0 || periodNanos <= 0) {
            throw new IllegalArgumentException("a token bucket needs a positive capacity and period");
        }
        this.clock = clock;
        this.capacity = capacity;
        this.permitsPerNano = capacity / periodNanos;
        this.available = capacity;
        this.updatedAt = clock.nanoTime();
    }

    /** A bucket for a per-minute limit. */
    public static TokenBucket perMinute(int limit, NanoClock clock) {
        return new TokenBucket(limit, 60_000_000_000L, clock);
    }

    /**
     * Takes {@code permits} if they are there and returns 0; otherwise takes nothing and returns how many
     * nanoseconds until they will be. A request larger than the capacity waits for a full bucket.
     */
    public synchronized long tryAcquire(double permits) {
        refill();
        double wanted = Math.min(permits, capacity);
        if (available >= wanted) {
            available -= wanted;
            return 0;
        }
        return (long) Math.ceil((wanted - available) / permitsPerNano);
    }

    /**
     * Takes {@code permits} now, going into debt if needed, and returns how long the caller must wait before
     * using them. Reserving in order keeps waiting callers first-come, first-served.
     */
    public synchronized long reserve(double permits) {
        refill();
        available -= Math.min(permits, capacity);
        return available >= 0 ? 0 : (long) Math.ceil(-available / permitsPerNano);
    }

    /** Permits available now (whole or fractional). */
    public synchronized double available() {
        refill();
        return available;
    }

    public double capacity() {
        return capacity;
    }

    /** Nanoseconds until the bucket is full again. */
    public synchronized long nanosUntilFull() {
        refill();
        return (long) Math.ceil((capacity - available) / permitsPerNano);
    }

    private void refill() {
        long now = clock.nanoTime();
        available = Math.min(capacity, available + (now - updatedAt) * permitsPerNano);
        updatedAt = now;
    }
}
