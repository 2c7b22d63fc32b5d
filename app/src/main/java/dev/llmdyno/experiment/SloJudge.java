package dev.llmdyno.experiment;

import dev.llmdyno.stats.Interval;
import dev.llmdyno.stats.Proportions;
import dev.llmdyno.stats.Quantiles;
import dev.llmdyno.experiment.Results.Standing;

import java.util.ArrayList;
import java.util.List;

/**
 * Judges one variant's requests against an {@link Slo}. Each limit is met or missed only when its 95% interval is
 * wholly on one side of the bound; otherwise the evidence is not there yet and it says so, which is what lets a
 * verdict be trusted after 20 requests as after 20,000. Percentile intervals are distribution-free (order
 * statistics), the error rate's is Wilson's, the cost's is the mean's.
 */
final class SloJudge {

    static final double CONFIDENCE = 0.95;

    private SloJudge() {
    }

    static Results.SloResult judge(Slo slo, List<Sample> samples, double windowSeconds, Interval costPerRequest) {
        return judge(slo, samples, windowSeconds, costPerRequest, CONFIDENCE);
    }

    /** The same at another confidence: the stopping rule's interim looks ask for more (see {@link Looks}). */
    static Results.SloResult judge(Slo slo, List<Sample> samples, double windowSeconds, Interval costPerRequest,
                                   double confidence) {
        var ok = samples.stream().filter(Sample::ok).toList();
        var checks = new ArrayList<Results.SloCheck>();
        for (var limit : slo.percentileLimits()) {
            var values = Analyzer.values(ok, limit.metric());
            var observed = Quantiles.interval(values, limit.quantile(), confidence);
            checks.add(new Results.SloCheck(limit.label(), "ms", limit.maxMs(), values.length, observed,
                    standing(observed, limit.maxMs()), Quantiles.neededForUpperBound(limit.quantile(), confidence)));
        }
        if (slo.errorRate() != null) {
            int failed = samples.size() - ok.size();
            var observed = Proportions.wilson(failed, samples.size(), confidence);
            // A limit of 0 means none at all: no interval can confirm a rate of exactly 0, one failure refutes it.
            var standing = slo.errorRate() == 0 && !samples.isEmpty()
                    ? (failed == 0 ? Standing.MET : Standing.MISSED) : standing(observed, slo.errorRate());
            checks.add(new Results.SloCheck("error rate", "share", slo.errorRate(), samples.size(), observed, standing, 0));
        }
        if (slo.costPerRequestUsd() != null) {
            checks.add(new Results.SloCheck("mean cost per request", "usd", slo.costPerRequestUsd(), ok.size(),
                    costPerRequest, standing(costPerRequest, slo.costPerRequestUsd()), 2));
        }
        var bounds = slo.perRequestBounds();
        int attained = (int) samples.stream().filter(sample -> within(slo, bounds, sample)).count();
        return new Results.SloResult(overall(checks), checks.stream().allMatch(SloJudge::estimateWithin),
                attained, samples.size(), Proportions.wilson(attained, samples.size(), confidence),
                windowSeconds > 0 ? attained / windowSeconds : 0, checks);
    }

    /**
     * Whether one request was good: it succeeded and every timing it has is within its per-request bound (a timing
     * it does not have, such as a response-cache hit's TTFT, is not held against it), at no more than the cost limit.
     * {@code bounds} are the SLO's {@link Slo#perRequestBounds()}, worked out once for all the requests.
     */
    private static boolean within(Slo slo, java.util.Map<SampleMetric, Double> bounds, Sample sample) {
        if (!sample.ok()) {
            return false;
        }
        for (var bound : bounds.entrySet()) {
            var value = bound.getKey().of(sample);
            if (value != null && value > bound.getValue()) {
                return false;
            }
        }
        return slo.costPerRequestUsd() == null || sample.costUsd() == null || sample.costUsd() <= slo.costPerRequestUsd();
    }

    private static Standing standing(Interval observed, double limit) {
        if (observed.upper() <= limit) {
            return Standing.MET;
        }
        if (observed.lower() > limit) {
            return Standing.MISSED;
        }
        return Standing.UNCLEAR;
    }

    private static Standing overall(List<Results.SloCheck> checks) {
        if (checks.stream().anyMatch(c -> c.standing() == Standing.MISSED)) {
            return Standing.MISSED;
        }
        return checks.stream().allMatch(c -> c.standing() == Standing.MET) ? Standing.MET : Standing.UNCLEAR;
    }

    private static boolean estimateWithin(Results.SloCheck check) {
        return check.observed().estimate() <= check.limit();
    }
}
