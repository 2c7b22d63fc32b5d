package dev.llmdyno.tuning;

import dev.llmdyno.call.CallEngine;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.catalog.Cost;
import dev.llmdyno.experiment.Analysis;
import dev.llmdyno.experiment.Analyzer;
import dev.llmdyno.experiment.Experiment;
import dev.llmdyno.experiment.ExperimentPlan;
import dev.llmdyno.experiment.ExperimentRun;
import dev.llmdyno.experiment.Limits;
import dev.llmdyno.experiment.Outcome;
import dev.llmdyno.experiment.Plans;
import dev.llmdyno.experiment.Results;
import dev.llmdyno.experiment.Sample;
import dev.llmdyno.experiment.SampleMetric;
import dev.llmdyno.experiment.Slo;
import dev.llmdyno.experiment.SloVerdicts;
import dev.llmdyno.profile.InvalidInputException;
import dev.llmdyno.profile.Problem;
import dev.llmdyno.stats.Quantiles;
import dev.llmdyno.timing.NanoClock;
import dev.llmdyno.tokens.PromptTokens;
import dev.llmdyno.tokens.Tokenizers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Successive halving over the candidates (Jamieson &amp; Talwalkar, 2016): every candidate gets a first round of
 * requests, interleaved like any experiment's; those whose SLO is missed with confidence are dropped, the better
 * half of the rest by the objective goes on with twice the requests, judged on all its requests so far, until one
 * is left or the budget is spent. The best is then run alone with a fresh seed, and recommended only if that
 * confirmation meets the SLO. The budget is kept exactly: each round runs under the requests, dollars and time
 * left after what the confirmation needs is set aside.
 */
public final class Search {

    static final int FIRST_ROUND = 12;
    static final int FEWEST_PER_ROUND = 4;
    static final int CONFIRM_AT_LEAST = 30;
    /** The share of a dollar or time budget kept for the confirmation run. */
    static final double CONFIRMATION_SHARE = 0.25;

    /** Hears each round as it ends, and the confirmation as it starts. */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        /**
         * A round ended; {@code sofar} is the search as it stands, stopped after that round, which is what to keep on
         * disk so that a crash loses at most the round that was running.
         */
        default void onRound(SearchResult.Round round, SearchResult sofar) {
        }

        default void onConfirming(String candidate, int requests) {
        }

