package dev.llmdyno.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmdyno.checks.Check;

import java.util.List;
import java.util.Map;

/**
 * An experiment as people write it (docs/experiments.md): a base profile, variants that override parts of it, the
 * rows of variables to call it with, how often and at what pace, when to give up, how to judge and, optionally, the
 * service-level objective each variant is held to, and the quality checks every answer is put to. {@code base}
 * is a path to a profile file (relative to the plan) or a profile written inline.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schemaVersion", "name", "description", "base", "variants", "dataset", "conversations", "replay",
        "users", "repetitions", "warmup", "arrival", "limits", "analysis", "slo", "checks", "seed"})
public record ExperimentPlan(Integer schemaVersion, String name, String description, JsonNode base,
                             List<VariantSpec> variants, Dataset dataset, Integer repetitions, Integer warmup,
                             Arrival arrival, Limits limits, Analysis analysis, Slo slo, List<Check> checks,
                             Long seed, ServerMetrics serverMetrics, Conversations conversations, Replay replay,
                             List<UserClass> users) {

    public static final int SCHEMA_VERSION = 1;

    public ExperimentPlan {
        schemaVersion = schemaVersion == null ? SCHEMA_VERSION : schemaVersion;
        variants = variants == null || variants.isEmpty() ? List.of(new VariantSpec("base", null)) : List.copyOf(variants);
        dataset = dataset == null ? Dataset.NONE : dataset;
        repetitions = repetitions == null ? 20 : repetitions;
        warmup = warmup == null ? 1 : warmup;
        arrival = arrival == null ? Arrival.SEQUENTIAL : arrival;
        limits = limits == null ? Limits.NONE : limits;
        analysis = analysis == null ? Analysis.DEFAULTS : analysis;
        checks = checks == null ? List.of() : List.copyOf(checks);
        seed = seed == null ? 1L : seed;
        users = users == null ? List.of() : List.copyOf(users);
    }

    /** A plan of single calls (no conversations, no replay). */
    public ExperimentPlan(Integer schemaVersion, String name, String description, JsonNode base,
                          List<VariantSpec> variants, Dataset dataset, Integer repetitions, Integer warmup,
                          Arrival arrival, Limits limits, Analysis analysis, Slo slo, List<Check> checks,
                          Long seed, ServerMetrics serverMetrics) {
        this(schemaVersion, name, description, base, variants, dataset, repetitions, warmup, arrival, limits, analysis,
                slo, checks, seed, serverMetrics, null, null, null);
    }

    /**
     * Sessions instead of single calls (docs/conversations.md): conversations from a JSONL {@code file} (relative to
     * the plan), written inline ({@code sessions}) or made up ({@code synthetic}), each played turn after turn with
     * {@code thinkTimeMs} between an answer and the next turn. Each repetition plays every conversation once per
     * variant.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"file", "sessions", "synthetic", "thinkTimeMs"})
    public record Conversations(String file, List<Conversation> sessions, Synthetic synthetic, Integer thinkTimeMs) {

        public Conversations {
            sessions = sessions == null ? List.of() : List.copyOf(sessions);
        }

        public int thinkTimeOrDefault() {
            return thinkTimeMs == null ? 0 : thinkTimeMs;
        }
    }

    /**
     * A trace of recorded calls sent again at its own times (docs/replay.md): from {@code file} (relative to the plan)
     * in {@code format} ({@code auto}, {@code dyno}, {@code otel}, {@code litellm} or {@code langfuse}), or as
     * {@code records} written out (what the store keeps). {@code speed} divides every gap (2 is twice as fast);
     * {@code maxGapMs} then cuts every longer gap to it, so a quiet night does not take a night. Each variant replays
     * the whole trace in a pass of its own, so each meets the traffic as it was.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"file", "format", "speed", "maxGapMs", "records"})
    public record Replay(String file, String format, Double speed, Double maxGapMs, List<TraceRecord> records) {

        public Replay {
            records = records == null ? List.of() : List.copyOf(records);
        }

        public double speedOrDefault() {
            return speed == null ? 1 : speed;
        }
    }

    /**
     * A class of simulated users (docs/users.md): {@code count} users named {@code name-1}, {@code name-2}, ..., each
     * sending {@code requests} requests (the plan's repetitions unless set) from {@code startMs} after the pass
     * begins (0 unless set), either waiting {@code thinkTimeMs} after
     * each answer (closed loop) or starting requests at {@code ratePerSecond}, Poisson, whether or not earlier ones
     * have ended (open loop). {@code priority} orders the classes where the profile's priority lever queues them
     * (lower first, as vLLM reads it; 0 unless set), {@code weight} is the class's share under fair queueing (1
     * unless set), {@code requestsPerMinute} a token bucket of the class's own, and {@code apiKeyRef} the secret
     * reference of the key its users call with (the profile's unless set).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "count", "requests", "startMs", "thinkTimeMs", "ratePerSecond", "priority", "weight",
            "requestsPerMinute", "apiKeyRef"})
    public record UserClass(String name, Integer count, Integer requests, Integer startMs, Integer thinkTimeMs,
                            Double ratePerSecond, Integer priority, Double weight, Integer requestsPerMinute,
                            String apiKeyRef) {

        public int countOrDefault() {
            return count == null ? 1 : count;
        }

        public long startNanos() {
            return startMs == null ? 0 : java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(startMs);
        }

        public int priorityOrDefault() {
            return priority == null ? 0 : priority;
        }

        public double weightOrDefault() {
            return weight == null ? 1 : weight;
        }

        /** Whether its users start requests at a rate rather than after each answer. */
        public boolean openLoop() {
            return ratePerSecond != null;
        }
    }

    /**
     * Made-up conversations: {@code sessions} of {@code turns} user turns each, the first {@code userTokens} long
     * and each later one {@code growthTokens} longer (0: all the same length).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"sessions", "turns", "userTokens", "growthTokens"})
    public record Synthetic(Integer sessions, Integer turns, Integer userTokens, Integer growthTokens) {
        public Synthetic {
            sessions = sessions == null ? 3 : sessions;
            turns = turns == null ? 6 : turns;
            userTokens = userTokens == null ? 40 : userTokens;
            growthTokens = growthTokens == null ? 0 : growthTokens;
        }
    }

    /**
     * The server under test's Prometheus endpoint (a vLLM server, or the simulator), scraped through the run every
     * {@code intervalMs} (default 1,000) so the results show its own figures beside the client's.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServerMetrics(String url, Integer intervalMs) {
        public static final int DEFAULT_INTERVAL_MS = 1_000;

        public int intervalOrDefault() {
            return intervalMs == null ? DEFAULT_INTERVAL_MS : intervalMs;
        }
    }

    /** One variant: a name and the profile fields it changes ({@code tier} picks that tier's model). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record VariantSpec(String name, ObjectNode overrides) {
    }

    /** Variable rows, inline or from a CSV (header row) or JSONL file relative to the plan. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Dataset(List<Map<String, String>> rows, String file) {
        public static final Dataset NONE = new Dataset(null, null);

        public Dataset {
            rows = rows == null ? List.of() : List.copyOf(rows);
        }
    }

    public ExperimentPlan withBase(JsonNode value) {
        return new ExperimentPlan(schemaVersion, name, description, value, variants, dataset, repetitions, warmup,
                arrival, limits, analysis, slo, checks, seed, serverMetrics, conversations, replay, users);
    }

    public ExperimentPlan withDataset(Dataset value) {
        return new ExperimentPlan(schemaVersion, name, description, base, variants, value, repetitions, warmup,
                arrival, limits, analysis, slo, checks, seed, serverMetrics, conversations, replay, users);
    }

    public ExperimentPlan withConversations(Conversations value) {
        return new ExperimentPlan(schemaVersion, name, description, base, variants, dataset, repetitions, warmup,
                arrival, limits, analysis, slo, checks, seed, serverMetrics, value, replay, users);
    }

    public ExperimentPlan withReplay(Replay value) {
        return new ExperimentPlan(schemaVersion, name, description, base, variants, dataset, repetitions, warmup,
                arrival, limits, analysis, slo, checks, seed, serverMetrics, conversations, value, users);
    }
}
