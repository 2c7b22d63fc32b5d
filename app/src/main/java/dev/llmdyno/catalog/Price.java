package dev.llmdyno.catalog;

/**
 * USD per one million tokens. A null cached-input price means the provider bills cached input as input; a null
 * cache-write price means writing the prompt cache costs nothing extra (OpenAI's automatic cache), where Anthropic
 * bills it at 1.25 times the input price for its five-minute cache.
 */
public record Price(Double input, Double cachedInput, Double cacheWrite, Double output) {

    public Price {
        if (input == null || output == null) {
            throw new IllegalArgumentException("a price needs input and output");
        }
    }

    public double cachedInputOrInput() {
        return cachedInput != null ? cachedInput : input;
    }

    public double cacheWriteOrInput() {
        return cacheWrite != null ? cacheWrite : input;
    }
}
