package dev.llmdyno.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A service-level objective as a plan writes it (docs/experiments.md): limits on percentiles of the timings, keyed
 * {@code p50}, {@code p95}, {@code p99.9} and so on ({@code ttftMs: {p95: 800}}), on the error rate and on the mean
 * cost per request. Every limit is an upper bound.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"ttftMs", "ttfcMs", "tpotMs", "e2eMs", "latencyMs", "errorRate", "costPerRequestUsd"})
public record Slo(Map<String, Double> ttftMs, Map<String, Double> ttfcMs, Map<String, Double> tpotMs,
                  Map<String, Double> e2eMs, Map<String, Double> latencyMs, Double errorRate,
                  Double costPerRequestUsd) {

    private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2}(\\.\\d+)?)");

    public Slo {
        ttftMs = sorted(ttftMs);
        ttfcMs = sorted(ttfcMs);
        tpotMs = sorted(tpotMs);
        e2eMs = sorted(e2eMs);
        latencyMs = sorted(latencyMs);
    }

    /** The objective {@code analysis.sloP95Ms} has always meant for a sweep's knee: p95 latency, and no errors. */
    static Slo p95Latency(double ms) {
        return new Slo(null, null, null, null, Map.of("p95", ms), 0.0, null);
    }

    /** One bound on a timing's percentile: {@code quantile} in (0, 1). */
    public record PercentileLimit(SampleMetric metric, String key, double quantile, double maxMs) {

        /** "p95 TTFT", as people read it. */
        public String label() {
            return key + " " + metric.label();
        }
    }

    /** The percentile limits, timing by timing in the order above, each timing's from its lowest percentile up. */
    public List<PercentileLimit> percentileLimits() {
        var limits = new ArrayList<PercentileLimit>();
        timings().forEach((metric, bounds) -> bounds.forEach((key, max) -> {
            var quantile = quantile(key);
            if (quantile != null && max != null) {
                limits.add(new PercentileLimit(metric, key, quantile, max));
            }
        }));
        limits.sort(Comparator.comparing((PercentileLimit l) -> l.metric().ordinal()).thenComparing(PercentileLimit::quantile));
        return limits;
    }

    /**
     * The bound a single request is held to on a timing: the loosest limit written for it, so that a request within
     * p99's bound counts as good even where p50 has a tighter one (the percentiles judge the distribution).
     */
    Map<SampleMetric, Double> perRequestBounds() {
        var bounds = new TreeMap<SampleMetric, Double>();
        percentileLimits().forEach(limit -> bounds.merge(limit.metric(), limit.maxMs(), Math::max));
        return bounds;
    }

    Map<SampleMetric, Map<String, Double>> timings() {
        var timings = new TreeMap<SampleMetric, Map<String, Double>>();
        timings.put(SampleMetric.TTFT, ttftMs);
        timings.put(SampleMetric.TTFC, ttfcMs);
        timings.put(SampleMetric.TPOT, tpotMs);
        timings.put(SampleMetric.E2E, e2eMs);
        timings.put(SampleMetric.LATENCY, latencyMs);
        return timings;
    }

    /** {@code p95} → 0.95, {@code p99.9} → 0.999; null for anything that is not a percentile below 100. */
    public static Double quantile(String key) {
        var match = PERCENTILE.matcher(key);
        if (!match.matches()) {
            return null;
        }
        double percent = Double.parseDouble(match.group(1));
        return percent > 0 && percent < 100 ? percent / 100 : null;
    }

    /** The limits in one line: "p95 TTFT ≤ 800 ms, error rate ≤ 1%". */
    public String describe() {
        var parts = new ArrayList<String>();
        percentileLimits().forEach(l -> parts.add(l.label() + " ≤ " + l.metric().format(l.maxMs())));
        if (errorRate != null) {
            parts.add("error rate ≤ " + percent(errorRate));
        }
        if (costPerRequestUsd != null) {
            parts.add("cost per request ≤ " + SampleMetric.COST.format(costPerRequestUsd));
        }
        return String.join(", ", parts);
    }

    /** A share as a percentage to three significant figures and two decimals: "1%", "0.25%", "95.4%"; "-" for none. */
    public static String percent(double share) {
        if (Double.isNaN(share)) {
            return "-";
        }
        var percent = new BigDecimal(share * 100).round(new MathContext(3)).setScale(2, RoundingMode.HALF_UP)
                .stripTrailingZeros();
        return (percent.signum() == 0 ? "0" : percent.toPlainString()) + "%";
    }

    private static Map<String, Double> sorted(Map<String, Double> bounds) {
        return bounds == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(bounds));
    }
}
