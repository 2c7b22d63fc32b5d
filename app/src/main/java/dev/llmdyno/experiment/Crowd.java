package dev.llmdyno.experiment;

import dev.llmdyno.call.CallOptions;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.timing.NanoClock;
import dev.llmdyno.timing.TokenBucket;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;

/**
 * One variant's pass of a users run (docs/users.md): every simulated user on a thread of its own, all set off
 * together, each sending its requests as its class says (after each answer and the think time, or at its rate
 * whether or not earlier ones have ended), through its class's own bucket and the {@link PriorityGate} the
 * variant's priority lever sets up. Time spent in either is queue time, measured from the request's planned start.
 */
final class Crowd {

    /** The run's side: admission, sending and recording, and its clock. */
    interface Run {
        /** Whether the request may be sent (no stop, within the limits and the budget for its worst case). */
        boolean admit(Trial trial, CallRequest request);

        /** Sends the request planned at {@code plannedNanos} and held {@code heldNanos}, and records its sample. */
        void send(Trial trial, CallRequest request, CallOptions.Sender sender, long plannedNanos, long heldNanos);

        NanoClock clock();

        void sleepUntil(long nanos);
    }

    private final Run run;
    private final Experiment experiment;
    private final Profile profile;
    private final PriorityGate gate;
    private final TokenBucket[] classBuckets;
    private final Levers.Priority priority;
    /** Set once the run refuses a request (a stop, a limit): no user sends another. */
    private volatile boolean refused;

    /** The pass of the variant whose profile is {@code profile}. */
    Crowd(Run run, Experiment experiment, Profile profile) {
        this.run = run;
        this.experiment = experiment;
        this.profile = profile;
        this.priority = profile.levers().priority();
        var classes = experiment.plan().users();
        this.gate = priority.gates() ? new PriorityGate(priority, classes, run.clock()) : null;
        this.classBuckets = classes.stream().map(c -> c.requestsPerMinute() == null ? null
                : PriorityGate.oneSecondBucket(c.requestsPerMinute(), run.clock())).toArray(TokenBucket[]::new);
    }

    /**
     * Plays {@code trials} (one variant's measured requests) and returns when every user is done. Every user's
     * thread is started first and all set off together, as the closed loop's callers do; the threads are platform
     * threads, which the kernel wakes as soon as an answer's data arrives (docs/benchmarks.md).
     */
    void play(List<Trial> trials) {
        var byUser = new LinkedHashMap<Integer, List<Trial>>();
        trials.forEach(trial -> byUser.computeIfAbsent(trial.row(), row -> new ArrayList<>()).add(trial));
        var users = experiment.users();
        var requests = new Phaser(1);
        var go = new CountDownLatch(1);
        long[] setOff = new long[1];
        var threads = new ArrayList<Thread>();
        byUser.forEach((index, own) -> {
            var user = users.get(index);
            threads.add(Thread.ofPlatform().daemon().name("user-" + user.id()).start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long start = setOff[0] + user.spec().startNanos();
                run.sleepUntil(start);
                if (user.spec().openLoop()) {
                    openLoop(user, own, start, requests);
                } else {
                    closedLoop(user, own, start);
                }
            }));
        });
        setOff[0] = run.clock().nanoTime();
        go.countDown();
        try {
            for (var thread : threads) {
                thread.join();
            }
            requests.awaitAdvanceInterruptibly(requests.arrive());
        } catch (InterruptedException e) {
            refused = true;
            Thread.currentThread().interrupt();
        }
    }

    /** Each request when the last one is answered and the think time has passed. */
    private void closedLoop(SimulatedUser user, List<Trial> own, long start) {
        long think = TimeUnit.MILLISECONDS.toNanos(user.spec().thinkTimeMs() == null ? 0 : user.spec().thinkTimeMs());
        long planned = start;
        for (var trial : own) {
            if (refused || !sendOne(user, trial, planned)) {
                return;
            }
            planned = run.clock().nanoTime() + think;
            run.sleepUntil(planned);
        }
    }

    /**
     * Each request at its own time, Poisson at the class's rate (the gaps drawn from the plan's seed and the user's
     * index, so a rerun meets the same arrivals), whether or not earlier ones have ended.
     */
    private void openLoop(SimulatedUser user, List<Trial> own, long start, Phaser requests) {
        var random = new SplittableRandom(experiment.plan().seed() * 31 + user.index());
        double meanGapNanos = 1e9 / user.spec().ratePerSecond();
        long planned = start;
        for (var trial : own) {
            run.sleepUntil(planned);
            if (refused) {
                return;
            }
            long at = planned;
            requests.register();
            Thread.ofPlatform().daemon().name("user-" + user.id() + "-request").start(() -> {
                try {
                    sendOne(user, trial, at);
                } finally {
                    requests.arriveAndDeregister();
                }
            });
            planned += (long) (-Math.log(1 - random.nextDouble()) * meanGapNanos);
        }
    }

    /** Sends one request of {@code user} planned at {@code planned}, past its class's bucket and the gate. */
    private boolean sendOne(SimulatedUser user, Trial trial, long planned) {
        var request = requestOf(user, trial);
        if (!run.admit(trial, request)) {
            refused = true;
            return false;
        }
        long waitFrom = run.clock().nanoTime();
        try {
            waitForBucket(classBuckets[user.userClass()]);
            if (gate != null) {
                gate.enter(user.userClass());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            long held = run.clock().nanoTime() - waitFrom;
            var sender = new CallOptions.Sender(user.id(),
                    priority.sendsToServer() ? user.spec().priorityOrDefault() : null);
            run.send(trial, request, sender, planned, held);
        } finally {
            if (gate != null) {
                gate.leave();
            }
        }
        return true;
    }

    /** The variant's profile sent with the user's row, under the class's own key where it has one. */
    private CallRequest requestOf(SimulatedUser user, Trial trial) {
        var key = user.spec().apiKeyRef();
        var own = key == null ? profile : profile.withEndpoint(profile.endpoint().withApiKeyRef(key));
        return new CallRequest(own, experiment.variables(trial));
    }

    private void waitForBucket(TokenBucket bucket) throws InterruptedException {
        if (bucket == null) {
            return;
        }
        for (long wait = bucket.tryAcquire(1); wait > 0; wait = bucket.tryAcquire(1)) {
            Thread.sleep(java.time.Duration.ofNanos(wait));
        }
    }
}
