package dev.llmdyno.metrics;

/**
 * Where {@link ClientMetrics} records: each series by its {@link ClientMetric}, with its label values in the order of
 * {@link ClientMetric#labels()}. One sink per backend (Prometheus's registry, OpenTelemetry's meter), so what a call
 * adds to its series is worked out once for all of them.
 */
interface MetricSink {

    /** Whether the series is recorded here (the naming in use selects them). */
    boolean has(ClientMetric metric);

    /** A histogram's observation: seconds for a timing, a count for tokens. */
    void observe(ClientMetric metric, String[] labels, double value);

    /** A counter's increase. */
    void add(ClientMetric metric, String[] labels, double amount);

    /** Calls in flight, up or down. */
    void inFlight(String[] labels, int change);
}
