package dev.llmdyno.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every series the client exposes, named once: the OpenTelemetry name, its Prometheus form (dots to underscores;
 * the unit's suffix and a counter's {@code _total} are added on exposition), its unit, and where it comes from.
 * The GenAI conventions are still moving: {@link Naming#CURRENT} is the one most dashboards know (tokens in one
 * histogram by {@code gen_ai.token.type}); {@link Naming#LATEST} the newer {@code gen_ai.client.inference.*}
 * token series, which {@code OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental} selects as OpenTelemetry's
 * own instrumentations do. docs/monitoring.md lists them all with their labels.
 */
public enum ClientMetric {

    OPERATION_DURATION(Naming.BOTH, Kind.HISTOGRAM, "gen_ai.client.operation.duration", true,
            "Request start to the end of the answer (e2eMs), errors included with error_type",
            Buckets.DURATION_SECONDS, List.of("error_type")),
    TIME_TO_FIRST_CHUNK(Naming.BOTH, Kind.HISTOGRAM, "gen_ai.client.operation.time_to_first_chunk", true,
            "Request start to the first chunk carrying a generated token (ttftMs); streamed calls only",
            Buckets.FIRST_TOKEN_SECONDS, List.of()),
    TIME_PER_OUTPUT_CHUNK(Naming.BOTH, Kind.HISTOGRAM, "gen_ai.client.operation.time_per_output_chunk", true,
            "The gap before each chunk after the first (chunkGapsMs); streamed calls only",
            Buckets.CHUNK_GAP_SECONDS, List.of()),
    TOKEN_USAGE(Naming.CURRENT, Kind.HISTOGRAM, "gen_ai.client.token.usage", false,
            "Tokens per call by gen_ai_token_type: input (billed, cached included) and output",
            Buckets.TOKENS, List.of("gen_ai_token_type")),
    INPUT_TOKENS(Naming.LATEST, Kind.HISTOGRAM, "gen_ai.client.inference.operation.input_tokens", false,
            "Input tokens per call, cached included", Buckets.TOKENS, List.of()),
    OUTPUT_TOKENS(Naming.LATEST, Kind.HISTOGRAM, "gen_ai.client.inference.operation.output_tokens", false,
            "Output tokens per call, reasoning included", Buckets.TOKENS, List.of()),
    INPUT_TOKENS_USED(Naming.LATEST, Kind.COUNTER, "gen_ai.client.inference.usage.input_tokens", false,
            "Input tokens, a running total", null, List.of()),
    OUTPUT_TOKENS_USED(Naming.LATEST, Kind.COUNTER, "gen_ai.client.inference.usage.output_tokens", false,
            "Output tokens, a running total", null, List.of()),
    CACHE_READ_TOKENS_USED(Naming.LATEST, Kind.COUNTER, "gen_ai.client.inference.usage.cache_read.input_tokens",
            false, "Input tokens read from the provider's prompt cache, a running total", null, List.of()),
    CACHE_WRITE_TOKENS_USED(Naming.LATEST, Kind.COUNTER, "gen_ai.client.inference.usage.cache_write.input_tokens",
            false, "Input tokens written to the provider's prompt cache, a running total", null, List.of()),
    REQUESTS(Naming.BOTH, Kind.COUNTER, "llm_dyno.client.requests", false,
            "Calls ended, by outcome: ok, error or cached (answered by the response cache)", null, List.of("outcome")),
    ERRORS(Naming.BOTH, Kind.COUNTER, "llm_dyno.client.errors", false,
            "Calls that failed, by error_type (the last attempt's)", null, List.of("error_type")),
    ATTEMPT_ERRORS(Naming.BOTH, Kind.COUNTER, "llm_dyno.client.attempt.errors", false,
            "Attempts that failed, retried or not, by error_type and HTTP status (429s among them)", null,
            List.of("error_type", "http_status")),
    RETRIES(Naming.BOTH, Kind.COUNTER, "llm_dyno.client.retries", false,
            "Attempts after a call's first", null, List.of()),
    QUEUE(Naming.BOTH, Kind.HISTOGRAM, "llm_dyno.client.queue.duration", true,
            "Planned send time to request start: the client's rate limits and concurrency (queueMs)",
            Buckets.DURATION_SECONDS, List.of()),
    CACHED_INPUT_TOKENS(Naming.CURRENT, Kind.COUNTER, "llm_dyno.client.prompt_cache.read_tokens", false,
            "Input tokens read from the provider's prompt cache, a running total", null, List.of()),
    COST(Naming.BOTH, Kind.COUNTER, "llm_dyno.client.cost.usd", false,
            "What the calls cost at catalog prices, in US dollars", null, List.of()),
    IN_FLIGHT(Naming.BOTH, Kind.GAUGE, "llm_dyno.client.requests.in_flight", false,
            "Calls begun and not ended", null, List.of());

    /** Which set of names a series belongs to. */
    public enum Naming {
        /** {@code gen_ai.client.token.usage} by token type: what today's dashboards query. */
        CURRENT,
        /** The newer per-direction {@code gen_ai.client.inference.*} token series. */
        LATEST,
        BOTH;

        /** From {@code OTEL_SEMCONV_STABILITY_OPT_IN}, a comma-separated list, as OpenTelemetry reads it. */
        public static Naming fromOptIn(String value) {
            if (value == null) {
                return CURRENT;
            }
            return Arrays.stream(value.split(",")).map(String::trim).anyMatch("gen_ai_latest_experimental"::equals)
                    ? LATEST : CURRENT;
        }
    }

    enum Kind { HISTOGRAM, COUNTER, GAUGE }

    private final Naming naming;
    private final Kind kind;
    private final String otelName;
    private final boolean seconds;
    private final String help;
    private final double[] buckets;
    private final List<String> labels;

    ClientMetric(Naming naming, Kind kind, String otelName, boolean seconds, String help, double[] buckets,
                 List<String> extraLabels) {
        this.naming = naming;
        this.kind = kind;
        this.otelName = otelName;
        this.seconds = seconds;
        this.help = help;
        this.buckets = buckets;
        this.labels = kind == Kind.GAUGE ? CallLabels.STARTED : concat(CallLabels.ENDED, extraLabels);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }

    /** The series named under {@code naming}. */
    public static List<ClientMetric> of(Naming naming) {
        return Arrays.stream(values())
                .filter(metric -> metric.naming == Naming.BOTH || metric.naming == naming).toList();
    }

    public String otelName() {
        return otelName;
    }

    /** The Prometheus name before its suffixes: {@code gen_ai_client_operation_duration}. */
    public String prometheusBase() {
        return otelName.replace('.', '_');
    }

    /** The name as Prometheus shows it: the unit's suffix for seconds, {@code _total} for a counter. */
    public String prometheusName() {
        return prometheusBase() + (seconds ? "_seconds" : "") + (kind == Kind.COUNTER ? "_total" : "");
    }

    Kind kind() {
        return kind;
    }

    boolean seconds() {
        return seconds;
    }

    String help() {
        return help;
    }

    /** The label names, the call's own ({@link CallLabels}) first. */
    List<String> labels() {
        return labels;
    }

    double[] buckets() {
        return buckets.clone();
    }
}
