package dev.llmdyno.tuning;

import dev.llmdyno.experiment.Experiment;

import java.util.List;

/**
 * A tuning plan resolved: the plan as written (with the base inlined), its candidates, and an experiment holding
 * every candidate as a variant, which validated them all and against which every round's requests are judged.
 */
public record Tuning(TuningPlan plan, List<Candidate> candidates, Experiment ledger) {

    /** One point of the search space: a name people can read ("tier=fast, params.maxTokens=64") and its overrides. */
    public record Candidate(String name, com.fasterxml.jackson.databind.node.ObjectNode overrides) {
    }
}
