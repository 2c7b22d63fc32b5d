package dev.llmdyno.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends every stream's pieces on schedule from a few platform threads ("lanes", one per processor). A lane wakes
 * when its next piece is due, at most every half millisecond, and sends all that has fallen due, so thousands of
 * streams cost one timer wake-up per tick and one socket write per piece, with no thread switch per token; that is what a small machine sending a
 * hundred thousand events a second cannot afford. A stream that has fallen behind catches up with its due pieces
 * back to back (a few at a time, so that one fast answer cannot hold up the rest of its lane).
 *
 * <p>Lanes fill in turn: a load of a few hundred streams runs on one thread and leaves the other processors to
 * whatever runs beside it (a desktop drawing its charts), and only a heavier load wakes the next lane. An idle
 * simulator (the desktop's, most of the time) costs nothing but a wake-up every half second.
 *
 * <p>The JDK's server writes with blocking sockets, so a client that stops reading would, once megabytes are
 * buffered, hold up its whole lane. The lanes watch each other: a write that has not returned after
 * {@link #SEND_TIMEOUT_NANOS} is interrupted, which closes that one connection, as a server's send timeout would.
 */
final class Pacer implements AutoCloseable {

    private static final long TICK_NANOS = 500_000;
    private static final int MAX_BURST = 16;
    /**
     * Streams a lane takes before the next lane is woken: at 50 tokens a second each, about a quarter of what one
     * thread sends on time on a 2-core machine, and room for the processors' other work.
     */
    private static final int LANE_SHARE = 512;
    private static final long SEND_TIMEOUT_NANOS = 1_000_000_000L;

    private final Lane[] lanes;
    private volatile boolean running = true;

    Pacer() {
        lanes = new Lane[Math.max(2, Runtime.getRuntime().availableProcessors())];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane("simulator-pacer-" + i);
        }
        for (var lane : lanes) {
            lane.thread.start(); // only now: each lane looks at all the others
        }
    }

    /**
     * Sends {@code answer}'s pieces as they fall due: on the first lane with fewer than {@link #LANE_SHARE} streams,
     * or once all have that many, on the lane with the fewest.
     */
    void schedule(StreamedAnswer answer) {
        var fewest = lanes[0];
        for (var lane : lanes) {
            if (lane.streams.get() < LANE_SHARE) {
                fewest = lane;
                break;
            }
            if (lane.streams.get() < fewest.streams.get()) {
                fewest = lane;
            }
        }
        fewest.add(answer);
    }

    @Override
    public void close() {
        running = false;
        for (var lane : lanes) {
            LockSupport.unpark(lane.thread);
        }
    }

    private final class Lane {
        private final PriorityQueue<StreamedAnswer> waiting = new PriorityQueue<>(
                Comparator.comparingLong(StreamedAnswer::deadline));
        private final Thread thread;
        private final AtomicInteger streams = new AtomicInteger();
        /** When the answer being sent now was started on; 0 between answers. Guarded by this lane. */
        private long sendingSince;

        Lane(String name) {
            thread = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
        }

        void add(StreamedAnswer answer) {
            streams.incrementAndGet();
            boolean first;
            synchronized (waiting) {
                first = waiting.isEmpty() || answer.deadline() - waiting.peek().deadline() < 0;
                waiting.add(answer);
            }
            if (first) {
                LockSupport.unpark(thread); // it may be sleeping until a later deadline
            }
        }

        private void run() {
            var due = new ArrayList<StreamedAnswer>();
            var continuing = new ArrayList<StreamedAnswer>();
            while (running) {
                LockSupport.parkNanos(sleepNanos());
                long now = System.nanoTime();
                synchronized (waiting) {
                    while (!waiting.isEmpty() && waiting.peek().deadline() - now <= 0) {
                        due.add(waiting.poll());
                    }
                }
                for (var answer : due) {
                    if (send(answer)) {
                        continuing.add(answer);
                    } else {
                        streams.decrementAndGet();
                    }
                }
                synchronized (waiting) {
                    waiting.addAll(continuing);
                }
                due.clear();
                continuing.clear();
                for (var other : lanes) {
                    other.interruptStuckSend(now);
                }
            }
            synchronized (waiting) {
                waiting.forEach(StreamedAnswer::abandon);
                waiting.clear();
            }
        }

        /**
         * Until the next piece is due, but at least a tick, so that pieces due close together go out together; a
         * lane without streams wakes only to watch the others.
         */
        private long sleepNanos() {
            synchronized (waiting) {
                long untilNext = waiting.isEmpty() ? Long.MAX_VALUE : waiting.peek().deadline() - System.nanoTime();
                return Math.clamp(untilNext, TICK_NANOS, SEND_TIMEOUT_NANOS / 2);
            }
        }

        /** Sends what is due of {@code answer}; false once it has ended. */
        private boolean send(StreamedAnswer answer) {
            synchronized (this) {
                sendingSince = System.nanoTime();
            }
            try {
                for (int sent = 0; sent < MAX_BURST; sent++) {
                    if (!answer.sendDue()) {
                        return false;
                    }
                    if (answer.deadline() - System.nanoTime() > 0) {
                        return true;
                    }
                }
                return true;
            } finally {
                synchronized (this) {
                    sendingSince = 0;
                    Thread.interrupted(); // an interrupt meant for this answer must not close the next one's socket
                }
            }
        }

        private synchronized void interruptStuckSend(long now) {
            if (sendingSince != 0 && now - sendingSince > SEND_TIMEOUT_NANOS) {
                sendingSince = 0;
                thread.interrupt();
            }
        }
    }
}
