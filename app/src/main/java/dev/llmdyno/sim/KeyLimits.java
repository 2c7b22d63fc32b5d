package dev.llmdyno.sim;

import dev.llmdyno.timing.NanoClock;
import dev.llmdyno.timing.TokenBucket;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests-per-minute and tokens-per-minute buckets for each API key, as providers enforce them: the key's own
 * limits where the configuration gives it some, the common ones otherwise.
 */
final class KeyLimits {

    record Decision(RateLimitState state, long retryAfterNanos, String exceeded) {
        boolean admitted() {
            return exceeded == null;
        }
    }

    private record Buckets(TokenBucket requests, TokenBucket tokens) {
    }

    private final SimConfig config;
    private final NanoClock clock;
    private final ConcurrentHashMap<String, Buckets> byKey = new ConcurrentHashMap<>();

    KeyLimits(SimConfig config, NanoClock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** The limits {@code apiKey} is held to: its own where given, field by field, else the common ones. */
    SimConfig.RateLimits limitsOf(String apiKey) {
        var common = config.rateLimits();
        return config.settingsOf(apiKey).map(own -> new SimConfig.RateLimits(
                own.rpm() != null ? own.rpm() : common.rpm(), own.tpm() != null ? own.tpm() : common.tpm()))
                .orElse(common);
    }

    /** Takes one request and {@code tokens} tokens from the key's buckets, or says how long to wait. */
    Decision admit(String apiKey, int tokens) {
        var limits = limitsOf(apiKey);
        if (limits.rpm() == null && limits.tpm() == null) {
            return new Decision(RateLimitState.UNLIMITED, 0, null);
        }
        var buckets = byKey.computeIfAbsent(apiKey == null ? "" : apiKey, key -> new Buckets(
                limits.rpm() == null ? null : TokenBucket.perMinute(limits.rpm(), clock),
                limits.tpm() == null ? null : TokenBucket.perMinute(limits.tpm(), clock)));
        long wait = buckets.requests() == null ? 0 : buckets.requests().tryAcquire(1);
        String exceeded = wait > 0 ? "requests" : null;
        if (exceeded == null && buckets.tokens() != null) {
            wait = buckets.tokens().tryAcquire(tokens);
            exceeded = wait > 0 ? "tokens" : null;
        }
        return new Decision(state(limits, buckets), wait, exceeded);
    }

    private static RateLimitState state(SimConfig.RateLimits limits, Buckets buckets) {
        var requests = buckets.requests();
        var tokens = buckets.tokens();
        return new RateLimitState(
                limits.rpm(), requests == null ? 0 : (long) Math.floor(requests.available()),
                requests == null ? 0 : requests.nanosUntilFull(),
                limits.tpm(), tokens == null ? 0 : (long) Math.floor(tokens.available()),
                tokens == null ? 0 : tokens.nanosUntilFull());
    }
}
