package dev.llmdyno.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import dev.llmdyno.metrics.ServerWindow;

import java.util.List;

/**
 * How a run ended and everything it measured. {@code look} is the look at which the stopping rule stopped it
 * (0 when it did not); {@code reason} says why it ended, in words; {@code server} is what the server under test
 * reported over the run, where the plan names its metrics (else null).
 */
public record Outcome(Status status, String reason, int look, List<Sample> samples, ServerWindow server) {

    public Outcome {
        samples = List.copyOf(samples);
    }

    public Outcome(Status status, String reason, int look, List<Sample> samples) {
        this(status, reason, look, samples, null);
    }

    public enum Status {
        RUNNING, COMPLETED, STOPPED_EARLY, LIMIT_REACHED, ABORTED, CANCELLED, INTERRUPTED;

        @JsonValue
        public String id() {
            return name().toLowerCase().replace('_', '-');
        }

        @JsonCreator
        public static Status fromId(String id) {
            return valueOf(id.toUpperCase().replace('-', '_'));
        }

        /** Whether the run did its job: it ended by plan, by a clear answer or by a limit it was given. */
        public boolean ran() {
            return this == COMPLETED || this == STOPPED_EARLY || this == LIMIT_REACHED;
        }
    }
}
