package dev.llmdyno.experiment;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the report and the verdicts print for the awkward values: nothing computed, negative money, no change. */
class ReportWordingTest {

    @Test
    void aPValueThatWasNotComputedIsSaidSoNotNaN() {
        assertThat(Verdicts.formatP(Double.NaN)).isEqualTo("p not computed");
        assertThat(Verdicts.formatP(0.0423)).isEqualTo("p=0.042");
    }

    @Test
    void millisecondsThatRoundToNothingHaveNoSignAndUseAPoint() {
        assertThat(SampleMetric.TTFT.format(-0.03)).isEqualTo("0.0 ms");
        assertThat(SampleMetric.TTFT.format(-0.26)).isEqualTo("-0.3 ms");
        assertThat(SampleMetric.TTFT.format(162.5)).isEqualTo("163 ms");
        var previous = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            assertThat(SampleMetric.TTFT.format(12.25)).isEqualTo("12.3 ms");
        } finally {
            java.util.Locale.setDefault(previous);
        }
    }

    @Test
    void negativeDollarsPutTheSignFirstAndRoundingToNothingHasNoSign() {
        assertThat(SampleMetric.COST.format(-0.000143)).isEqualTo("-$0.000143");
        assertThat(SampleMetric.COST.format(-0.0000001)).isEqualTo("$0.000000");
        assertThat(SampleMetric.COST.format(0.0042)).isEqualTo("$0.004200");
    }

    @Test
    void anEmptyOverrideChangesNothing() {
        var overrides = JsonNodeFactory.instance.objectNode();
        overrides.putObject("params");
        assertThat(Overrides.describe(overrides)).isEmpty();
        assertThat(Overrides.describe(JsonNodeFactory.instance.objectNode())).isEmpty();
    }

    @Test
    void anIntervalThatLeavesOutZeroWithoutAVerdictSaysWhy() {
        var shortOfIt = new Results.Comparison("b", "a", SampleMetric.LATENCY, 30, 30,
                new dev.llmdyno.stats.Interval(-243, -293, -32.3), new dev.llmdyno.stats.Interval(-100, -200, 50),
                0.0496, 0.0496, false, true, 0.0413);
        assertThat(Verdicts.of(shortOfIt)).startsWith("No detectable difference in median latency between b and a "
                + "(difference -243 ms, 95% CI -293 ms to -32.3 ms, p=0.050). The interval leaves out 0, but p=0.050 "
                + "is above the 0.041 the stopping rule asks for at this look");
        var straddling = new Results.Comparison("b", "a", SampleMetric.LATENCY, 30, 30,
                new dev.llmdyno.stats.Interval(-20, -60, 15), new dev.llmdyno.stats.Interval(-100, -200, 50),
                0.4, 0.4, false, true, 0.0413);
        assertThat(Verdicts.of(straddling)).endsWith("p=0.400).");
    }
}
