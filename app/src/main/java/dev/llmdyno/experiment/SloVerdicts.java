package dev.llmdyno.experiment;

import dev.llmdyno.stats.Interval;

import java.util.ArrayList;
import java.util.Locale;

/** What an SLO judgement says, in words, for the summary, the report and the desktop alike. */
public final class SloVerdicts {

    private SloVerdicts() {
    }

    /**
     * One variant's standing with its evidence: "fast (sequential) meets the SLO: p95 TTFT 6.1 ms (95% CI 5.9 to
     * 6.5 ms) is within 15 ms; 80 of 80 requests good (100%, 95% CI 95% to 100%), goodput 12.3 requests/s."
     */
    public static String sentence(Results.VariantResult variant) {
        var slo = variant.slo();
        var evidence = new ArrayList<String>();
        for (var check : slo.checks()) {
            evidence.add(evidence(check));
        }
        var attainment = slo.attainment();
        return variant.variant() + " (" + variant.pace() + ") " + switch (slo.standing()) {
            case MET -> "meets the SLO";
            case MISSED -> "misses the SLO";
            case UNCLEAR -> "is not yet shown to meet the SLO";
        } + ": " + String.join("; ", evidence) + ". " + slo.attained() + " of " + slo.requests()
                + " requests were within every limit (" + Slo.percent(attainment.estimate()) + ", 95% CI "
                + Slo.percent(attainment.lower()) + " to " + Slo.percent(attainment.upper()) + "), goodput "
                + String.format(Locale.ROOT, "%.2f", slo.goodput()) + " requests/s.";
    }

    /**
     * The lines a results view shows for the SLO: what it is, then per variant its standing with the evidence
     * (for a sweep, whose levels would make that a page, the knee sentence says it instead); none without an SLO.
     */
    public static java.util.List<String> lines(Results results) {
        if (results.slo() == null) {
            return java.util.List.of();
        }
        var lines = new ArrayList<String>();
        lines.add("SLO: " + results.slo().describe() + ".");
        if (results.sweep() == null) {
            results.variants().forEach(variant -> lines.add(sentence(variant)));
        }
        return lines;
    }

    /** The standing in a word, for tables: "met", "missed", "unclear". */
    public static String standing(Results.VariantResult variant) {
        return variant.slo().standing().id();
    }

    /** "p95 TTFT 6.1 ms (95% CI 5.9 to 6.5 ms)": what the check bounds, its estimate and interval. */
    public static String observed(Results.SloCheck check) {
        return check.figure() + " " + estimate(check);
    }

    /** "6.1 ms (95% CI 5.9 to 6.5 ms)", open-ended where the interval has no bound on a side. */
    public static String estimate(Results.SloCheck check) {
        var observed = check.observed();
        if (Double.isNaN(observed.estimate())) {
            return "unknown (no values)";
        }
        return value(check, observed.estimate()) + " (95% CI " + bounds(check, observed) + ")";
    }

    private static String evidence(Results.SloCheck check) {
        var limit = value(check, check.limit());
        var observed = observed(check);
        return switch (check.standing()) {
            case MET -> observed + " is within " + limit;
            case MISSED -> observed + " is over " + limit;
            case UNCLEAR -> Double.isNaN(check.observed().upper()) && check.observed().estimate() <= check.limit()
                    ? observed + " is within " + limit + ", but " + check.n() + " values cannot bound it from above"
                    + " (" + check.needed() + " can)"
                    : observed + " straddles " + limit + ": more requests would tell";
        };
    }

    private static String bounds(Results.SloCheck check, Interval interval) {
        var lower = Double.isNaN(interval.lower()) ? "below the data" : value(check, interval.lower());
        var upper = Double.isNaN(interval.upper()) ? "above the data" : value(check, interval.upper());
        return lower + " to " + upper;
    }

    /** A value in the check's unit. */
    public static String value(Results.SloCheck check, double amount) {
        return switch (check.unit()) {
            case "share" -> Slo.percent(amount);
            case "usd" -> SampleMetric.COST.format(amount);
            default -> SampleMetric.TTFT.format(amount);
        };
    }
}
