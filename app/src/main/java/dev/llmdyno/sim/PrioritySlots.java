package dev.llmdyno.sim;

import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A model's sequence slots, given to waiting requests by priority (lower first, as vLLM's priority scheduling
 * reads a request's {@code priority}) and among equals first come, first served; with every request at the same
 * priority it is a fair semaphore.
 */
final class PrioritySlots {

    private record Waiter(int priority, long sequence) implements Comparable<Waiter> {
        @Override
        public int compareTo(Waiter other) {
            return priority != other.priority ? Integer.compare(priority, other.priority)
                    : Long.compare(sequence, other.sequence);
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    private final PriorityQueue<Waiter> waiting = new PriorityQueue<>();
    private int free;
    private long sequence;

    PrioritySlots(int slots) {
        this.free = slots;
    }

    void acquire(int priority) throws InterruptedException {
        lock.lock();
        try {
            var me = new Waiter(priority, sequence++);
            waiting.add(me);
            try {
                while (free == 0 || waiting.peek() != me) {
                    freed.await();
                }
            } catch (InterruptedException e) {
                waiting.remove(me);
                freed.signalAll();
                throw e;
            }
            waiting.poll();
            free--;
            freed.signalAll(); // the next in line may find a slot too
        } finally {
            lock.unlock();
        }
    }

    void release() {
        lock.lock();
        try {
            free++;
            freed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Requests waiting for a slot now. */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }
}
