package dev.llmdyno.advice;

/**
 * One piece of advice: the rule that gave it ({@code queue}, {@code rate-limited}, ...), what was measured, in
 * numbers, and the lever that addresses it. docs/tuning.md lists the rules and their thresholds.
 */
public record Advice(String rule, String finding, String change) {

    /** "Waited 340 ms in the client's queue (38% of the latency): raise levers.rateLimit.rpm ...". */
    public String sentence() {
        return finding + ": " + change;
    }
}
