package dev.llmdyno.store;

import com.fasterxml.jackson.core.JacksonException;
import dev.llmdyno.call.CallEngine;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.experiment.Analyzer;
import dev.llmdyno.experiment.Experiment;
import dev.llmdyno.experiment.ExperimentRun;
import dev.llmdyno.experiment.Outcome;
import dev.llmdyno.experiment.Results;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.telemetry.MachineReading;
import dev.llmdyno.telemetry.MachineSampler;

import java.util.List;
import java.util.function.Consumer;

/**
 * An experiment run that the store keeps: recorded before the first request, its samples saved as they arrive
 * (see {@link SampleWriter}), the machine's readings saved beside them, and its results when it ends.
 */
public final class RecordedRun {

    private final Store store;
    private final long id;
    private final ExperimentRun run;
    private final SampleWriter writer;
    private final MachineSampler machine;
    private final Consumer<MachineReading> readings;
    private volatile RuntimeException finishFailure;

    private RecordedRun(Store store, long id, ExperimentRun run, SampleWriter writer, MachineSampler machine) {
        this.store = store;
        this.id = id;
        this.run = run;
        this.writer = writer;
        this.machine = machine;
        this.readings = reading -> store.addMachineReading(id, reading);
    }

    /**
     * Records a new experiment and prepares its run; {@code listener} hears each sample after it is queued for
     * saving. {@code machine} may be null when no readings are wanted.
     */
    public static RecordedRun start(Store store, CallEngine engine, Catalog catalog, Experiment experiment,
                                    ExperimentRun.Listener listener, MachineSampler machine) {
        long id = store.createExperiment(experiment.name(), planJson(experiment), experiment.base());
        return create(store, id, engine, catalog, experiment, List.of(), listener, machine);
    }

    /**
     * Takes up an interrupted or cancelled experiment where it stopped: the samples it kept count, the rest are
     * sent. {@code experiment} is the record's plan (see {@link StoredExperiment#plan}).
     */
    public static RecordedRun resume(Store store, ExperimentRecord record, Experiment experiment, CallEngine engine,
                                     Catalog catalog, ExperimentRun.Listener listener, MachineSampler machine) {
        if (record.status() != Outcome.Status.INTERRUPTED && record.status() != Outcome.Status.CANCELLED) {
            throw new IllegalArgumentException("experiment " + record.id() + " is " + record.status().id()
                    + "; only interrupted or cancelled experiments can be resumed");
        }
        var previous = store.samples(record.id());
        store.reopen(record.id());
        return create(store, record.id(), engine, catalog, experiment, previous, listener, machine);
    }

    private static RecordedRun create(Store store, long id, CallEngine engine, Catalog catalog, Experiment experiment,
                                      List<dev.llmdyno.experiment.Sample> previous, ExperimentRun.Listener listener,
                                      MachineSampler machine) {
        var writer = new SampleWriter(store, id);
        var run = new ExperimentRun(engine, catalog, experiment, previous, sample -> {
            writer.add(sample);
            listener.onSample(sample);
        });
        // A conversation's session cut off in the middle is played again whole: its old turns go.
        store.deleteSamples(id, run.setAside().stream().map(dev.llmdyno.experiment.Sample::trial).toList());
        return new RecordedRun(store, id, run, writer, machine);
    }

    public long id() {
        return id;
    }

    public ExperimentRun run() {
        return run;
    }

    /** How the run ended, with every sample, and what the analysis found. */
    public record Finished(Outcome outcome, Results results) {
    }

    /** Runs to the end, saves the last samples and the results; returns what was found. */
    public Finished execute() {
        if (machine != null) {
            machine.addListener(readings);
        }
        Outcome outcome;
        try {
            outcome = run.run();
        } finally {
            if (machine != null) {
                machine.removeListener(readings);
            }
            writer.close();
        }
        var results = Analyzer.analyze(run.experiment(), outcome);
        try {
            store.finish(id, outcome.status(), outcome.reason(), resultsJson(results));
        } catch (StoreException e) {
            // The run's own results do not depend on the store: they are returned, and the failure is reported.
            finishFailure = e;
        }
        return new Finished(outcome, results);
    }

    /** Who hears the first failure to save, as it happens (a full disk mid-run). */
    public void onSaveFailure(Consumer<RuntimeException> listener) {
        writer.onFirstFailure(listener);
    }

    /** The last failure to save samples or the results, if any: then the store lacks part of this run. */
    public RuntimeException saveFailure() {
        return finishFailure != null ? finishFailure : writer.failure();
    }

    static String planJson(Experiment experiment) {
        try {
            return Mappers.json().writeValueAsString(experiment.plan());
        } catch (JacksonException e) {
            throw new IllegalStateException("a plan could not be written", e);
        }
    }

    static String resultsJson(Results results) {
        try {
            return Mappers.json().writeValueAsString(results);
        } catch (JacksonException e) {
            throw new IllegalStateException("results could not be written", e);
        }
    }
}
