package dev.llmdyno.catalog;

/** USD per one million tokens. A null cached-input price means the provider bills cached input as input. */
public record Price(Double input, Double cachedInput, Double output) {

    public Price {
        if (input == null || output == null) {
            throw new IllegalArgumentException("a price needs input and output");
        }
    }

    public double cachedInputOrInput() {
        return cachedInput != null ? cachedInput : input;
    }
}
