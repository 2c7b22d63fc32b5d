package dev.llmdyno.tuning;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmdyno.experiment.Results;
import dev.llmdyno.experiment.Sample;

import java.util.List;

/**
 * What a search found (written as search.json): every round with its requests, each candidate's standing after
 * every round it ran in, the Pareto front of cost against the latency percentile, the best candidate, and the
 * confirmation run that rechecked it with a fresh seed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchResult(String name, Status status, String reason, TuningPlan.Objective objective, String slo,
                           List<Round> rounds, List<Trial> trials, List<Trial> pareto, Trial best,
                           Confirmation confirmation, Spent spent) {

    public enum Status {
        /** The best candidate was confirmed: recommended.yaml holds it. */
        RECOMMENDED,
        /** A best candidate was found, but the confirmation run did not show it meets the SLO. */
        NOT_CONFIRMED,
        /** Every candidate missed the SLO. */
        NONE_MEETS,
        /** Stopped (Ctrl-C, or the budget ran out before a candidate could be picked); the search can resume. */
        STOPPED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One round of successive halving: the candidates it ran, how many requests each was sent, and those requests
     * (filed under each candidate's index in the ledger), so a search that is stopped resumes after its last round.
     */
    public record Round(int number, List<String> candidates, int requestsEach, double seconds, List<Sample> samples) {
    }

    /**
     * A candidate after a round, on all its requests so far: its standing against the constraints (the SLO and the
     * quality floor: missed when either is missed with confidence, met when every one is met), the objective's estimate, its mean
     * cost per request and {@code latencyMs} (the objective's timing at its percentile, or p95 latency when the
     * objective is cost), and whether it went on to the next round.
     */
    public record Trial(int round, String candidate, ObjectNode overrides, int requests, Results.Standing standing,
                       double objective, double costPerRequestUsd, double latencyMs, boolean kept) {
    }

    /** The best candidate run again alone, with a fresh seed: what the recommendation rests on. */
    public record Confirmation(String candidate, long seed, int requests, Results.Standing standing, double objective,
                               String evidence) {
    }

    /** What the search took: requests (warm-ups included), dollars and seconds. */
    public record Spent(int requests, double usd, double seconds) {
    }
}
