package dev.llmdyno.experiment;

import dev.llmdyno.call.CallEngine;
import dev.llmdyno.call.CallError;
import dev.llmdyno.call.CallHandle;
import dev.llmdyno.call.CallOptions;
import dev.llmdyno.call.CallResult;
import dev.llmdyno.checks.Checks;
import dev.llmdyno.call.FreshPrefix;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.metrics.ServerWatch;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.timing.NanoClock;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run of an experiment: sends its schedule at the plan's pace through the {@link CallEngine}, hands every sample
 * to the listener as it arrives, and stops when the schedule is done, the answer is clear, a limit is reached, the
 * error rate is too high or it is cancelled. {@link #run()} blocks; {@link #cancel()} and {@link #progress()} may be
 * called from any thread.
 */
public final class ExperimentRun {

    /** Requests in flight at most in open-loop modes; beyond it the wait shows as queue time. */
    static final int MAX_IN_FLIGHT = 4_096;

    /** Hears each sample as it arrives, on the thread that measured it; must be quick. */
    @FunctionalInterface
    public interface Listener {
        void onSample(Sample sample);
    }

    /** How far a run has got: requests ended (of all planned, warm-ups included) and seconds since it started. */
    public record Progress(int done, int total, double elapsedSeconds, double spentUsd) {
    }

    private final CallEngine engine;
    private final Catalog catalog;
    private final NanoClock clock;
    private final Experiment experiment;
    private final Listener listener;
    private final List<Trial> trials;
    private final Budget budget;
    private final Looks looks;
    private final Checks checks;
    private final List<Sample> samples = new ArrayList<>();
    private final Set<CallHandle> inFlight = ConcurrentHashMap.newKeySet();
    private final double offsetMs;
    /** Per variant, the prefix of this run's own that a flushed prompt cache is measured with. */
    private final String[] runPrefixes;
    private final int total;
    private final List<Sample> setAside;
    private final Object lock = new Object();
    private final AtomicInteger done = new AtomicInteger();
    private long startNanos;
    private int dispatched;
    private int measuredEnded;
    private int measuredFailed;
    private volatile Outcome.Status stopStatus;
    private volatile String stopReason;
    private int stopLook;

    /** A run of {@code experiment}; {@code previous} are the samples an interrupted run kept (empty for a new run). */
    public ExperimentRun(CallEngine engine, Catalog catalog, Experiment experiment, List<Sample> previous,
                         Listener listener) {
        this.engine = engine;
        this.catalog = catalog;
        this.clock = engine.clock();
        this.experiment = experiment;
        this.listener = listener;
        this.budget = new Budget(experiment, catalog);
        this.looks = new Looks(experiment);
        this.checks = experiment.checks();
        this.runPrefixes = experiment.variants().stream().map(variant -> FreshPrefix.next()).toArray(String[]::new);
        var all = Schedule.of(experiment);
        this.total = all.size();
        var resumed = Sessions.resume(experiment, all, previous);
        var kept = resumed.kept();
        var keptSamples = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<Sample, Boolean>());
        keptSamples.addAll(kept);
        this.setAside = kept.size() == previous.size() ? List.of()
                : previous.stream().filter(sample -> !keptSamples.contains(sample)).toList();
        this.trials = all.stream().filter(trial -> !resumed.done().contains(trial.index())).toList();
        this.samples.addAll(kept);
        this.offsetMs = previous.stream().mapToDouble(Sample::endedMs).max().orElse(0);
        kept.forEach(sample -> {
            if (sample.measured()) {
                countMeasured(sample);
                looks.add(sample);
            }
            budget.settle(sample.trial(), sample.costUsd());
        });
        done.set(total - trials.size());
    }

    public Experiment experiment() {
        return experiment;
    }

    /**
     * The samples of the interrupted run that this one does not keep: those of a conversation's session cut off in
     * the middle, which is played again from its first turn (empty for single calls).
     */
    public List<Sample> setAside() {
        return setAside;
    }

    public Outcome run() {
        // Before the clock starts: otherwise the first requests would wait out the engine's warm-up as queue.
        experiment.variants().forEach(variant -> engine.warmUp(variant.profile()));
        PromptCachePriming.run(engine, experiment, budget, () -> stopStatus != null)
                .ifPresent(stop -> stop(stop.status(), stop.reason()));
        var serverMetrics = experiment.plan().serverMetrics();
        var watch = serverMetrics == null ? null : ServerWatch.start(URI.create(serverMetrics.url()),
                Duration.ofMillis(serverMetrics.intervalOrDefault()));
        startNanos = clock.nanoTime();
        var paces = experiment.plan().arrival().paces();
        for (int level = 0; level < paces.size() && stopStatus == null; level++) {
            int index = level;
            var ofLevel = trials.stream().filter(trial -> trial.level() == index).toList();
            var pace = paces.get(level);
            if (experiment.replaying()) {
                runReplay(ofLevel);
            } else if (experiment.crowded()) {
                runUsers(ofLevel);
            } else if (experiment.conversational()) {
                ClosedLoop.run(sessions(ofLevel), pace.callers(), clock);
            } else if (pace.mode().openLoop()) {
                var gaps = new PlannedGaps(pace, experiment.plan().seed(), level);
                runOpenLoop(ofLevel, trial -> gaps.nextNanos());
            } else {
                ClosedLoop.run(singleCalls(ofLevel), pace.callers(), clock);
            }
        }
        var server = watch == null ? null : watch.stop();
        synchronized (lock) {
            var status = stopStatus == null ? Outcome.Status.COMPLETED : stopStatus;
            var reason = stopStatus == null ? "the schedule is done" : stopReason;
            return new Outcome(status, reason, stopLook, samples, server);
        }
    }

    /** Stops sending and cancels what is in flight; {@link #run()} then returns a cancelled outcome. */
    public void cancel() {
        stop(Outcome.Status.CANCELLED, "cancelled");
        inFlight.forEach(CallHandle::cancel);
    }

    public Progress progress() {
        double elapsed = startNanos == 0 ? 0 : NanoClock.toMillis(clock.nanoTime() - startNanos) / 1000;
        return new Progress(done.get(), total, elapsed, budget.spentUsd());
    }

    private List<ClosedLoop.Unit> singleCalls(List<Trial> trials) {
        return trials.stream().<ClosedLoop.Unit>map(trial -> planned -> sendOne(trial, planned)).toList();
    }

    /** One request of a plan of single calls, sent and recorded; false when the run refused it. */
    private boolean sendOne(Trial trial, long planned) {
        var request = requestOf(trial);
        if (!admit(trial, request)) {
            return false;
        }
        call(trial, request, planned, 0, CallOptions.Sender.NONE, null);
        return true;
    }

    /**
     * The most {@code request} can cost: its variant's (the same prompt every time), or where each call has a prompt
     * of its own (a conversation's turn, a replayed record), the request's own. Nothing is counted without a budget.
     */
    private double worstCase(Trial trial, CallRequest request) {
        if (!budget.limited()) {
            return 0;
        }
        return experiment.replaying() || experiment.conversational() || experiment.crowded()
                ? budget.worstCase(request.profile(), request.variables()) : budget.worstCase(trial.variant());
    }

    /**
     * Sends {@code request} for {@code trial} on this thread, planned at {@code planned} and held {@code held}
     * nanoseconds past it, for {@code sender}, continuing the provider's response {@code previousResponseId} (null:
     * none), and records it.
     */
    private CallResult call(Trial trial, CallRequest request, long planned, long held, CallOptions.Sender sender,
                            String previousResponseId) {
        var handle = track(new CallHandle());
        CallResult result;
        try {
            result = engine.call(request.profile(), optionsFor(trial, request.profile(), request.variables(), planned,
                    held).withPreviousResponse(previousResponseId).withSender(sender), handle);
        } catch (RuntimeException e) {
            result = null; // logged by the engine; recorded as an internal error
        }
        record(trial, planned, result, handle);
        return result;
    }

    /**
     * A conversation run's units: each session's turns (consecutive in the schedule, numbered from 0), played by a
     * {@link SessionPlayer}. Turns of a session that ended at a failed turn are counted as done, never sent.
     */
    private List<ClosedLoop.Unit> sessions(List<Trial> ofLevel) {
        long thinkNanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(
                experiment.plan().conversations().thinkTimeOrDefault());
        var sessionRun = new SessionPlayer.Run() {
            @Override
            public boolean admit(Trial trial, Profile profile, java.util.Map<String, String> variables) {
                return ExperimentRun.this.admit(trial, new CallRequest(profile, variables));
            }

            @Override
            public CallResult send(Trial trial, Profile profile, java.util.Map<String, String> variables,
                                   String previousResponseId, long planned) {
                return call(trial, new CallRequest(profile, variables), planned, 0, CallOptions.Sender.NONE,
                        previousResponseId);
            }

            @Override
            public long nanoTime() {
                return clock.nanoTime();
            }

            @Override
            public void sleepUntil(long nanos) {
                ExperimentRun.this.sleepUntil(nanos);
            }
        };
        return Sessions.of(ofLevel).stream().<ClosedLoop.Unit>map(turns -> planned -> {
            var first = turns.getFirst();
            var player = new SessionPlayer(sessionRun, profileOf(first), experiment.conversations().get(first.row()),
                    thinkNanos, total);
            int sent = player.play(turns, planned);
            if (sent == SessionPlayer.REFUSED) {
                return false;
            }
            done.addAndGet(turns.size() - sent);
            return true;
        }).toList();
    }

    /**
     * A replay: each variant's pass in turn, its warm-ups one after another, then every record of the trace sent at
     * the trace's own time (scaled and cut as the plan says) whether or not earlier ones have ended.
     */
    private void runReplay(List<Trial> schedule) {
        var replay = experiment.plan().replay();
        var gaps = new TraceGaps(experiment.trace(), replay.speedOrDefault(), replay.maxGapMs());
        forEachPass(schedule, pass -> runOpenLoop(pass, trial -> gaps.afterNanos(trial.row())));
    }

    /** A users run: each variant's pass in turn, its warm-ups one after another, then all its users at once. */
    private void runUsers(List<Trial> schedule) {
        var crowdRun = new Crowd.Run() {
            @Override
            public boolean admit(Trial trial, CallRequest request) {
                return ExperimentRun.this.admit(trial, request);
            }

            @Override
            public void send(Trial trial, CallRequest request, CallOptions.Sender sender, long plannedNanos,
                             long heldNanos) {
                call(trial, request, plannedNanos, heldNanos, sender, null);
            }

            @Override
            public NanoClock clock() {
                return clock;
            }

            @Override
            public void sleepUntil(long nanos) {
                ExperimentRun.this.sleepUntil(nanos);
            }
        };
        forEachPass(schedule, pass -> new Crowd(crowdRun, experiment, profileOf(pass.getFirst())).play(pass));
    }

    /**
     * Runs a schedule of passes (one variant's trials after another's) until a stop: each pass's warm-ups one after
     * another, then its measured trials by {@code measured}.
     */
    private void forEachPass(List<Trial> schedule, java.util.function.Consumer<List<Trial>> measured) {
        for (int from = 0; from < schedule.size() && stopStatus == null; ) {
            int variant = schedule.get(from).variant();
            int to = from;
            while (to < schedule.size() && schedule.get(to).variant() == variant) {
                to++;
            }
            var pass = schedule.subList(from, to);
            ClosedLoop.run(singleCalls(pass.stream().filter(Trial::warmup).toList()), 1, clock);
            var rest = pass.stream().filter(trial -> !trial.warmup()).toList();
            if (!rest.isEmpty() && stopStatus == null) {
                measured.accept(rest);
            }
            from = to;
        }
    }

    /** What {@code trial} sends: its variant's profile with its row's variables, or in a replay its record. */
    private CallRequest requestOf(Trial trial) {
        if (experiment.replaying()) {
            var profile = profileOf(trial);
            return ReplayRequests.of(profile, experiment.trace().get(trial.row()),
                    dev.llmdyno.tokens.Tokenizers.forModelOrFallback(catalog, profile.model()));
        }
        return new CallRequest(profileOf(trial), experiment.variables(trial));
    }

    /**
     * Open loop: requests sent at their planned time whether or not earlier ones have ended (the gap after each
     * from {@code gapAfter}: a constant or Poisson rate, or a trace), at most {@code arrival.concurrency} (or
     * {@link #MAX_IN_FLIGHT}) at once. The planned time travels with the request: a wait for a free place is queue
     * time, any other lateness the client's own.
     */
    private void runOpenLoop(List<Trial> ofLevel, java.util.function.ToLongFunction<Trial> gapAfter) {
        var pending = new Phaser(1);
        var cap = experiment.plan().arrival().concurrency();
        var slots = new Semaphore(cap == null ? MAX_IN_FLIGHT : cap);
        long planned = clock.nanoTime();
        long placeFoundAt = 0;
        for (var trial : ofLevel) {
            sleepUntil(planned);
            var request = requestOf(trial);
            if (!admit(trial, request)) {
                break;
            }
            // Held: the time past its planned start that this request spent behind the cap, its own wait for a
            // place and the part of an earlier request's wait that ran past this one's planned time.
            long held = Math.max(0, placeFoundAt - planned);
            if (!slots.tryAcquire()) {
                long waitFrom = clock.nanoTime();
                slots.acquireUninterruptibly();
                placeFoundAt = clock.nanoTime();
                held += placeFoundAt - waitFrom;
            }
            pending.register();
            long plannedAt = planned;
            var handle = track(engine.start(request.profile(), optionsFor(trial, request.profile(),
                    request.variables(), plannedAt, held)));
            handle.result().whenComplete((result, failure) -> {
                record(trial, plannedAt, result, handle);
                slots.release();
                pending.arriveAndDeregister();
            });
            planned += gapAfter.applyAsLong(trial);
        }
        pending.arriveAndAwaitAdvance();
    }

    /** Counts {@code handle} in flight, so that a cancel reaches it, and cancels it if the cancel came first. */
    private CallHandle track(CallHandle handle) {
        inFlight.add(handle);
        if (stopStatus == Outcome.Status.CANCELLED) {
            handle.cancel();
        }
        return handle;
    }

    private Profile profileOf(Trial trial) {
        return experiment.variants().get(trial.variant()).profile();
    }

    /**
     * The options of a measured call of {@code profile} with {@code variables}, planned at {@code plannedNanos} and
     * held {@code heldNanos} for a free place, with the fresh prefix its prompt-cache state asks for.
     */
    private CallOptions optionsFor(Trial trial, Profile profile, java.util.Map<String, String> variables,
                                   long plannedNanos, long heldNanos) {
        var options = new CallOptions(variables, 0, null)
                .withLabel(experiment.variants().get(trial.variant()).name())
                .withSchedule(plannedNanos, heldNanos);
        return switch (profile.levers().promptCache().prepare()) {
            case FLUSH -> options.withFreshPrefix(runPrefixes[trial.variant()]);
            case MISS -> options.withFreshPrefix(FreshPrefix.next());
            case AS_IS, PRIME -> options;
        };
    }

    /**
     * Whether {@code trial}, sending {@code request}, may be sent: no stop yet, within duration, request and cost
     * limits. Admitted, its worst case is held back in the budget until it ends.
     */
    private boolean admit(Trial trial, CallRequest request) {
        var limits = experiment.plan().limits();
        synchronized (lock) {
            if (stopStatus != null) {
                return false;
            }
            if (limits.maxDurationSeconds() != null
                    && NanoClock.toMillis(clock.nanoTime() - startNanos) >= limits.maxDurationSeconds() * 1000) {
                stop(Outcome.Status.LIMIT_REACHED, "the duration limit of " + limits.maxDurationSeconds() + " s was reached");
                return false;
            }
            if (limits.maxRequests() != null && dispatched >= limits.maxRequests()) {
                stop(Outcome.Status.LIMIT_REACHED, "the limit of " + limits.maxRequests() + " requests was reached");
                return false;
            }
            if (!budget.reserve(trial.index(), worstCase(trial, request))) {
                stop(Outcome.Status.LIMIT_REACHED, String.format("the next request could take the spend past the "
                        + "budget of $%.4f (spent $%.4f)", budget.limitUsd(), budget.spentUsd()));
                return false;
            }
            dispatched++;
            return true;
        }
    }

    /** Which of the plan's checks the answer failed, as {@link Sample#failedChecks()} keeps them. */
    private String failedChecks(Trial trial, CallResult result) {
        return experiment.failedChecks(checks, trial, result.ok() && !trial.summary() ? result.text() : null);
    }

    /** Records a request's end; {@code result} is null when the engine itself failed, which becomes an error sample. */
    private void record(Trial trial, long plannedNanos, CallResult result, CallHandle handle) {
        inFlight.remove(handle);
        if (result != null && result.error() != null && result.error().type() == CallError.Type.CANCELLED) {
            // Cut off by a cancel: neither a measurement nor an error. Left out, so a resume sends it again.
            synchronized (lock) {
                budget.settle(trial.index(), null);
            }
            return;
        }
        double plannedMs = offsetMs + NanoClock.toMillis(plannedNanos - startNanos);
        double endedMs = offsetMs + NanoClock.toMillis(clock.nanoTime() - startNanos);
        var sample = result == null ? Sample.failed(trial, plannedMs, endedMs, "internal")
                : Sample.of(trial, plannedMs, endedMs, result, failedChecks(trial, result));
        synchronized (lock) {
            samples.add(sample);
            if (!sample.summary()) {
                done.incrementAndGet(); // the progress counts the schedule's requests; a summary call is extra
            }
            budget.settle(trial.index(), sample.costUsd());
            listener.onSample(sample);
            if (!sample.measured() || stopStatus == Outcome.Status.CANCELLED) {
                return;
            }
            countMeasured(sample);
            checkErrorRate();
            // The early-stopping boundaries assume independent calls interleaved across the variants: not a
            // session's turns, nor the passes of a replay or of users (one variant's whole pass before the next one's).
            if (experiment.plan().analysis().stopEarly() && experiment.plan().arrival().paces().size() == 1
                    && !experiment.conversational() && !experiment.replaying() && !experiment.crowded()) {
                int clearAt = looks.add(sample);
                if (clearAt > 0 && stopStatus == null) {
                    stopLook = clearAt;
                    stop(Outcome.Status.STOPPED_EARLY, "the answer was clear at look " + clearAt + " of "
                            + experiment.plan().analysis().looks());
                }
            }
        }
    }

    private void countMeasured(Sample sample) {
        measuredEnded++;
        if (!sample.ok()) {
            measuredFailed++;
        }
    }

    private void checkErrorRate() {
        var threshold = experiment.plan().limits().maxErrorRate();
        if (threshold == null || measuredEnded < Limits.ERROR_RATE_MIN_REQUESTS) {
            return;
        }
        double rate = (double) measuredFailed / measuredEnded;
        if (rate > threshold && stopStatus == null) {
            stop(Outcome.Status.ABORTED, String.format("%.1f%% of requests failed (%d of %d), more than the "
                    + "%.1f%% allowed", 100 * rate, measuredFailed, measuredEnded, 100 * threshold));
            inFlight.forEach(CallHandle::cancel);
        }
    }

    private void stop(Outcome.Status status, String reason) {
        synchronized (lock) {
            if (stopStatus == null) {
                stopStatus = status;
                stopReason = reason;
            }
        }
    }

    private void sleepUntil(long nanos) {
        long wait = nanos - clock.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
            }
        }
    }
}
