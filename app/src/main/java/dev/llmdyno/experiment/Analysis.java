package dev.llmdyno.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * How results are judged: the metric that decides (and that early stopping watches), the false-positive rate,
 * how many times the data may be looked at, whether to stop as soon as the answer is clear, and for sweeps the p95
 * latency objective that picks the knee.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"metric", "alpha", "looks", "stopEarly", "sloP95Ms"})
public record Analysis(SampleMetric metric, Double alpha, Integer looks, Boolean stopEarly, Double sloP95Ms) {

    public static final Analysis DEFAULTS = new Analysis(null, null, null, null, null);

    public Analysis {
        metric = metric == null ? SampleMetric.LATENCY : metric;
        alpha = alpha == null ? 0.05 : alpha;
        looks = looks == null ? 5 : looks;
        stopEarly = stopEarly == null ? Boolean.TRUE : stopEarly;
    }
}
