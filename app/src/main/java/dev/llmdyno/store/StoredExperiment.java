package dev.llmdyno.store;

import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.experiment.Analyzer;
import dev.llmdyno.experiment.Experiment;
import dev.llmdyno.experiment.Outcome;
import dev.llmdyno.experiment.Plans;
import dev.llmdyno.experiment.Results;
import dev.llmdyno.experiment.Sample;
import dev.llmdyno.profile.InvalidInputException;

import java.util.List;

/** An experiment read back from the store: its plan made runnable again, its samples, and their analysis. */
public record StoredExperiment(ExperimentRecord record, Experiment experiment, List<Sample> samples, Results results) {

    /** The stored plan as an experiment; fails when it no longer validates (a model left the catalog, say). */
    public static Experiment plan(ExperimentRecord record, Catalog catalog) throws InvalidInputException {
        return new Plans(catalog).fromJson(record.planJson(), "experiment " + record.id());
    }

    public static StoredExperiment load(Store store, ExperimentRecord record, Catalog catalog)
            throws InvalidInputException {
        var experiment = plan(record, catalog);
        var samples = store.samples(record.id());
        var reason = record.reason() != null ? record.reason()
                : record.status() == Outcome.Status.RUNNING ? "still running" : record.status().id();
        var results = Analyzer.analyze(experiment, new Outcome(record.status(), reason, 0, samples));
        return new StoredExperiment(record, experiment, samples, results);
    }
}
