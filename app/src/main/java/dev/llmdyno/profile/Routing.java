package dev.llmdyno.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Several targets for one profile and how calls are spread over them: the same model behind several deployments
 * (regions, replicas, a local fallback). A target is an endpoint with an optional model of its own, a weight and
 * optionally a group. {@code fallback} says which failures move the next try to another target and when a failing
 * target is rested. Groups are tried in the order they first appear: the strategy balances inside the first group
 * that has a target left, and the next group is where calls fall back to once every target before it has failed or
 * rests.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Routing(Strategy strategy, List<Target> targets, Fallback fallback) {

    public Routing {
        strategy = strategy == null ? Strategy.ROUND_ROBIN : strategy;
        targets = targets == null ? List.of() : List.copyOf(targets);
        fallback = fallback == null ? Fallback.DEFAULTS : fallback;
    }

    /** How the first try of each call picks its target. */
    public enum Strategy {
        /** Each target in turn. */
        ROUND_ROBIN("round-robin"),
        /** At random, in proportion to the weights. */
        WEIGHTED("weighted"),
        /** The target with the fewest calls in flight from this client (ties in turn). */
        LEAST_OUTSTANDING("least-outstanding"),
        /** The lowest moving average of time to first token, with one try in ten spent exploring the others. */
        LOWEST_LATENCY("lowest-latency");

        private final String id;

        Strategy(String id) {
            this.id = id;
        }

        @JsonValue
        public String id() {
            return id;
        }

        @JsonCreator
        public static Strategy fromId(String id) {
            return Arrays.stream(values()).filter(s -> s.id.equalsIgnoreCase(id) || s.name().equalsIgnoreCase(id))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("'" + id + "' is not a routing strategy; use "
                            + Arrays.stream(values()).map(Strategy::id).collect(Collectors.joining(", "))));
        }
    }

    /**
     * One place calls can go: a name, an endpoint, optionally its own model, a weight (default 1) and a group
     * (targets without one form a group of their own).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Target(String name, Endpoint endpoint, String model, Double weight, String group) {

        public double weightOrDefault() {
            return weight == null ? 1 : weight;
        }

        /** The group's name, "" for the targets that name none. */
        public String groupOrDefault() {
            return group == null ? "" : group;
        }
    }

    /** The groups in the order they are tried: the order in which their first targets appear. */
    public List<String> groupOrder() {
        return targets.stream().map(Target::groupOrDefault).distinct().toList();
    }

    /**
     * Which failures send the next try to another target (statuses, and timeouts and connection errors), and how many
     * failures in a row rest a target for {@code cooldownSeconds}, as LiteLLM's allowed_fails and cooldown_time.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Fallback(List<Integer> onStatus, Boolean onTimeout, Integer allowedFails, Integer cooldownSeconds) {

        public static final Fallback DEFAULTS = new Fallback(null, null, null, null);

        public Fallback {
            onStatus = onStatus == null ? List.of(429, 500, 502, 503, 504) : List.copyOf(onStatus);
            onTimeout = onTimeout == null || onTimeout;
            allowedFails = allowedFails == null ? 3 : allowedFails;
            cooldownSeconds = cooldownSeconds == null ? 30 : cooldownSeconds;
        }
    }
}
