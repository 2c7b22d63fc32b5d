package dev.llmdyno.metrics;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The edges of reading a quantile from buckets, where PromQL's own rules apply (the agreement with PromQL on a
 * real run is in PrometheusScrapeTest); and reading the text format, escapes and bad lines included.
 */
class BucketQuantileTest {

    @Test
    void interpolatesInsideTheBucketTheRankFallsIn() {
        // 10 observations: 2 up to 0.1 s, 8 more up to 0.2 s.
        var buckets = Map.of(0.1, 2.0, 0.2, 10.0, Double.POSITIVE_INFINITY, 10.0);
        assertThat(BucketQuantile.of(0.5, buckets)).isCloseTo(0.1 + 0.1 * 3 / 8, within(1e-12));
        assertThat(BucketQuantile.of(0.1, buckets)).isCloseTo(0.05, within(1e-12)); // from 0 in the first bucket
    }

    @Test
    void aRankInTheInfiniteBucketIsTheHighestFiniteBoundAndNoObservationsIsNoAnswer() {
        assertThat(BucketQuantile.of(0.95, Map.of(0.5, 5.0, Double.POSITIVE_INFINITY, 10.0))).isEqualTo(0.5);
        assertThat(BucketQuantile.of(0.5, Map.of(0.5, 0.0, Double.POSITIVE_INFINITY, 0.0))).isNull();
        assertThat(BucketQuantile.of(0.5, Map.of())).isNull();
    }

    @Test
    void theTextFormatIsReadWithItsEscapesAndTimestamps() {
        var scrape = Exposition.parse("""
                # HELP x A help line.
                # TYPE x counter
                x_total{path="a\\"b",le="+Inf"} 3 1700000000000
                y NaN
                z{a="1", b="2"} +Inf
                """);
        assertThat(scrape.named("x_total").getFirst().labels()).containsEntry("path", "a\"b").containsEntry("le", "+Inf");
        assertThat(scrape.sum("x_total")).isEqualTo(3);
        assertThat(scrape.named("y").getFirst().value()).isNaN();
        assertThat(scrape.sum("z", "b", "2")).isInfinite();
    }

    @Test
    void aLineThatIsNotASampleIsNamed() {
        assertThatThrownBy(() -> Exposition.parse("ok 1\n<html>not metrics</html>\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2 is not a Prometheus sample");
        assertThatThrownBy(() -> Exposition.parse("x one\n")).hasMessageContaining("line 1: 'one' is not a number");
    }
}
