package dev.llmdyno.experiment;

/**
 * One planned request: its place in the schedule, which variant with which variable row, the repetition, whether it
 * is a warm-up, and the index of its pace (sweep level; 0 otherwise). In a conversation run the row is the
 * conversation, {@code turn} the turn's number in the session (-1 outside conversations), and {@code summary} marks
 * the summary call that may go before that turn.
 */
public record Trial(int index, int variant, int row, int repetition, boolean warmup, int level, int turn,
                    boolean summary) {

    /** A single call, outside conversations. */
    public Trial(int index, int variant, int row, int repetition, boolean warmup, int level) {
        this(index, variant, row, repetition, warmup, level, -1, false);
    }

    Integer turnOrNull() {
        return turn < 0 ? null : turn;
    }

    /** The summary call that may go before this turn, filed under {@code index}. */
    Trial summaryCall(int index) {
        return new Trial(index, variant, row, repetition, warmup, level, turn, true);
    }
}
