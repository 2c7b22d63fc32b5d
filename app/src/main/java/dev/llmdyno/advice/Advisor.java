package dev.llmdyno.advice;

import dev.llmdyno.call.CallResult;
import dev.llmdyno.profile.Profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rules over the measured breakdown, each naming the figures it saw and the lever that addresses them
 * (docs/tuning.md). The same rules read one call and the medians of an experiment's variant: a rule whose figure
 * was not measured stays silent, and every threshold is a share of the whole as well as an amount, so a fast call
 * is never told that its 3 ms are the problem.
 */
public final class Advisor {

    static final double QUEUE_MIN_MS = 50;
    static final double QUEUE_MIN_SHARE = 0.2;
    static final double RATE_LIMITED_MIN_SHARE = 0.01;
    static final double CONNECTION_MIN_MS = 20;
    static final double CONNECTION_MIN_SHARE = 0.2;
    static final double FAR_CONNECT_MS = 80;
    static final int LONG_PROMPT_TOKENS = 2_000;
    static final double LONG_PROMPT_TTFT_MS = 400;
    static final double PROMPT_TREND_MIN_R = 0.5;
    static final double PROMPT_TREND_MIN_RISE_MS = 100;
    static final double DECODE_MIN_MS = 1_000;
    static final double DECODE_MIN_SHARE = 0.6;
    /**
     * Slower than about 33 tokens/s, well under what mid-sized hosted models stream: a long answer at a brisk pace is
     * what was asked for, not a slow tier.
     */
    static final double DECODE_SLOW_TPOT_MS = 30;
    static final double CUT_MIN_SHARE = 0.1;

    private Advisor() {
    }

    /** Advice on one call. */
    public static List<Advice> forCall(Profile profile, CallResult result) {
        var m = result.metrics();
        boolean rateLimited = result.attempts().stream().anyMatch(attempt -> attempt.status() == 429);
        boolean cut = "length".equals(result.finishReason()) || "max_tokens".equals(result.finishReason());
        return advise(new Observation(profile, 1, m.queueMs(), m.latencyMs(), m.connectMs(), m.tlsMs(),
                m.connectionReused(), m.ttftMs(), m.e2eMs(), m.tpotMs(), m.inputTokens(), m.cachedInputTokens(),
                m.outputTokens(), rateLimited ? 1 : 0, cut ? 1 : 0, null));
    }

    public static List<Advice> advise(Observation o) {
        var advice = new ArrayList<Advice>();
        queue(o, advice);
        rateLimited(o, advice);
        newConnection(o, advice);
        farEndpoint(o, advice);
        longPrompt(o, advice);
        decode(o, advice);
        cutAtMaxTokens(o, advice);
        return advice;
    }

    private static void queue(Observation o, List<Advice> advice) {
        if (o.queueMs() == null || o.latencyMs() == null || o.queueMs() < QUEUE_MIN_MS
                || o.queueMs() < QUEUE_MIN_SHARE * o.latencyMs()) {
            return;
        }
        var limit = o.profile().levers().rateLimit();
        String held;
        if (o.profile().levers().priority().gates()) {
            held = "the priority gate (levers.priority) held the requests for the classes before them: that is the "
                    + "policy at work; share more capacity (maxInFlight, requestsPerMinute) if every class needs it sooner";
        } else if (limit.rpm() != null || limit.tpm() != null) {
            held = "the client's rate limit (levers.rateLimit: " + describe(limit) + ") held the requests: raise it to "
                    + "what the provider allows, or send fewer at once";
        } else {
            held = "the requests waited for a place in flight: allow more at once (arrival.concurrency) or lower the rate";
        }
        advice.add(new Advice("queue", lead(o, "wait in the client's queue") + " was " + ms(o.queueMs()) + ", "
                + percent(o.queueMs() / o.latencyMs()) + " of the " + ms(o.latencyMs()) + " latency", held));
    }

    private static void rateLimited(Observation o, List<Advice> advice) {
        if (o.rateLimited() == 0 || (double) o.rateLimited() / o.requests() < RATE_LIMITED_MIN_SHARE) {
            return;
        }
        var retry = o.profile().levers().retry();
        advice.add(new Advice("rate-limited", (o.requests() == 1 ? "The provider refused an attempt"
                : o.rateLimited() + " of " + o.requests() + " requests ended refused")
                + " with 429 (rate limited)", "set a client rate limit under the provider's (levers.rateLimit), back "
                + "off longer (levers.retry: now " + retry.maxRetries() + " retries from " + retry.baseDelayMs()
                + " ms), or send part of the traffic to another target (routing)"));
    }

