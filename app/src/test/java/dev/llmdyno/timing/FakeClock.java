package dev.llmdyno.timing;

/** A clock that moves only when told to. */
public final class FakeClock implements NanoClock {

    private long now = 1_000_000_000L;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    public synchronized void advanceMillis(double millis) {
        now += (long) (millis * 1_000_000);
    }
}
