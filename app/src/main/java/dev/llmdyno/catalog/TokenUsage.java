package dev.llmdyno.catalog;

/**
 * Tokens billed for one call. {@code input} includes {@code cachedInput} (read from the provider's prompt cache) and
 * {@code cacheWrite} (written to it); {@code output} includes {@code reasoning} (reasoning is billed as output, as
 * every provider does).
 */
public record TokenUsage(int input, int cachedInput, int cacheWrite, int output, int reasoning) {

    public TokenUsage {
        if (input < 0 || cachedInput < 0 || cacheWrite < 0 || output < 0 || reasoning < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
        if (cachedInput + cacheWrite > input) {
            throw new IllegalArgumentException("cached (" + cachedInput + ") and cache-written (" + cacheWrite
                    + ") input exceed input (" + input + ")");
        }
    }

    public static TokenUsage of(int input, int output) {
        return new TokenUsage(input, 0, 0, output, 0);
    }
}