    private static void newConnection(Observation o, List<Advice> advice) {
        if (!Boolean.FALSE.equals(o.connectionReused()) || o.connectMs() == null) {
            return;
        }
        double cost = o.connectMs() + (o.tlsMs() == null ? 0 : o.tlsMs());
        if (cost < CONNECTION_MIN_MS || o.ttftMs() != null && cost < CONNECTION_MIN_SHARE * o.ttftMs()) {
            return;
        }
        boolean keptAlive = o.profile().levers().connection().keepAlive();
        advice.add(new Advice("keep-alive", "A new connection cost " + ms(cost) + " (connect " + ms(o.connectMs())
                + (o.tlsMs() == null ? "" : ", TLS " + ms(o.tlsMs())) + ")"
                + (o.ttftMs() == null ? "" : ", " + percent(cost / o.ttftMs()) + " of the time to first token"),
                keptAlive ? "reuse connections: a long-lived client with keep-alive pays this once, not on every call"
                        : "keep-alive is off (levers.connection.keepAlive: false): turn it on so later calls reuse "
                        + "the connection"));
    }

    private static void farEndpoint(Observation o, List<Advice> advice) {
        if (o.connectMs() == null || o.connectMs() < FAR_CONNECT_MS) {
            return;
        }
        advice.add(new Advice("far-endpoint", "Connecting took " + ms(o.connectMs()) + ", about one network round "
                + "trip, and every request pays round trips: the endpoint is far from this machine",
                "call a region nearer to it (endpoint.baseUrl), or compare regions as variants of an experiment"));
    }

    private static void longPrompt(Observation o, List<Advice> advice) {
        var change = "trim the context (levers.context.maxInputTokens), cache the stable prefix (levers.promptCache),"
                + " or try a faster tier (tier: fast)";
        var trend = o.promptTrend();
        if (trend != null && trend.r() >= PROMPT_TREND_MIN_R && trend.rise() >= PROMPT_TREND_MIN_RISE_MS) {
            advice.add(new Advice("long-prompt", String.format(Locale.ROOT, "TTFT rises %.2f ms per prompt token "
                    + "not read from the prompt cache (r = %.2f over %d requests): %s more at %.0f such tokens than at "
                    + "%.0f", trend.slope(), trend.r(),
                    trend.n(), ms(trend.rise()), trend.toX(), trend.fromX()), change));
            return;
        }
        if (o.inputTokens() == null || o.ttftMs() == null || o.inputTokens() < LONG_PROMPT_TOKENS
                || o.ttftMs() < LONG_PROMPT_TTFT_MS) {
            return;
        }
        int cached = o.cachedInputTokens() == null ? 0 : o.cachedInputTokens();
        if (cached * 2 >= o.inputTokens()) {
            return;
        }
        advice.add(new Advice("long-prompt", lead(o, "TTFT") + " was " + ms(o.ttftMs()) + " with a "
                + o.inputTokens() + "-token prompt, " + cached + " of them read from the prompt cache", change));
    }

    private static void decode(Observation o, List<Advice> advice) {
        if (o.e2eMs() == null || o.ttftMs() == null || o.outputTokens() == null || o.outputTokens() < 2) {
            return;
        }
        double decode = o.e2eMs() - o.ttftMs();
        if (decode < DECODE_MIN_MS || decode < DECODE_MIN_SHARE * o.e2eMs()
                || o.tpotMs() != null && o.tpotMs() < DECODE_SLOW_TPOT_MS) {
            return;
        }
        // Where answers already run into max_tokens, a lower one would cut them shorter still: brevity must be asked.
        var shorter = cut(o) ? "ask for brevity in the prompt (the answers already reach params.maxTokens)"
                : "ask for a shorter answer (params.maxTokens, now " + o.profile().params().maxTokens()
                + ", or brevity in the prompt)";
        advice.add(new Advice("decode", lead(o, "decode") + " of " + o.outputTokens() + " tokens took " + ms(decode)
                + " of the " + ms(o.e2eMs()) + " total" + (o.tpotMs() == null ? "" : " (TPOT " + ms(o.tpotMs()) + ")"),
                shorter + ", or try a faster tier (tier: fast)"));
    }

    private static boolean cut(Observation o) {
        return o.cutAtMaxTokens() > 0 && (double) o.cutAtMaxTokens() / o.requests() >= CUT_MIN_SHARE;
    }

    private static void cutAtMaxTokens(Observation o, List<Advice> advice) {
        if (!cut(o)) {
            return;
        }
        int max = o.profile().params().maxTokens();
        advice.add(new Advice("max-tokens", (o.requests() == 1 ? "The answer stopped at max_tokens (" + max + ")"
                : o.cutAtMaxTokens() + " of " + o.requests() + " answers stopped at max_tokens (" + max + ")"),
                "raise params.maxTokens if the answers are needed whole"));
    }

    /** "Median wait ..." for the figures of many requests, "Wait ..." for a call's own. */
    private static String lead(Observation o, String figure) {
        return o.requests() == 1 ? Character.toUpperCase(figure.charAt(0)) + figure.substring(1) : "Median " + figure;
    }

    private static String describe(dev.llmdyno.profile.Levers.RateLimit limit) {
        var parts = new ArrayList<String>();
        if (limit.rpm() != null) {
            parts.add(limit.rpm() + " requests/min");
        }
        if (limit.tpm() != null) {
            parts.add(limit.tpm() + " tokens/min");
        }
        return String.join(", ", parts);
    }

    private static String ms(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f ms", value) : String.format(Locale.ROOT, "%.1f ms", value);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }
}
