package dev.llmdyno.call;

import okhttp3.HttpUrl;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed request addresses, kept: a call goes to one of a handful of addresses, and parsing one again for every
 * request (twice, with the credential guard's origin) was a tenth of the client's work per request.
 */
final class Urls {

    /** More addresses than any routing group has; past it, a rare address is parsed without being kept. */
    private static final int KEPT = 256;
    private static final ConcurrentHashMap<String, HttpUrl> PARSED = new ConcurrentHashMap<>();

    private Urls() {
    }

    /** {@code url} parsed; throws IllegalArgumentException for one that is not an http or https address. */
    static HttpUrl get(String url) {
        var kept = PARSED.get(url);
        if (kept != null) {
            return kept;
        }
        var parsed = HttpUrl.get(url);
        if (PARSED.size() < KEPT) {
            PARSED.putIfAbsent(url, parsed);
        }
        return parsed;
    }
}
