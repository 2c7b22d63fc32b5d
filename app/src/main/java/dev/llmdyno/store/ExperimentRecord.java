package dev.llmdyno.store;

import dev.llmdyno.experiment.Outcome;

/** An experiment as the store lists it. Times are epoch milliseconds; {@code endedAt} is null while it runs. */
public record ExperimentRecord(long id, String name, Outcome.Status status, String reason, long startedAt,
                               Long endedAt, int samples, String planJson, String resultsJson) {
}
