package dev.llmdyno.experiment;

/**
 * One planned request: its place in the schedule, which variant with which variable row, the repetition, whether it
 * is a warm-up, and the index of its pace (sweep level; 0 otherwise).
 */
public record Trial(int index, int variant, int row, int repetition, boolean warmup, int level) {
}
