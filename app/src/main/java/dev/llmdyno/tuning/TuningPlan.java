package dev.llmdyno.tuning;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmdyno.checks.Check;
import dev.llmdyno.experiment.Arrival;
import dev.llmdyno.experiment.Slo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A search as people write it (docs/tuning.md): a base profile, the levers to try ({@code space}: an override path
 * such as {@code tier} or {@code params.maxTokens}, and its values), what to minimise, the SLO every answer must keep,
 * the checks every answer is put to and the share that must pass them all ({@code minPassRate}, the quality
 * floor), and what the search may spend. {@code base} is a profile file relative to the plan, or a profile inline.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schemaVersion", "name", "description", "base", "space", "objective", "slo", "checks",
        "minPassRate", "budget", "arrival", "seed"})
public record TuningPlan(Integer schemaVersion, String name, String description, JsonNode base,
                         Map<String, List<JsonNode>> space, Objective objective, Slo slo, List<Check> checks,
                         Double minPassRate, Budget budget, Arrival arrival, Long seed) {

    public static final int SCHEMA_VERSION = 1;

    public TuningPlan {
        schemaVersion = schemaVersion == null ? SCHEMA_VERSION : schemaVersion;
        space = space == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(space));
        objective = objective == null ? Objective.COST : objective;
        checks = checks == null ? List.of() : List.copyOf(checks);
        budget = budget == null ? Budget.NONE : budget;
        arrival = arrival == null ? new Arrival(Arrival.Mode.CONCURRENCY, 4, null, null) : arrival;
        seed = seed == null ? 1L : seed;
    }

    public TuningPlan withBase(JsonNode value) {
        return new TuningPlan(schemaVersion, name, description, value, space, objective, slo, checks, minPassRate,
                budget, arrival, seed);
    }

    /**
     * What to minimise: {@code costPerRequestUsd} (the mean), or a timing ({@code ttftMs}, {@code latencyMs}, ...) at
     * a {@code percentile} (default p95).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Objective(String minimize, String percentile) {
        public static final String COST_PER_REQUEST = "costPerRequestUsd";
        public static final Objective COST = new Objective(COST_PER_REQUEST, null);

        public Objective {
            minimize = minimize == null ? COST_PER_REQUEST : minimize;
            percentile = percentile == null ? "p95" : percentile;
        }

        public boolean cost() {
            return COST_PER_REQUEST.equals(minimize);
        }

        /** An estimate of this objective for people: "$0.000042", "412 ms". */
        public String format(double value) {
            if (Double.isNaN(value)) {
                return "-";
            }
            return (cost() ? dev.llmdyno.experiment.SampleMetric.COST : dev.llmdyno.experiment.SampleMetric.TTFT)
                    .format(value);
        }

        /** "mean cost per request", "p95 ttftMs". */
        public String describe() {
            return cost() ? "mean cost per request" : percentile + " " + minimize;
        }
    }

    /** The most the search may send, spend and take, warm-ups and the confirmation run included; null: no limit. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Budget(Integer requests, Double usd, Double minutes) {
        public static final Budget NONE = new Budget(null, null, null);
    }
}
