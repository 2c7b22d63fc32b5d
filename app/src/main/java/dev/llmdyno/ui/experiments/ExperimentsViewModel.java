package dev.llmdyno.ui.experiments;

import dev.llmdyno.call.CallEngine;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.experiment.Analyzer;
import dev.llmdyno.experiment.Arrival;
import dev.llmdyno.experiment.Analysis;
import dev.llmdyno.experiment.Experiment;
import dev.llmdyno.experiment.ExperimentPlan;
import dev.llmdyno.experiment.ExperimentRun;
import dev.llmdyno.experiment.Limits;
import dev.llmdyno.experiment.Plans;
import dev.llmdyno.experiment.Results;
import dev.llmdyno.experiment.SampleMetric;
import dev.llmdyno.experiment.Slo;
import dev.llmdyno.experiment.SloVerdicts;
import dev.llmdyno.experiment.Sweeps;
import dev.llmdyno.experiment.Variant;
import dev.llmdyno.profile.InvalidInputException;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.Problem;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.store.ExperimentRecord;
import dev.llmdyno.store.RecordedRun;
import dev.llmdyno.store.Store;
import dev.llmdyno.store.StoredExperiment;
import dev.llmdyno.ui.UiThread;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The Experiments tab: a base profile (taken from the playground), variants written as changes to it, how to run
 * them, and the run itself with live samples, progress, results, verdicts and the winner. Runs are recorded in the
 * history store when one is open; stored experiments can be opened and interrupted ones resumed.
 */
public final class ExperimentsViewModel {

    public final ObservableList<VariantRow> variants = FXCollections.observableArrayList();
    public final VariantDraft draft;
    public final ObjectProperty<Arrival.Mode> mode = new SimpleObjectProperty<>(Arrival.Mode.CONCURRENCY);
    /** Callers for concurrency mode, requests/s for constant and Poisson. */
    public final StringProperty level = new SimpleStringProperty("4");
    /**
     * For constant and Poisson rates (and sweeps over them): the most requests in flight at once, a wait for a place
     * counted as queue (blank: no cap).
     */
    public final StringProperty maxInFlight = new SimpleStringProperty("");
    public final ObjectProperty<Arrival.Mode> sweepOver = new SimpleObjectProperty<>(Arrival.Mode.CONCURRENCY);
    public final StringProperty sweepLevels = new SimpleStringProperty("1, 5, 20");
    public final IntegerProperty repetitions = new SimpleIntegerProperty(30);
    public final IntegerProperty warmup = new SimpleIntegerProperty(1);
    public final ObjectProperty<SampleMetric> metric = new SimpleObjectProperty<>(SampleMetric.TTFT);
    public final StringProperty maxCostUsd = new SimpleStringProperty("0.50");
    /** The SLO each variant is held to (blank: no limit): p95 TTFT and p95 latency in ms, the error rate in %. */
    public final StringProperty sloTtftP95Ms = new SimpleStringProperty("");
    public final StringProperty sloLatencyP95Ms = new SimpleStringProperty("");
    public final StringProperty sloErrorPercent = new SimpleStringProperty("");
    /** The server's Prometheus endpoint, read beside the run (docs/experiments.md); blank: none. */
    public final StringProperty serverMetricsUrl = new SimpleStringProperty("");
    public final ObservableList<Results.VariantResult> resultRows = FXCollections.observableArrayList();
    /** Where a routed variant's requests went, one row per variant and target; empty when nothing is routed. */
    public final ObservableList<Results.TargetRow> targetRows = FXCollections.observableArrayList();
    public final ObservableList<String> verdicts = FXCollections.observableArrayList();
    /** The last run's results when it was a sweep (for the throughput-versus-latency chart); null otherwise. */
    public final javafx.beans.property.ObjectProperty<Results> sweep = new javafx.beans.property.SimpleObjectProperty<>();
    public final ObservableList<ExperimentRecord> saved = FXCollections.observableArrayList();
    public final LiveSamples live;

