package dev.llmdyno.call;

import dev.llmdyno.profile.Levers;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.random.RandomGenerator;

/**
 * How long to wait before attempt n+1: the server's {@code retry-after-ms} or {@code retry-after} when the
 * profile says to honour it (capped), else exponential backoff {@code base * 2^(n-1)} up to the cap, with full
 * jitter (a uniform draw below it) when asked.
 */
final class Backoff {

    private final Levers.Retry retry;
    private final RandomGenerator random;

    Backoff(Levers.Retry retry, RandomGenerator random) {
        this.retry = retry;
        this.random = random;
    }

    /** Milliseconds to wait after failed attempt {@code attempt} (from 1). */
    double delayMs(int attempt, String retryAfterMs, String retryAfter) {
        if (retry.respectRetryAfter()) {
            var server = serverDelayMs(retryAfterMs, retryAfter);
            if (server != null) {
                return Math.min(server, retry.retryAfterCapMs());
            }
        }
        double exponential = Math.min(retry.maxDelayMs(), retry.baseDelayMs() * Math.pow(2, attempt - 1));
        return retry.jitter() ? random.nextDouble() * exponential : exponential;
    }

    /** The server's wish in ms, or null when it gave none that makes sense (NaN, negative, infinite, garbage). */
    static Double serverDelayMs(String retryAfterMs, String retryAfter) {
        if (retryAfterMs != null) {
            var ms = finiteNonNegative(retryAfterMs);
            if (ms != null) {
                return ms;
            }
        }
        if (retryAfter == null) {
            return null;
        }
        var seconds = finiteNonNegative(retryAfter);
        if (seconds != null) {
            return seconds * 1000;
        }
        try {
            Double.parseDouble(retryAfter.strip());
            return null; // a number, but not one to wait for
        } catch (NumberFormatException notSeconds) {
            try {
                var at = ZonedDateTime.parse(retryAfter.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return (double) Math.max(0, Duration.between(ZonedDateTime.now(at.getZone()), at).toMillis());
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }

    private static Double finiteNonNegative(String text) {
        try {
            double value = Double.parseDouble(text.strip());
            return Double.isFinite(value) && value >= 0 ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
