package dev.llmdyno.experiment;

import dev.llmdyno.profile.Levers;
import dev.llmdyno.timing.NanoClock;
import dev.llmdyno.timing.TokenBucket;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The client's capacity shared among classes of simulated users (docs/users.md): a request waits here until a
 * place is free (fewer than {@code maxInFlight} in flight) and a permit is in the requests-per-minute bucket, and
 * among the waiting ones the policy picks who goes next:
 * <ul>
 *   <li>first-come: the one that came first;</li>
 *   <li>strict: the head of the class with the lowest priority number, except that every waiting class earns
 *       {@code floor} of a turn with each grant and takes its turn once it has earned a whole one, so a busy
 *       important class leaves each of the others at least that share of the grants;</li>
 *   <li>fair: self-clocked weighted fair queueing, each request tagged on arrival with its class's finish time
 *       (the later of the virtual time and the class's last tag, plus 1 / weight), the smallest tag first.</li>
 * </ul>
 * The bucket holds one second of permits at most, so a burst cannot pass the order by.
 */
final class PriorityGate {

    private record Ticket(long sequence, double finishTag) {
    }

    private final Levers.PriorityPolicy policy;
    private final double floor;
    private final int[] priorities;
    private final double[] weights;
    private final Integer maxInFlight;
    private final TokenBucket bucket;
    private final List<ArrayDeque<Ticket>> queues;
    private final double[] credits;
    private final double[] lastTags;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long sequence;
    private double virtualTime;
    private int inFlight;

    PriorityGate(Levers.Priority lever, List<ExperimentPlan.UserClass> classes, NanoClock clock) {
        this.policy = lever.policyOrDefault();
        this.floor = lever.floorOrDefault();
        this.priorities = classes.stream().mapToInt(ExperimentPlan.UserClass::priorityOrDefault).toArray();
        this.weights = classes.stream().mapToDouble(ExperimentPlan.UserClass::weightOrDefault).toArray();
        this.maxInFlight = lever.maxInFlight();
        this.bucket = lever.requestsPerMinute() == null ? null : oneSecondBucket(lever.requestsPerMinute(), clock);
        this.queues = classes.stream().map(c -> new ArrayDeque<Ticket>()).toList();
        this.credits = new double[classes.size()];
        this.lastTags = new double[classes.size()];
    }

    /** A bucket refilling at {@code perMinute} that holds a second's worth of permits, and at least one. */
    static TokenBucket oneSecondBucket(int perMinute, NanoClock clock) {
        double capacity = Math.max(1, perMinute / 60.0);
        return new TokenBucket(capacity, (long) (capacity * 60_000_000_000L / perMinute), clock);
    }

    /** Waits until a request of class {@code userClass} may be sent, and counts it in flight. */
    void enter(int userClass) throws InterruptedException {
        lock.lock();
        try {
            double tag = Math.max(virtualTime, lastTags[userClass]) + 1 / weights[userClass];
            lastTags[userClass] = tag;
            var ticket = new Ticket(sequence++, tag);
            queues.get(userClass).addLast(ticket);
            try {
                while (true) {
                    if (next() == userClass && queues.get(userClass).peekFirst() == ticket
                            && (maxInFlight == null || inFlight < maxInFlight)) {
                        long wait = bucket == null ? 0 : bucket.tryAcquire(1);
                        if (wait == 0) {
                            grant(userClass);
                            return;
                        }
                        changed.awaitNanos(wait);
                    } else {
                        changed.await();
                    }
                }
            } catch (InterruptedException e) {
                queues.get(userClass).remove(ticket);
                changed.signalAll();
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many requests wait here now. */
    int waiting() {
        lock.lock();
        try {
            return queues.stream().mapToInt(ArrayDeque::size).sum();
        } finally {
            lock.unlock();
        }
    }

    /** A request that entered has ended: its place is free. */
    void leave() {
        lock.lock();
        try {
            inFlight--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void grant(int userClass) {
        var ticket = queues.get(userClass).removeFirst();
        inFlight++;
        virtualTime = Math.max(virtualTime, ticket.finishTag());
        if (policy == Levers.PriorityPolicy.STRICT) {
            // A class served on a turn it earned pays for it; one served by its priority alone is owed nothing.
            credits[userClass] = owed(credits[userClass]) ? credits[userClass] - 1 : 0;
            // Every class still waiting earns its floor of this turn, the one just served too: over any run of
            // grants while it waits, a class is owed at least floor of them. A class that stops waiting starts over.
            for (int c = 0; c < queues.size(); c++) {
                credits[c] = queues.get(c).isEmpty() ? 0 : credits[c] + floor;
            }
        }
        changed.signalAll();
    }

    /** The class whose head goes next, by the policy; -1 when none waits. */
    private int next() {
        int best = -1;
        for (int c = 0; c < queues.size(); c++) {
            var head = queues.get(c).peekFirst();
            if (head != null && (best < 0 || before(c, head, best, queues.get(best).peekFirst()))) {
                best = c;
            }
        }
        return best;
    }

    private boolean before(int c, Ticket head, int other, Ticket otherHead) {
        return switch (policy) {
            case FIRST_COME -> head.sequence() < otherHead.sequence();
            case FAIR -> head.finishTag() < otherHead.finishTag()
                    || head.finishTag() == otherHead.finishTag() && head.sequence() < otherHead.sequence();
            case STRICT -> {
                if (owed(credits[c]) != owed(credits[other])) {
                    yield owed(credits[c]);
                }
                yield priorities[c] != priorities[other] ? priorities[c] < priorities[other]
                        : head.sequence() < otherHead.sequence();
            }
        };
    }

    /** Whether a class has earned a whole turn; ten floors of 0.1 add up to a hair under 1. */
    private static boolean owed(double credit) {
        return credit >= 1 - 1e-9;
    }
}
