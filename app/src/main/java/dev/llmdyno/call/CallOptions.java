package dev.llmdyno.call;

import java.util.Map;

/**
 * How to run one call: variable values that override the profile's, when it was planned to start (a
 * {@link dev.llmdyno.timing.NanoClock} time, or 0 for "now"), and who hears the deltas.
 */
public record CallOptions(Map<String, String> variables, long plannedStartNanos, CallListener listener) {

    public static final CallOptions DEFAULTS = new CallOptions(Map.of(), 0, CallListener.NONE);

    public CallOptions {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        listener = listener == null ? CallListener.NONE : listener;
    }

    public CallOptions withListener(CallListener value) {
        return new CallOptions(variables, plannedStartNanos, value);
    }

    public CallOptions withPlannedStart(long nanos) {
        return new CallOptions(variables, nanos, listener);
    }
}
