package dev.llmdyno.sim;

import java.util.List;

/** Simulator settings that answer in milliseconds, so tests stay quick. */
final class FastModels {

    private FastModels() {
    }

    static ModelSpec quick(String id) {
        return new ModelSpec(id, 5.0, 1.0, 0.1, 1.0, 0.0, 0.0, 1.0, 1, 64, 0.0, 20, 40, 0);
    }

    static SimConfig config() {
        return SimConfig.defaults().withModels(List.of(quick("sim-fast"), quick("sim-balanced")));
    }
}
