package dev.llmdyno.experiment;

import dev.llmdyno.call.CallEngine;
import dev.llmdyno.call.CallOptions;
import dev.llmdyno.call.PromptCacheState;
import dev.llmdyno.profile.Levers;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * For each variant whose prompt cache is to be primed: one unmeasured call per distinct prompt (per row), kept out
 * of the response cache and paid from the budget. A priming call that fails aborts the run before it starts, as the
 * measured calls would not start from the state the plan asks for.
 */
final class PromptCachePriming {

    /** Why the run is not to start. */
    record Stop(Outcome.Status status, String reason) {
    }

    private PromptCachePriming() {
    }

    /** Primes what the plan asks; empty when the run may start. {@code stopped} says the run was stopped meanwhile. */
    static Optional<Stop> run(CallEngine engine, Experiment experiment, Budget budget, BooleanSupplier stopped) {
        var rows = experiment.rows().isEmpty() ? List.<Map<String, String>>of(Map.of())
                : List.copyOf(new LinkedHashSet<>(experiment.rows()));
        for (int v = 0; v < experiment.variants().size(); v++) {
            var variant = experiment.variants().get(v);
            if (variant.profile().levers().promptCache().prepare() != Levers.CacheState.PRIME) {
                continue;
            }
            for (var row : rows) {
                if (stopped.getAsBoolean()) {
                    return Optional.empty();
                }
                if (!budget.reserve(-1 - v, budget.worstCase(v))) {
                    return Optional.of(new Stop(Outcome.Status.LIMIT_REACHED,
                            "priming the prompt cache could take the spend past the budget"));
                }
                var primer = engine.call(variant.profile(), PromptCacheState.primerOptions(
                        new CallOptions(row, 0, null)));
                budget.settle(-1 - v, primer.metrics().costUsd());
                if (!primer.ok()) {
                    return Optional.of(new Stop(Outcome.Status.ABORTED, "priming the prompt cache of "
                            + variant.name() + " failed: " + primer.error()));
                }
            }
        }
        return Optional.empty();
    }
}
