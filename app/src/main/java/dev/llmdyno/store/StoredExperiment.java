package dev.llmdyno.store;

import com.fasterxml.jackson.core.JacksonException;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.experiment.Analyzer;
import dev.llmdyno.experiment.Experiment;
import dev.llmdyno.experiment.Outcome;
import dev.llmdyno.experiment.Plans;
import dev.llmdyno.experiment.Results;
import dev.llmdyno.experiment.Sample;
import dev.llmdyno.metrics.ServerWindow;
import dev.llmdyno.profile.Mappers;
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
        var results = Analyzer.analyze(experiment, new Outcome(record.status(), reason, 0, samples,
                server(record)));
        return new StoredExperiment(record, experiment, samples, results);
    }

    /**
     * What the server reported, as the results stored at the end of the run keep it: the samples give everything
     * else again, but the server's series were read once. Null when there are none (or they cannot be read).
     */
    private static ServerWindow server(ExperimentRecord record) {
        if (record.resultsJson() == null) {
            return null;
        }
        try {
            var server = Mappers.json().readTree(record.resultsJson()).get("server");
            return server == null || server.isNull() ? null : Mappers.json().treeToValue(server, ServerWindow.class);
        } catch (JacksonException e) {
            return null; // results written by another version: the samples still give everything else
        }
    }
}
