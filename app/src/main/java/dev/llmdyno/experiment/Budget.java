package dev.llmdyno.experiment;

import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.catalog.Cost;
import dev.llmdyno.tokens.PromptTokens;
import dev.llmdyno.tokens.Tokenizers;


/**
 * Keeps spending under {@code limits.maxCostUsd}: each request reserves its worst case (whole prompt, every allowed
 * output token) before it is sent and settles to its real cost when it ends, so the budget is never passed even
 * with many requests in flight.
 */
final class Budget {

    private final double limitUsd;
    private final double[] worstCaseUsd;
    private double spentUsd;
    private double reservedUsd;

    Budget(Experiment experiment, Catalog catalog) {
        var limit = experiment.plan().limits().maxCostUsd();
        this.limitUsd = limit == null ? Double.POSITIVE_INFINITY : limit;
        this.worstCaseUsd = experiment.variants().stream().mapToDouble(variant -> {
            var profile = variant.profile();
            var model = catalog.find(profile.model()).orElse(null);
            var variables = experiment.rows().isEmpty() ? java.util.Map.<String, String>of() : experiment.rows().getFirst();
            int prompt = PromptTokens.count(Tokenizers.forModelOrFallback(catalog, profile.model()),
                    profile.prompt().render(variables)).total();
            return Cost.estimate(model, prompt, profile.params().maxTokens()).worstCase().orElse(0);
        }).toArray();
    }

    /** Reserves a request of {@code variant}; false when it could take the spend past the limit. */
    synchronized boolean reserve(int variant) {
        if (spentUsd + reservedUsd + worstCaseUsd[variant] > limitUsd) {
            return false;
        }
        reservedUsd += worstCaseUsd[variant];
        return true;
    }

    synchronized void settle(int variant, Double actualUsd) {
        reservedUsd = Math.max(0, reservedUsd - worstCaseUsd[variant]);
        spentUsd += actualUsd == null ? 0 : actualUsd;
    }

    synchronized double spentUsd() {
        return spentUsd;
    }

    double limitUsd() {
        return limitUsd;
    }
}
