package dev.llmdyno.call;

import dev.llmdyno.profile.Levers;
import dev.llmdyno.timing.NanoClock;
import dev.llmdyno.timing.TokenBucket;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Client-side requests-per-minute and tokens-per-minute limits, one pair of token buckets per endpoint and API key,
 * shared by every call to it with that key: providers count their limits per key, so one user's calls never use up
 * another's. Callers reserve in arrival order and wait their turn; the wait is part of queueMs.
 */
public final class RateLimiters {

    private record Key(String endpoint, String tenant, Integer rpm, Integer tpm) {
    }

    private record Buckets(TokenBucket requests, TokenBucket tokens) {
    }

    private final NanoClock clock;
    private final ConcurrentHashMap<Key, Buckets> buckets = new ConcurrentHashMap<>();

    public RateLimiters(NanoClock clock) {
        this.clock = clock;
    }

    /**
     * Nanoseconds the caller must wait before sending a request estimated at {@code tokens} tokens to
     * {@code endpoint} with {@code apiKey} (null: none). The buckets are filed under a hash of the key, never the key.
     */
    long reserve(String endpoint, String apiKey, Levers.RateLimit limit, int tokens) {
        if (limit.rpm() == null && limit.tpm() == null) {
            return 0;
        }
        var tenant = ResponseCache.tenant(apiKey, null);
        var pair = buckets.computeIfAbsent(new Key(endpoint, tenant, limit.rpm(), limit.tpm()), key -> new Buckets(
                key.rpm() == null ? null : TokenBucket.perMinute(key.rpm(), clock),
                key.tpm() == null ? null : TokenBucket.perMinute(key.tpm(), clock)));
        long wait = pair.requests() == null ? 0 : pair.requests().reserve(1);
        if (pair.tokens() != null) {
            wait = Math.max(wait, pair.tokens().reserve(tokens));
        }
        return wait;
    }
}
