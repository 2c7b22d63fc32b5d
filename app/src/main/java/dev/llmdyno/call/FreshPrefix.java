package dev.llmdyno.call;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Lines that no call has sent before: put before a prompt ({@link CallOptions#freshPrefix()}), they make it a prefix
 * that no provider's prompt cache holds, which is how a measurement starts from a cold cache on purpose.
 */
public final class FreshPrefix {

    private FreshPrefix() {
    }

    /** Unique, not secret: 48 random bits, with nothing to set up before the first one. */
    public static String next() {
        return "[cache-flush " + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong(), 12) + "]";
    }
}
