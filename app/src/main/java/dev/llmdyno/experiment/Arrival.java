package dev.llmdyno.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How requests are sent. Closed loop ({@code sequential}, {@code concurrency}): a fixed number of callers, each
 * sending its next request when the last one ends. Open loop ({@code constant}, {@code poisson}): requests are
 * planned at a rate, whether or not earlier ones have finished, and any wait behind the plan is counted as queue
 * time; {@code concurrency} there caps the requests in flight, and a wait for a free place is queue time too.
 * {@code sweep} runs the whole schedule once per level of concurrency or rate.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"mode", "concurrency", "rate", "sweep"})
public record Arrival(Mode mode, Integer concurrency, Double rate, Sweep sweep) {

    public static final Arrival SEQUENTIAL = new Arrival(Mode.SEQUENTIAL, null, null, null);

    public Arrival {
        mode = mode == null ? Mode.SEQUENTIAL : mode;
    }

    public enum Mode {
        SEQUENTIAL, CONCURRENCY, CONSTANT, POISSON, SWEEP;

        @JsonValue
        public String id() {
            return name().toLowerCase();
        }

        @JsonCreator
        public static Mode fromId(String id) {
            return Arrays.stream(values()).filter(mode -> mode.id().equalsIgnoreCase(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("'" + id + "' is not an arrival mode; use "
                            + Arrays.stream(values()).map(Mode::id).collect(Collectors.joining(", "))));
        }

        public boolean openLoop() {
            return this == CONSTANT || this == POISSON;
        }
    }

    /** The levels to sweep and how each level sends: {@code concurrency}, {@code constant} or {@code poisson}. */
    @JsonPropertyOrder({"over", "levels"})
    public record Sweep(Mode over, List<Double> levels) {
        public Sweep {
            levels = levels == null ? List.of() : List.copyOf(levels);
        }
    }

    /**
     * The way one level of the run sends requests: a mode that is not {@code sweep}, its level, and for open-loop
     * modes the cap on requests in flight the plan set (null: none).
     */
    public record Pace(Mode mode, double level, Integer cap) {

        public int callers() {
            return mode == Mode.SEQUENTIAL ? 1 : (int) level;
        }

        public String describe() {
            return switch (mode) {
                case SEQUENTIAL -> "sequential";
                case CONCURRENCY -> (int) level + " concurrent";
                case CONSTANT -> format(level) + " req/s" + capped();
                case POISSON -> format(level) + " req/s (Poisson)" + capped();
                case SWEEP -> throw new IllegalStateException("a pace is never a sweep");
            };
        }

        private String capped() {
            return cap == null ? "" : ", at most " + cap + " in flight";
        }

        private static String format(double rate) {
            return rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate);
        }
    }

    /** Whether requests are sent at a rate (constant, Poisson, or a sweep over either), not by callers. */
    public boolean openLoop() {
        return mode.openLoop() || (mode == Mode.SWEEP && sweep != null && sweep.over() != null && sweep.over().openLoop());
    }

    /** The paces the run goes through: one, or one per sweep level. */
    public List<Pace> paces() {
        return switch (mode) {
            case SEQUENTIAL -> List.of(new Pace(Mode.SEQUENTIAL, 1, null));
            case CONCURRENCY -> List.of(new Pace(mode, concurrency, null));
            case CONSTANT, POISSON -> List.of(new Pace(mode, rate, concurrency));
            case SWEEP -> sweep.levels().stream().map(level -> new Pace(sweep.over(), level,
                    sweep.over().openLoop() ? concurrency : null)).toList();
        };
    }
}
