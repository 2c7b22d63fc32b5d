package dev.llmdyno.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The per-request numbers an experiment compares, named as in docs/metrics.md. */
public enum SampleMetric {
    TTFT("ttftMs", "TTFT", Unit.MS, Sample::ttftMs),
    TTFC("ttfcMs", "TTFC", Unit.MS, Sample::ttfcMs),
    TPOT("tpotMs", "TPOT", Unit.MS, Sample::tpotMs),
    E2E("e2eMs", "e2e time", Unit.MS, Sample::e2eMs),
    LATENCY("latencyMs", "latency", Unit.MS, Sample::latencyMs),
    OUTPUT_TOKENS("outputTokens", "output tokens", Unit.TOKENS,
            sample -> sample.outputTokens() == null ? null : sample.outputTokens().doubleValue()),
    COST("costUsd", "cost", Unit.USD, Sample::costUsd);

    public enum Unit { MS, TOKENS, USD }

    private final String id;
    private final String label;
    private final Unit unit;
    private final Function<Sample, Double> value;

    SampleMetric(String id, String label, Unit unit, Function<Sample, Double> value) {
        this.id = id;
        this.label = label;
        this.unit = unit;
        this.value = value;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public Unit unit() {
        return unit;
    }

    /** This metric of a sample; null when the sample has none (a failed call, a non-streamed TTFT). */
    public Double of(Sample sample) {
        return sample.ok() ? value.apply(sample) : null;
    }

    @JsonCreator
    public static SampleMetric fromId(String id) {
        return Arrays.stream(values()).filter(metric -> metric.id.equalsIgnoreCase(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + id + "' is not a metric; use "
                        + Arrays.stream(values()).map(SampleMetric::id).collect(Collectors.joining(", "))));
    }

    /** {@code amount}, or 0 where it rounds to 0.0: "-0.0 ms" for a difference of -0.03 ms reads as a typo. */
    private static double tenthsOrZero(double amount) {
        return Math.round(amount * 10) == 0 ? 0.0 : amount;
    }

    /** A value of this metric for people: {@code 412 ms}, {@code 180 tokens}, {@code $0.00042}. */
    public String format(double amount) {
        return switch (unit) {
            case MS -> Math.abs(amount) >= 100 ? String.format(java.util.Locale.ROOT, "%.0f ms", amount)
                    : String.format(java.util.Locale.ROOT, "%.1f ms", tenthsOrZero(amount));
            case TOKENS -> String.format(java.util.Locale.ROOT, "%.1f tokens", tenthsOrZero(amount));
            // -$0.000143, not $-0.000143; and no "-$0.000000" for a difference that rounds to nothing.
            case USD -> Math.abs(amount) < 5e-7 ? "$0.000000"
                    : (amount < 0 ? "-" : "") + String.format(java.util.Locale.ROOT, "$%.6f", Math.abs(amount));
        };
    }
}
