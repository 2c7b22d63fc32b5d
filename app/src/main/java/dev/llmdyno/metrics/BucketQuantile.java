package dev.llmdyno.metrics;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A quantile of a classic histogram's buckets, as PromQL's {@code histogram_quantile} reads them: find the bucket
 * the rank falls in and interpolate linearly inside it (from 0 for the first bucket; the highest finite bound when
 * it falls in the +Inf bucket). Exact only to its bucket, as docs/monitoring.md says.
 */
final class BucketQuantile {

    /** The bucket a rank falls in: its bounds and the cumulative counts at them. */
    private record Found(double lower, double lowerCount, double upper, double count) {
    }

    private BucketQuantile() {
    }

    /**
     * {@code q} of the observations counted between two scrapes: {@code cumulative} maps each bucket's upper bound
     * to how many observations it gained. Null when there were none.
     */
    static Double of(double q, Map<Double, Double> cumulative) {
        var found = find(q, cumulative);
        if (found == null) {
            return null;
        }
        if (Double.isInfinite(found.upper())) {
            return found.lower();
        }
        double inBucket = found.count() - found.lowerCount();
        double rank = q * new TreeMap<>(cumulative).lastEntry().getValue();
        return inBucket <= 0 ? found.upper()
                : found.lower() + (found.upper() - found.lower()) * (rank - found.lowerCount()) / inBucket;
    }

    /**
     * The bounds of the bucket {@code q} falls in, {lower, upper} (upper may be +Inf): where the quantile truly
     * lies, as far as buckets can tell. Null when there were no observations.
     */
    static double[] bucket(double q, Map<Double, Double> cumulative) {
        var found = find(q, cumulative);
        return found == null ? null : new double[]{found.lower(), found.upper()};
    }

    private static Found find(double q, Map<Double, Double> cumulative) {
        var buckets = new TreeMap<>(cumulative);
        if (buckets.isEmpty() || buckets.lastEntry().getValue() <= 0) {
            return null;
        }
        double rank = q * buckets.lastEntry().getValue();
        double lower = 0;
        double lowerCount = 0;
        for (var bucket : buckets.entrySet()) {
            if (bucket.getValue() >= rank) {
                return new Found(lower, lowerCount, bucket.getKey(), bucket.getValue());
            }
            lower = bucket.getKey();
            lowerCount = bucket.getValue();
        }
        return new Found(lower, lowerCount, Double.POSITIVE_INFINITY, lowerCount);
    }

    /** The buckets' gains between {@code before} and {@code after} for the series whose labels match. */
    static Map<Double, Double> gains(List<Exposition.Sample> before, List<Exposition.Sample> after) {
        var gained = new TreeMap<Double, Double>();
        after.forEach(sample -> gained.merge(bound(sample), sample.value(), Double::sum));
        before.forEach(sample -> gained.merge(bound(sample), -sample.value(), Double::sum));
        return gained;
    }

    private static double bound(Exposition.Sample bucket) {
        var le = bucket.labels().get("le");
        return le == null || le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }
}
