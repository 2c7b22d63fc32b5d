package dev.llmdyno.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.llmdyno.experiment.ExperimentPlan;

import java.util.List;
import java.util.Map;

/**
 * An experiment as a load script runs it ({@value #FILE} beside the script): every distinct request written out as
 * the engine sends it (one per variant and row, the key a {@code ${VARIABLE}} placeholder), the schedule in order
 * with each trial's request and, for open-loop paces, its planned start, and the self-contained plan, so that
 * {@code dyno experiment import} can analyse what the script measured as the plan's own run. {@code exportId}
 * names this export: importing the same directory again adds to the same experiment.
 */
@JsonPropertyOrder({"format", "version", "exportId", "name", "arrival", "keys", "requests", "trials", "plan"})
public record LoadPlan(String format, int version, String exportId, String name, Pace arrival, List<String> keys,
                       List<Request> requests, List<double[]> trials, ExperimentPlan plan) {

    public static final String FILE = "dyno-plan.json";
    public static final String FORMAT = "llm-dyno-load-plan";
    public static final int VERSION = 1;

    public LoadPlan {
        keys = List.copyOf(keys);
        requests = List.copyOf(requests);
        trials = List.copyOf(trials);
    }

    /**
     * How requests are sent: {@code sequential} or {@code concurrency} ({@code users} callers, each sending its share
     * of the trials one after another), or {@code constant}/{@code poisson} (each trial at its planned start, at most
     * {@code cap} in flight where the plan caps them).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pace(String mode, Integer users, Double rate, Integer cap) {
    }

    /**
     * One request: the variant and row it stands for, where it goes, its headers and its body byte for byte, the wire
     * protocol its answer is read by, whether it streams, and the profile's timeouts (milliseconds).
     */
    public record Request(int variant, String variantName, int row, String url, Map<String, String> headers,
                          String body, String protocol, boolean stream, Timeouts timeouts) {
    }

    public record Timeouts(int connectMs, int firstTokenMs, int idleMs, int totalMs) {
    }

    /**
     * The request trial {@code index} sends. A trial is written {@code [index, request, plannedMs]}: its schedule
     * index, the index of its request, and its planned start in milliseconds from the run's start (−1 in closed-loop
     * modes, where a caller sends when it is free).
     */
    public int requestOf(int index) {
        return (int) trials.get(index)[1];
    }
}
