package dev.llmdyno.call;

import dev.llmdyno.profile.Levers;
import dev.llmdyno.timing.FakeClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitersTest {

    private final FakeClock clock = new FakeClock();
    private final RateLimiters limiters = new RateLimiters(clock);

    @Test
    void callsToOneEndpointWithOneKeyShareItsBucketsAndWaitInTurn() {
        var limit = new Levers.RateLimit(2, null);
        assertThat(limiters.reserve("http://a", "k", limit, 10)).isZero();
        assertThat(limiters.reserve("http://a", "k", limit, 10)).isZero();
        assertThat(limiters.reserve("http://a", "k", limit, 10)).isEqualTo(30_000_000_000L);
        assertThat(limiters.reserve("http://a", "k", limit, 10)).isEqualTo(60_000_000_000L);
        assertThat(limiters.reserve("http://b", "k", limit, 10)).as("another endpoint has its own").isZero();
        assertThat(limiters.reserve("http://a", "other key", limit, 10)).as("another key has its own").isZero();
    }

    @Test
    void tokensPerMinuteCountTheEstimatedTokens() {
        var limit = new Levers.RateLimit(null, 6_000);
        assertThat(limiters.reserve("http://a", "k", limit, 5_000)).isZero();
        // 1,000 left; 3,000 more needs 2,000 refilled at 100 tokens/s.
        assertThat(limiters.reserve("http://a", "k", limit, 3_000)).isEqualTo(20_000_000_000L);
    }

    @Test
    void noLimitMeansNoWait() {
        assertThat(limiters.reserve("http://a", "k", Levers.RateLimit.NONE, 1_000_000)).isZero();
    }
}
