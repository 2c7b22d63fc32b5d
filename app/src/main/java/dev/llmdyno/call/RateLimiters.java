package dev.llmdyno.call;

import dev.llmdyno.profile.Levers;
import dev.llmdyno.timing.NanoClock;
import dev.llmdyno.timing.TokenBucket;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Client-side requests-per-minute and tokens-per-minute limits, one pair of token buckets per endpoint, shared
 * by every call to it. Callers reserve in arrival order and wait their turn; the wait is part of queueMs.
 */
public final class RateLimiters {

    private record Key(String endpoint, Integer rpm, Integer tpm) {
    }

    private record Buckets(TokenBucket requests, TokenBucket tokens) {
    }

    private final NanoClock clock;
    private final ConcurrentHashMap<Key, Buckets> buckets = new ConcurrentHashMap<>();

    public RateLimiters(NanoClock clock) {
        this.clock = clock;
    }

    /** Nanoseconds the caller must wait before sending a request estimated at {@code tokens} tokens. */
    long reserve(String endpoint, Levers.RateLimit limit, int tokens) {
        if (limit.rpm() == null && limit.tpm() == null) {
            return 0;
        }
        var pair = buckets.computeIfAbsent(new Key(endpoint, limit.rpm(), limit.tpm()), key -> new Buckets(
                key.rpm() == null ? null : TokenBucket.perMinute(key.rpm(), clock),
                key.tpm() == null ? null : TokenBucket.perMinute(key.tpm(), clock)));
        long wait = pair.requests() == null ? 0 : pair.requests().reserve(1);
        if (pair.tokens() != null) {
            wait = Math.max(wait, pair.tokens().reserve(tokens));
        }
        return wait;
    }
}
