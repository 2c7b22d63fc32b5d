package dev.llmdyno.sim;

import java.util.PriorityQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Wakes sleeping streams in batches. Each stream's virtual thread parks until its next token is due; one platform
 * thread wakes every half millisecond and unparks all that have fallen due. Thousands of streams then cost one timer
 * wake-up per tick instead of one per token, which is what limits a small machine.
 */
final class Pacer implements AutoCloseable {

    private static final long TICK_NANOS = 500_000;

    private record Sleeper(long deadline, long order, Thread thread) {
    }

    private final PriorityQueue<Sleeper> sleepers = new PriorityQueue<>((a, b) -> a.deadline != b.deadline
            ? Long.compare(a.deadline, b.deadline) : Long.compare(a.order, b.order));
    private final Thread ticker;
    private long added;
    private volatile boolean running = true;

    Pacer() {
        ticker = Thread.ofPlatform().daemon().name("simulator-pacer").start(this::tick);
    }

    /** Parks the calling thread until {@code deadline} (a {@link System#nanoTime()} value) has passed. */
    void sleepUntil(long deadline) throws InterruptedException {
        if (deadline - System.nanoTime() <= 0) {
            return;
        }
        synchronized (sleepers) {
            sleepers.add(new Sleeper(deadline, added++, Thread.currentThread()));
        }
        while (deadline - System.nanoTime() > 0) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private void tick() {
        while (running) {
            LockSupport.parkNanos(TICK_NANOS);
            long now = System.nanoTime();
            while (true) {
                Sleeper due;
                synchronized (sleepers) {
                    var first = sleepers.peek();
                    if (first == null || first.deadline() - now > 0) {
                        break;
                    }
                    due = sleepers.poll();
                }
                LockSupport.unpark(due.thread());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        ticker.interrupt();
    }
}
