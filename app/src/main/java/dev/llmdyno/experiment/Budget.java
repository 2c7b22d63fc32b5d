package dev.llmdyno.experiment;

import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.catalog.Cost;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.tokens.PromptTokens;
import dev.llmdyno.tokens.Tokenizers;


/**
 * Keeps spending under {@code limits.maxCostUsd}: each request reserves its worst case (whole prompt, every allowed
 * output token) before it is sent and settles to its real cost when it ends, so the budget is never passed even
 * with many requests in flight.
 */
final class Budget {

    private final Catalog catalog;
    private final double limitUsd;
    private final double[] worstCaseUsd;
    /** What each request in flight holds back, by its schedule index (a priming call by a negative one). */
    private final java.util.Map<Integer, Double> reserved = new java.util.HashMap<>();
    private double spentUsd;
    private double reservedUsd;

    Budget(Experiment experiment, Catalog catalog) {
        this.catalog = catalog;
        var limit = experiment.plan().limits().maxCostUsd();
        this.limitUsd = limit == null ? Double.POSITIVE_INFINITY : limit;
        var variables = experiment.rows().isEmpty() ? java.util.Map.<String, String>of() : experiment.rows().getFirst();
        this.worstCaseUsd = experiment.variants().stream()
                .mapToDouble(variant -> worstCase(variant.profile(), variables)).toArray();
    }

    /** The most a call of {@code profile} with {@code variables} can cost: the whole prompt and every output token. */
    double worstCase(Profile profile, java.util.Map<String, String> variables) {
        var model = catalog.find(profile.model()).orElse(null);
        int prompt = PromptTokens.count(Tokenizers.forModelOrFallback(catalog, profile.model()),
                profile.prompt().render(variables)).total();
        return Cost.estimate(model, prompt, profile.params().maxTokens()).worstCase().orElse(0);
    }

    /** The most a call of {@code variant} can cost, with the first row's variables. */
    double worstCase(int variant) {
        return worstCaseUsd[variant];
    }

    /** Whether there is a limit to keep: without one, nothing needs counting before a call. */
    boolean limited() {
        return limitUsd != Double.POSITIVE_INFINITY;
    }

    /** Reserves request {@code key} at {@code worstCase}; false when it could take the spend past the limit. */
    synchronized boolean reserve(int key, double worstCase) {
        if (spentUsd + reservedUsd + worstCase > limitUsd) {
            return false;
        }
        reservedUsd += worstCase;
        reserved.put(key, worstCase);
        return true;
    }

    /** Request {@code key} ended having cost {@code actualUsd} (null: nothing); what it held back is free again. */
    synchronized void settle(int key, Double actualUsd) {
        var held = reserved.remove(key);
        reservedUsd = Math.max(0, reservedUsd - (held == null ? 0 : held));
        spentUsd += actualUsd == null ? 0 : actualUsd;
    }

    synchronized double spentUsd() {
        return spentUsd;
    }

    double limitUsd() {
        return limitUsd;
    }
}