    private final ReadOnlyObjectWrapper<Profile> base = new ReadOnlyObjectWrapper<>(Profile.starter());
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Add a variant, then run.");
    private final ReadOnlyStringWrapper problems = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Variant> winner = new ReadOnlyObjectWrapper<>();
    private final Catalog catalog;
    private final CallEngine engine;
    private final Store store;
    private final UiThread ui;
    private final Executor background;
    private final Supplier<Profile> playgroundProfile;
    /** Whether the base is the playground's profile, to be taken again each time the tab is shown. */
    private boolean followsPlayground = true;
    private final Consumer<Profile> promote;
    private static final long PROGRESS_NANOS = 250_000_000;
    /** A run from the tab stops when more than half its requests fail: an endpoint that is down, not a result. */
    private static final double ABORT_ERROR_RATE = 0.5;
    private volatile ExperimentRun current;
    private long lastProgressNanos;

    public ExperimentsViewModel(Catalog catalog, CallEngine engine, Store store, UiThread ui, Executor background,
                                Supplier<Profile> playgroundProfile, Consumer<Profile> promote) {
        this.catalog = catalog;
        this.engine = engine;
        this.store = store;
        this.ui = ui;
        this.background = background;
        this.playgroundProfile = playgroundProfile;
        this.promote = promote;
        this.draft = new VariantDraft(catalog);
        this.live = new LiveSamples(ui);
        usePlaygroundProfile();
        refreshSaved();
    }

