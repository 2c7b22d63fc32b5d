package dev.llmdyno.catalog;

import java.util.OptionalDouble;

/** Dollars from token counts and catalog prices; unknown (empty), never zero, when the price is unknown. */
public final class Cost {

    private static final double PER_MILLION = 1_000_000.0;

    private Cost() {
    }

    public static OptionalDouble usd(ModelInfo model, TokenUsage usage) {
        if (model == null || model.price() == null) {
            return OptionalDouble.empty();
        }
        var price = model.price();
        double uncached = usage.input() - usage.cachedInput() - usage.cacheWrite();
        return OptionalDouble.of((uncached * price.input()
                + usage.cachedInput() * price.cachedInputOrInput()
                + usage.cacheWrite() * price.cacheWriteOrInput()
                + usage.output() * price.output()) / PER_MILLION);
    }

    /** Input only, and the worst case where the answer uses all of {@code maxOutputTokens}. */
    public static Estimate estimate(ModelInfo model, int promptTokens, int maxOutputTokens) {
        return new Estimate(usd(model, TokenUsage.of(promptTokens, 0)),
                usd(model, TokenUsage.of(promptTokens, maxOutputTokens)));
    }

    public record Estimate(OptionalDouble input, OptionalDouble worstCase) {
    }

    /** Dollars for display: enough digits for a fraction of a cent, "unknown" when there is no price. */
    public static String format(OptionalDouble usd) {
        if (usd.isEmpty()) {
            return "unknown";
        }
        double value = usd.getAsDouble();
        if (value == 0) {
            return "$0";
        }
        return value >= 0.01 ? String.format(java.util.Locale.ROOT, "$%.4f", value)
                : String.format(java.util.Locale.ROOT, "$%.6f", value);
    }
}
