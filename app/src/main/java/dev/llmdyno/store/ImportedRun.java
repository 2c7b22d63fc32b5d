package dev.llmdyno.store;

import dev.llmdyno.experiment.Analyzer;
import dev.llmdyno.experiment.Experiment;
import dev.llmdyno.experiment.Outcome;
import dev.llmdyno.experiment.Results;
import dev.llmdyno.experiment.Sample;
import dev.llmdyno.experiment.Schedule;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * An experiment that another tool ran (an exported load script), kept as a run of LLM Dyno's own. Importing from
 * the same {@code source} again adds only the trials not kept yet, so lines that arrive later, from a worker that
 * was slow to hand its file over, complete the same experiment. It is complete when every trial of the schedule
 * has its sample; until then it is interrupted, and says how many are in.
 */
public record ImportedRun(long id, boolean added, int newSamples, List<Sample> samples, Outcome.Status status,
                          Results results) {

    public static ImportedRun save(Store store, Experiment experiment, String source, List<Sample> samples) {
        var existing = store.experimentFrom(source);
        long id = existing.isPresent() ? existing.get().id()
                : store.createExperiment(experiment.name(), RecordedRun.planJson(experiment), experiment.base(), source);
        var kept = new ArrayList<>(existing.isPresent() ? store.samples(id) : List.of());
        var keptTrials = new HashSet<Integer>();
        kept.forEach(sample -> keptTrials.add(sample.trial()));
        var fresh = samples.stream().filter(sample -> !keptTrials.contains(sample.trial())).toList();
        store.addSamples(id, fresh);
        kept.addAll(fresh);
        kept.sort(java.util.Comparator.comparingDouble(Sample::endedMs));
        int planned = Schedule.of(experiment).size();
        boolean complete = kept.size() == planned;
        var status = complete ? Outcome.Status.COMPLETED : Outcome.Status.INTERRUPTED;
        var reason = complete ? "imported: every planned request"
                : "imported " + kept.size() + " of " + planned + " planned requests; import again when the rest "
                + "have arrived";
        var results = Analyzer.analyze(experiment, new Outcome(status, reason, 0, kept));
        store.finish(id, status, reason, RecordedRun.resultsJson(results));
        return new ImportedRun(id, existing.isEmpty(), fresh.size(), List.copyOf(kept), status, results);
    }
}