        default void onSample(Sample sample) {
        }
    }

    private final CallEngine engine;
    private final Catalog catalog;
    private final Tuning tuning;
    private final Listener listener;
    private volatile ExperimentRun current;
    private volatile boolean cancelled;

    public Search(CallEngine engine, Catalog catalog, Tuning tuning, Listener listener) {
        this.engine = engine;
        this.catalog = catalog;
        this.tuning = tuning;
        this.listener = listener;
    }

    /** Stops the round that is running; {@link #run} then returns a stopped result that can be resumed. */
    public void cancel() {
        cancelled = true;
        var run = current;
        if (run != null) {
            run.cancel();
        }
    }

    /** Runs the search, after the rounds of {@code done} (a stopped search's), to its recommendation. */
    public SearchResult run(List<SearchResult.Round> done) {
        var rounds = new ArrayList<>(done);
        var samples = new ArrayList<Sample>();
        rounds.forEach(round -> samples.addAll(round.samples()));
        var trials = new ArrayList<SearchResult.Trial>();
        List<Integer> alive = IntStream.range(0, tuning.candidates().size()).boxed().toList();
        int each = FIRST_ROUND;
        for (var round : rounds) {
            var judged = judge(round.number(), indices(round.candidates()), upTo(round.number(), rounds));
            trials.addAll(judged);
            alive = kept(judged);
            each = round.requestsEach() * 2;
        }
        long started = engine.clock().nanoTime();
        double before = rounds.stream().mapToDouble(SearchResult.Round::seconds).sum();
        // One candidate still gets a round: its figures are what the confirmation is checked against.
        while ((alive.size() > 1 || rounds.isEmpty()) && !alive.isEmpty() && !cancelled) {
            int warmup = rounds.isEmpty() ? 1 : 0;
            var room = room(samples, before + seconds(started));
            int fits = (int) Math.min(each, room.requests / alive.size() - warmup);
            if (fits < FEWEST_PER_ROUND || room.usd <= 0 || room.seconds <= 0) {
                break;
            }
            long roundStart = engine.clock().nanoTime();
            var running = alive;
            var outcome = runRound(running, fits, warmup, tuning.plan().seed() + rounds.size(), room);
            var filed = outcome.samples().stream().map(s -> s.withVariant(running.get(s.variant()))).toList();
            samples.addAll(filed);
            var round = new SearchResult.Round(rounds.size() + 1, alive.stream().map(this::name).toList(), fits,
                    seconds(roundStart), filed);
            rounds.add(round);
            var judged = judge(round.number(), alive, samples);
            trials.addAll(judged);
            listener.onRound(round, result(SearchResult.Status.STOPPED, "stopped after round " + round.number()
                    + "; run the same command again to resume", rounds, trials, null, null, samples,
                    before + seconds(started)));
            if (outcome.status() == Outcome.Status.CANCELLED || cancelled) {
                return result(SearchResult.Status.STOPPED, "stopped during round " + round.number(), rounds, trials,
                        null, null, samples, before + seconds(started));
            }
            alive = kept(judged);
            each = fits * 2;
        }
        var still = alive.stream().map(this::name).toList();
        var best = latest(trials).stream().filter(t -> still.contains(t.candidate())).min(byObjective()).orElse(null);
        if (cancelled) {
            return result(SearchResult.Status.STOPPED, "stopped", rounds, trials, best, null, samples,
                    before + seconds(started));
        }
        if (best == null) {
            return result(SearchResult.Status.NONE_MEETS, "every candidate missed the SLO", rounds, trials, null,
                    null, samples, before + seconds(started));
        }
        var confirmation = confirm(best, samples, before + seconds(started));
        if (confirmation == null) {
            return result(SearchResult.Status.STOPPED, cancelled ? "stopped during the confirmation"
                    : "the budget left no room for the confirmation run", rounds, trials, best, null, samples,
                    before + seconds(started));
        }
        boolean confirmed = confirmation.standing() == null || confirmation.standing() == Results.Standing.MET;
        return result(confirmed ? SearchResult.Status.RECOMMENDED : SearchResult.Status.NOT_CONFIRMED,
                confirmed ? best.candidate() + " is the best candidate, confirmed by a fresh run"
                        : best.candidate() + " was best, but the confirmation run did not show that it meets the SLO",
                rounds, trials, best, confirmation, samples, before + seconds(started));
    }

    /** The requests, dollars and seconds a round may use: the budget less what is spent and the confirmation's share. */
    private record Room(int requests, double usd, double seconds) {
    }

    private Room room(List<Sample> samples, double seconds) {
        var budget = tuning.plan().budget();
        int requests = budget.requests() == null ? Integer.MAX_VALUE
                : budget.requests() - samples.size() - confirmationRequests(tuning.plan());
        double usd = budget.usd() == null ? Double.POSITIVE_INFINITY
                : (budget.usd() - spent(samples)) * (1 - CONFIRMATION_SHARE);
        double time = budget.minutes() == null ? Double.POSITIVE_INFINITY
                : budget.minutes() * 60 * (1 - CONFIRMATION_SHARE) - seconds;
        return new Room(requests, usd, time);
    }

    private Outcome runRound(List<Integer> alive, int each, int warmup, long seed, Room room) {
        var specs = alive.stream().map(i -> tuning.candidates().get(i))
                .map(c -> new ExperimentPlan.VariantSpec(c.name(), c.overrides())).toList();
        var run = new ExperimentRun(engine, catalog, experiment(specs, each, warmup, seed, room), List.of(),
                listener::onSample);
        current = run;
        try {
            return run.run();
        } finally {
            current = null;
        }
    }

    private Experiment experiment(List<ExperimentPlan.VariantSpec> variants, int repetitions, int warmup, long seed,
                                  Room room) {
        var plan = tuning.plan();
        var experiment = new ExperimentPlan(null, plan.name(), null, plan.base(), variants, null, repetitions, warmup,
                plan.arrival(), new Limits(Double.isInfinite(room.seconds) ? null : room.seconds,
                room.requests == Integer.MAX_VALUE ? null : room.requests, Double.isInfinite(room.usd) ? null : room.usd,
                null), new Analysis(tuning.ledger().plan().analysis().metric(), null, null, false, null), plan.slo(),
                plan.checks(), seed, null);
        try {
            return new Plans(catalog).resolve(experiment, null, "tuning plan");
        } catch (InvalidInputException e) {
            // Every candidate was validated as a variant of the ledger before the search began.
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The best candidate alone, as many requests as its SLO's highest percentile needs to be shown, a new seed. */
    private SearchResult.Confirmation confirm(SearchResult.Trial best, List<Sample> samples, double seconds) {
        if (cancelled) {
            return null;
        }
        int requests = confirmationRequests(tuning.plan());
        var budget = tuning.plan().budget();
        double usd = budget.usd() == null ? Double.POSITIVE_INFINITY : budget.usd() - spent(samples);
        double time = budget.minutes() == null ? Double.POSITIVE_INFINITY : budget.minutes() * 60 - seconds;
        if (usd <= 0 || time <= 0) {
            return null;
        }
        long seed = tuning.plan().seed() + 7919;
        listener.onConfirming(best.candidate(), requests);
        var candidate = tuning.candidates().get(indexOf(best.candidate()));
        var run = new ExperimentRun(engine, catalog, experiment(List.of(new ExperimentPlan.VariantSpec(
                candidate.name(), candidate.overrides())), requests, 0, seed, new Room(requests, usd, time)),
                List.of(), listener::onSample);
        current = run;
        Outcome outcome;
        try {
            outcome = run.run();
        } finally {
            current = null;
        }
        if (outcome.status() == Outcome.Status.CANCELLED) {
            return null;
        }
        var results = Analyzer.analyze(run.experiment(), outcome);
        var variant = results.variants().getFirst();
        var confirmed = outcome.samples().stream().filter(s -> !s.warmup()).toList();
        samples.addAll(outcome.samples().stream().map(s -> s.withVariant(indexOf(best.candidate()))).toList());
        return new SearchResult.Confirmation(best.candidate(), seed, confirmed.size(),
                standing(variant), objective(variant, confirmed), evidence(variant));
    }

    /** Each candidate of a round on all its requests so far, and whether it goes on. */
    private List<SearchResult.Trial> judge(int round, List<Integer> ran, List<Sample> samples) {
        var results = Analyzer.analyze(tuning.ledger(), new Outcome(Outcome.Status.COMPLETED, "", 0, samples));
        var judged = new ArrayList<SearchResult.Trial>();
        for (int index : ran) {
            var variant = results.variants().get(index);
            var own = samples.stream().filter(s -> s.variant() == index && !s.warmup()).toList();
            judged.add(new SearchResult.Trial(round, variant.variant(), tuning.candidates().get(index).overrides(),
                    own.size(), standing(variant), objective(variant, own),
                    variant.costPerRequestUsd().estimate(), latency(own), false));
        }
        var keep = judged.stream().filter(t -> t.standing() != Results.Standing.MISSED).sorted(byObjective())
                .limit((judged.size() + 1) / 2).map(SearchResult.Trial::candidate).toList();
        return judged.stream().map(t -> keep.contains(t.candidate()) ? new SearchResult.Trial(t.round(), t.candidate(),
                t.overrides(), t.requests(), t.standing(), t.objective(), t.costPerRequestUsd(), t.latencyMs(), true) : t)
                .toList();
    }

    /**
     * A candidate against the constraints: the SLO's standing, and the quality floor's, judged on the Wilson
     * interval of its answers passing every check; null when the plan has neither.
     */
    private Results.Standing standing(Results.VariantResult variant) {
        var floor = tuning.plan().minPassRate();
        var slo = variant.slo() == null ? null : variant.slo().standing();
        if (floor == null || variant.quality() == null) {
            return slo;
        }
        var rate = variant.quality().passRate();
        // A floor of 1 is "every answer": no interval reaches 1, one failure refutes it.
        var quality = floor == 1 ? (rate.estimate() == 1 ? Results.Standing.MET : Results.Standing.MISSED)
                : rate.upper() < floor ? Results.Standing.MISSED
                : rate.lower() >= floor ? Results.Standing.MET : Results.Standing.UNCLEAR;
        if (slo == Results.Standing.MISSED || quality == Results.Standing.MISSED) {
            return Results.Standing.MISSED;
        }
        return (slo == null || slo == Results.Standing.MET) && quality == Results.Standing.MET
                ? Results.Standing.MET : Results.Standing.UNCLEAR;
    }

    /** The confirmation's evidence in words: the SLO sentence, and the answers' pass rate against the floor. */
    private String evidence(Results.VariantResult variant) {
        var parts = new ArrayList<String>();
        if (variant.slo() != null) {
            parts.add(SloVerdicts.sentence(variant));
        }
        if (tuning.plan().minPassRate() != null && variant.quality() != null) {
            var rate = variant.quality().passRate();
            parts.add(String.format(java.util.Locale.ROOT, "%d of %d answers passed every check (95%% CI %s to %s; "
                            + "the floor is %s).", variant.quality().passedAll(), variant.quality().answered(),
                    Slo.percent(rate.lower()), Slo.percent(rate.upper()), Slo.percent(tuning.plan().minPassRate())));
        }
        return parts.isEmpty() ? null : String.join(" ", parts);
    }

    private double objective(Results.VariantResult variant, List<Sample> own) {
        var objective = tuning.plan().objective();
        if (objective.cost()) {
            return variant.costPerRequestUsd().estimate();
        }
        return percentile(own, SampleMetric.fromId(objective.minimize()), Slo.quantile(objective.percentile()));
    }

    /** The objective's timing at its percentile, or p95 latency when the objective is cost: the front's other axis. */
    private double latency(List<Sample> own) {
        var objective = tuning.plan().objective();
        return objective.cost() ? percentile(own, SampleMetric.LATENCY, 0.95)
                : percentile(own, SampleMetric.fromId(objective.minimize()), Slo.quantile(objective.percentile()));
    }

    private static double percentile(List<Sample> own, SampleMetric metric, double q) {
        var values = own.stream().map(metric::of).filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
        return values.length == 0 ? Double.NaN : Quantiles.of(values, q);
    }

    private static Comparator<SearchResult.Trial> byObjective() {
        return Comparator.comparingDouble(t -> Double.isNaN(t.objective()) ? Double.POSITIVE_INFINITY : t.objective());
    }

    private List<Integer> kept(List<SearchResult.Trial> judged) {
        return judged.stream().filter(SearchResult.Trial::kept).map(t -> indexOf(t.candidate())).toList();
    }

    private List<Integer> indices(List<String> names) {
        return names.stream().map(this::indexOf).toList();
    }

    private int indexOf(String name) {
        for (int i = 0; i < tuning.candidates().size(); i++) {
            if (tuning.candidates().get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no candidate " + name);
    }

    private String name(int index) {
        return tuning.candidates().get(index).name();
    }

    private static List<Sample> upTo(int round, List<SearchResult.Round> rounds) {
        return rounds.stream().filter(r -> r.number() <= round).flatMap(r -> r.samples().stream()).toList();
    }

    private double seconds(long since) {
        return NanoClock.toMillis(engine.clock().nanoTime() - since) / 1000;
    }

    private static double spent(List<Sample> samples) {
        return samples.stream().map(Sample::costUsd).filter(Objects::nonNull).mapToDouble(Double::doubleValue).sum();
    }

    /**
     * The confirmation run's size: enough for the SLO's highest percentile to be shown within its limit, and for a
     * Wilson interval of answers that all pass to clear the quality floor (n ≥ z² · floor / (1 − floor)), with a
     * quarter more so that a failure or two does not leave it unclear.
     */
    static int confirmationRequests(TuningPlan plan) {
        int needed = plan.slo() == null ? 0 : plan.slo().percentileLimits().stream()
                .mapToInt(l -> Quantiles.neededForUpperBound(l.quantile(), 0.95)).max().orElse(0);
        var floor = plan.minPassRate();
        if (floor != null && floor < 1) {
            double z = 1.959964;
            needed = Math.max(needed, (int) Math.ceil(z * z * floor / (1 - floor)));
        }
        return Math.max(CONFIRM_AT_LEAST, needed + needed / 4);
    }

    /** Each candidate's latest trial. */
    private static List<SearchResult.Trial> latest(List<SearchResult.Trial> trials) {
        var byCandidate = new java.util.LinkedHashMap<String, SearchResult.Trial>();
        trials.forEach(t -> byCandidate.put(t.candidate(), t));
        return List.copyOf(byCandidate.values());
    }

    private SearchResult result(SearchResult.Status status, String reason, List<SearchResult.Round> rounds,
                                List<SearchResult.Trial> trials, SearchResult.Trial best,
                                SearchResult.Confirmation confirmation, List<Sample> samples, double seconds) {
        var plan = tuning.plan();
        return new SearchResult(plan.name(), status, reason, plan.objective(),
                plan.slo() == null ? null : plan.slo().describe(), rounds, trials, Pareto.front(latest(trials)), best,
                confirmation, new SearchResult.Spent(samples.size(), spent(samples), seconds));
    }

    /**
     * Refuses, before any request, a budget that cannot buy a first round for every candidate and the
     * confirmation run, or whose dollars do not cover even those requests' prompts.
     */
    static void checkAffordable(Tuning tuning, Catalog catalog, List<Problem> problems) {
        int confirmation = confirmationRequests(tuning.plan());
        var budget = tuning.plan().budget();
        int candidates = tuning.candidates().size();
        int least = candidates * (FEWEST_PER_ROUND + 1) + confirmation;
        if (budget.requests() != null && budget.requests() < least) {
            problems.add(Problem.at("budget.requests", budget.requests() + " cannot buy one confident answer: "
                    + candidates + " candidates × " + (FEWEST_PER_ROUND + 1) + " requests (a warm-up and "
                    + FEWEST_PER_ROUND + " measured) and " + confirmation + " to confirm the best "
                    + "need " + least));
        }
        if (budget.usd() != null) {
            double prompts = 0;
            for (var variant : tuning.ledger().variants()) {
                var profile = variant.profile();
                var model = catalog.find(profile.model()).orElse(null);
                int prompt = PromptTokens.count(Tokenizers.forModelOrFallback(catalog, profile.model()),
                        profile.prompt().render(java.util.Map.of())).total();
                prompts += (FEWEST_PER_ROUND + 1) * Cost.estimate(model, prompt, 0).worstCase().orElse(0);
            }
            if (prompts > budget.usd()) {
                problems.add(Problem.at("budget.usd", String.format(java.util.Locale.ROOT, "%s cannot buy one "
                        + "confident answer: the prompts of a first round alone cost $%.4f", budget.usd(), prompts)));
            }
        }
    }
}