    public ReadOnlyObjectProperty<Profile> baseProperty() {
        return base.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** What is wrong with the settings, one problem per line; empty when they can run. */
    public ReadOnlyStringProperty problemsProperty() {
        return problems.getReadOnlyProperty();
    }

    /** The variant that beat the baseline on the decision metric, significantly and by the most; null if none. */
    public ReadOnlyObjectProperty<Variant> winnerProperty() {
        return winner.getReadOnlyProperty();
    }

    public boolean hasStore() {
        return store != null;
    }

    /**
     * Makes {@code profile} the base; variants keep their changes, which now apply to it. The base then stays as
     * chosen until the playground's is taken again ({@link #usePlaygroundProfile()}).
     */
    public void useProfile(Profile profile) {
        followsPlayground = false;
        setBase(profile);
    }

    /**
     * Where the base is the playground's (as it is until another is chosen), takes the playground's profile as it is
     * now: the tab calls this when it is shown, so the experiment never starts from a profile the playground has left.
     */
    public void followPlayground() {
        var current = playgroundProfile.get();
        if (followsPlayground && !running.get() && current != null && !current.equals(base.get())) {
            setBase(current);
        }
    }

    private void setBase(Profile profile) {
        if (profile == null) {
            return;
        }
        base.set(profile);
        if (variants.isEmpty()) {
            variants.add(new VariantRow("baseline", null));
        }
        draft.reset(profile, nextName());
    }

    public void usePlaygroundProfile() {
        setBase(playgroundProfile.get());
        followsPlayground = true;
    }

    public void addVariant() {
        draft.toVariant().ifPresent(variant -> {
            var name = variant.name();
            if (variants.stream().anyMatch(v -> v.name().equals(name))) {
                problems.set("A variant is already called '" + name + "'.");
                return;
            }
            variants.add(variant);
            problems.set("");
            draft.reset(base.get(), nextName());
        });
    }

    public void removeVariant(VariantRow row) {
        if (row != null && variants.indexOf(row) > 0) {
            variants.remove(row);
        }
    }

    /** The plan the settings describe, or the reasons it cannot be made. */
    Optional<ExperimentPlan> plan(List<Problem> found) {
        var arrival = arrival(found);
        var cost = number(maxCostUsd.get(), "max cost", found);
        var slo = slo(found);
        if (!found.isEmpty()) {
            return Optional.empty();
        }
        var specs = variants.stream().map(v -> new ExperimentPlan.VariantSpec(v.name(), v.overrides())).toList();
        return Optional.of(new ExperimentPlan(null, base.get().name() == null ? "Experiment" : base.get().name(), null,
                Mappers.json().valueToTree(base.get()), specs, null, repetitions.get(), warmup.get(), arrival,
                new Limits(null, null, cost, ABORT_ERROR_RATE), new Analysis(metric.get(), null, null, null, null),
                slo, null, System.currentTimeMillis() & 0xffff, serverMetricsUrl.get().isBlank() ? null
                : new ExperimentPlan.ServerMetrics(serverMetricsUrl.get().trim(), null)));
    }

    /** The SLO the three fields describe; null when all are blank. */
    private Slo slo(List<Problem> found) {
        var ttft = number(sloTtftP95Ms.get(), "SLO p95 TTFT", found);
        var latency = number(sloLatencyP95Ms.get(), "SLO p95 latency", found);
        var errors = number(sloErrorPercent.get(), "SLO errors %", found);
        if (ttft == null && latency == null && errors == null) {
            return null;
        }
        return new Slo(ttft == null ? null : Map.of("p95", ttft), null, null, null,
                latency == null ? null : Map.of("p95", latency), errors == null ? null : errors / 100, null);
    }

    public void run() {
        if (running.get()) {
            return;
        }
        var found = new ArrayList<Problem>();
        var plan = plan(found);
        if (plan.isPresent()) {
            try {
                var experiment = new Plans(catalog).resolve(plan.get(), null, null);
                problems.set("");
                start(experiment, store == null ? null
                        : () -> RecordedRun.start(store, engine, catalog, experiment, live::accept, null));
                return;
            } catch (InvalidInputException e) {
                found.addAll(e.problems());
            }
        }
        problems.set(found.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    }

    /** Takes up an interrupted or cancelled experiment from the history. */
    public void resume(ExperimentRecord record) {
        if (running.get() || store == null || record == null) {
            return;
        }
        Experiment experiment;
        try {
            experiment = StoredExperiment.plan(record, catalog);
        } catch (InvalidInputException e) {
            problems.set(e.getMessage());
            return;
        }
        start(experiment, () -> RecordedRun.resume(store, record, experiment, engine, catalog, live::accept, null));
    }

    public void cancel() {
        var run = current;
        if (run != null) {
            run.cancel();
            status.set("Stopping…");
        }
    }

    /** Shows a stored experiment's samples and results. */
    public void open(ExperimentRecord record) {
        if (running.get() || store == null || record == null) {
            return;
        }
        background.execute(() -> {
            try {
                var stored = StoredExperiment.load(store, record, catalog);
                ui.post(() -> {
                    live.show(names(stored.experiment()), stored.experiment().plan().analysis().metric(), stored.samples());
                    showResults(stored.experiment(), stored.results());
                });
            } catch (InvalidInputException | RuntimeException e) {
                ui.post(() -> problems.set("Experiment " + record.id() + " cannot be shown: " + e.getMessage()));
            }
        });
    }

    public void promoteWinner() {
        var best = winner.get();
        if (best != null) {
            promote.accept(best.profile().withName(base.get().name() == null ? best.name()
                    : base.get().name() + " (" + best.name() + ")"));
            status.set(best.name() + " is now the playground's profile.");
        }
    }

    public void refreshSaved() {
        if (store == null) {
            return;
        }
        background.execute(() -> {
            var records = store.experiments();
            ui.post(() -> saved.setAll(records));
        });
    }

    /** Runs {@code experiment}, recorded in the history when {@code recorded} is given, otherwise only on screen. */
    private void start(Experiment experiment, Supplier<RecordedRun> recorded) {
        running.set(true);
        progress.set(0);
        resultRows.clear();
        targetRows.clear();
        verdicts.clear();
        sweep.set(null);
        winner.set(null);
        status.set("Starting…");
        live.reset(names(experiment), experiment.plan().analysis().metric(), this::showProgress);
        background.execute(() -> {
            try {
                Results results;
                if (recorded != null) {
                    var record = recorded.get();
                    current = record.run();
                    results = record.execute().results();
                } else {
                    var run = new ExperimentRun(engine, catalog, experiment, List.of(), live::accept);
                    current = run;
                    results = Analyzer.analyze(experiment, run.run());
                }
                ui.post(() -> finished(experiment, results));
            } catch (RuntimeException e) {
                ui.post(() -> {
                    running.set(false);
                    status.set("The experiment failed: " + e.getMessage());
                });
            } finally {
                current = null;
                refreshSaved();
            }
        });
    }

    private void showProgress() {
        var run = current;
        long now = System.nanoTime();
        if (run == null || now - lastProgressNanos < PROGRESS_NANOS) {
            return;
        }
        lastProgressNanos = now;
        var p = run.progress();
        progress.set(p.total() == 0 ? 0 : (double) p.done() / p.total());
        status.set(String.format("%d of %d requests · %.1f s · $%.4f", p.done(), p.total(), p.elapsedSeconds(), p.spentUsd()));
    }

    private void finished(Experiment experiment, Results results) {
        running.set(false);
        progress.set(1);
        showResults(experiment, results);
    }

    private void showResults(Experiment experiment, Results results) {
        resultRows.setAll(results.variants());
        targetRows.setAll(results.targets());
        var lines = new ArrayList<>(results.verdicts());
        lines.addAll(SloVerdicts.lines(results));
        results.qualityLine().ifPresent(lines::add);
        if (results.conversation() != null) {
            results.conversation().sessionLines().forEach(line -> lines.add("Conversations of " + line + "."));
            results.conversation().growthLines().forEach(line -> lines.add("Growth of " + line + "."));
        }
        if (results.users() != null) {
            results.users().classLines().forEach(line -> lines.add("Users of " + line + "."));
        }
        if (results.server() != null) {
            lines.addAll(results.server().lines());
        }
        results.adviceLines().forEach(line -> lines.add("Advice for " + line));
        var knee = Sweeps.kneeSentence(results);
        if (!knee.isEmpty()) {
            lines.add(knee);
        }
        sweep.set(results.sweep() == null ? null : results);
        if (lines.isEmpty() && experiment.variants().size() < 2) {
            lines.add("Add a variant to compare it with the baseline.");
        }
        verdicts.setAll(lines);
        winner.set(winnerOf(experiment, results));
        status.set(capitalized(results.status().id().replace('-', ' ')) + ": " + results.reason() + ".");
    }

    private static Variant winnerOf(Experiment experiment, Results results) {
        return results.comparisons().stream()
                .filter(c -> c.decides() && c.significant() && c.medianDifference().estimate() < 0)
                // A faster variant whose answers pass fewer checks is never the winner.
                .filter(c -> results.variants().stream().noneMatch(v -> v.variant().equals(c.variant()) && v.answersWorse()))
                .min((a, b) -> Double.compare(a.medianDifference().estimate(), b.medianDifference().estimate()))
                .flatMap(c -> experiment.variants().stream().filter(v -> v.name().equals(c.variant())).findFirst())
                .orElse(null);
    }

    private Arrival arrival(List<Problem> found) {
        var chosen = mode.get();
        return switch (chosen) {
            case SEQUENTIAL -> Arrival.SEQUENTIAL;
            case CONCURRENCY -> new Arrival(chosen, (int) Math.round(orZero(number(level.get(), "concurrency", found))), null, null);
            case CONSTANT, POISSON -> new Arrival(chosen, cap(found), number(level.get(), "rate", found), null);
            case SWEEP -> new Arrival(chosen, sweepOver.get().openLoop() ? cap(found) : null, null,
                    new Arrival.Sweep(sweepOver.get(), levels(found)));
        };
    }

    /** The cap on requests in flight; null when blank or not a whole number of 1 or more (then said). */
    private Integer cap(List<Problem> found) {
        var value = number(maxInFlight.get(), "at most in flight", found);
        if (value == null) {
            return null;
        }
        if (value < 1 || value != Math.rint(value)) {
            found.add(Problem.at("at most in flight", "'" + maxInFlight.get().strip()
                    + "' is not a whole number of requests, 1 or more"));
            return null;
        }
        return value.intValue();
    }

    private List<Double> levels(List<Problem> found) {
        try {
            return Arrays.stream(sweepLevels.get().split("[,\\s]+")).filter(s -> !s.isBlank()).map(Double::valueOf).toList();
        } catch (NumberFormatException e) {
            found.add(Problem.at("sweep levels", "'" + sweepLevels.get() + "' is not a list of numbers such as 1, 5, 20"));
            return List.of();
        }
    }

    private static Double number(String text, String field, List<Problem> found) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(text.strip());
        } catch (NumberFormatException e) {
            found.add(Problem.at(field, "'" + text + "' is not a number"));
            return null;
        }
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    private String nextName() {
        return "variant " + (char) ('A' + Math.max(0, variants.size() - 1) % 26);
    }

    private static List<String> names(Experiment experiment) {
        return experiment.variants().stream().map(Variant::name).collect(Collectors.toList());
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
