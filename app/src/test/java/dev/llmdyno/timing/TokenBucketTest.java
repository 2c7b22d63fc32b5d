package dev.llmdyno.timing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketTest {

    private final FakeClock clock = new FakeClock();

    @Test
    void startsFullAndRefillsAtTheLimitsRate() {
        var bucket = TokenBucket.perMinute(60, clock);
        for (int i = 0; i < 60; i++) {
            assertThat(bucket.tryAcquire(1)).isZero();
        }
        assertThat(bucket.tryAcquire(1)).isEqualTo(1_000_000_000L);
        clock.advanceMillis(1_000);
        assertThat(bucket.tryAcquire(1)).isZero();
    }

    @Test
    void reservationsQueueInOrderOfArrival() {
        var bucket = TokenBucket.perMinute(60, clock);
        bucket.reserve(60);
        assertThat(bucket.reserve(1)).isEqualTo(1_000_000_000L);
        assertThat(bucket.reserve(1)).isEqualTo(2_000_000_000L);
        clock.advanceMillis(2_000);
        assertThat(bucket.reserve(1)).isEqualTo(1_000_000_000L);
    }

    @Test
    void aRequestLargerThanTheBucketWaitsForAFullOne() {
        var bucket = TokenBucket.perMinute(100, clock);
        bucket.tryAcquire(100);
        assertThat(bucket.tryAcquire(500)).isEqualTo(60_000_000_000L);
    }
}
