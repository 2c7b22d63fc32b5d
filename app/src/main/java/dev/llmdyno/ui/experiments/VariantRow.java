package dev.llmdyno.ui.experiments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmdyno.experiment.Overrides;

/** A variant in the list: its name and its changes from the base; the baseline has none. */
public record VariantRow(String name, ObjectNode overrides) {

    public boolean baseline() {
        return overrides == null || overrides.isEmpty();
    }

    /** The changes for people: {@code model: sim-fast; params.maxTokens: 64}, or "baseline". */
    public String changes() {
        return baseline() ? "baseline (the base profile as it is)" : String.join("; ", Overrides.describe(overrides));
    }
}
