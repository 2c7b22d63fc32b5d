package dev.llmdyno.experiment;

import dev.llmdyno.timing.NanoClock;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed loop: {@code callers} platform threads, each sending its next unit itself when its last one has ended.
 * All are started first and set off together, so the first round is planned at one moment for all of them; how late
 * any request really went out shows as its preparation, not as queue.
 */
final class ClosedLoop {

    /** What a caller sends in one go: a request, or a session's turns. */
    interface Unit {
        /** Sends it, the first request planned at {@code plannedNanos}; false when the run refused one. */
        boolean send(long plannedNanos);
    }

    private ClosedLoop() {
    }

    /** Sends {@code units} on {@code callers} threads and returns when all have ended or a unit was refused. */
    static void run(List<Unit> units, int callers, NanoClock clock) {
        int count = Math.min(callers, units.size());
        // Caller c sends unit c first, so the first round is one unit per caller; then each takes the next.
        var next = new AtomicInteger(count);
        var go = new CountDownLatch(1);
        long[] setOff = new long[1];
        var threads = new ArrayList<Thread>();
        for (int c = 0; c < count; c++) {
            int first = c;
            threads.add(Thread.ofPlatform().daemon().name("experiment-caller-" + c).start(() -> {
                awaitQuietly(go);
                long planned = setOff[0];
                for (int i = first; i < units.size() && units.get(i).send(planned); i = next.getAndIncrement()) {
                    planned = clock.nanoTime();
                }
            }));
        }
        setOff[0] = clock.nanoTime();
        go.countDown();
        threads.forEach(ClosedLoop::joinQuietly);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
