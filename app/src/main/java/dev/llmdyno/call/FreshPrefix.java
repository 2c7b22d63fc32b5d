package dev.llmdyno.call;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Lines that no call has sent before: put before a prompt ({@link CallOptions#freshPrefix()}), they make it a prefix
 * that no provider's prompt cache holds, which is how a measurement starts from a cold cache on purpose.
 */
public final class FreshPrefix {

    private static final SecureRandom RANDOM = new SecureRandom();

    private FreshPrefix() {
    }

    public static String next() {
        var bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return "[cache-flush " + HexFormat.of().formatHex(bytes) + "]";
    }
}
