package dev.llmdyno.experiment;

import dev.llmdyno.call.CallEngine;
import dev.llmdyno.call.SecretResolver;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.InvalidInputException;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.sim.FaultSpec;
import dev.llmdyno.sim.ModelSpec;
import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.timing.NanoClock;

import java.util.List;

/** Plans and engines for experiment tests: simulated models that answer in milliseconds, one clearly slower. */
final class Experiments {

    static final Catalog CATALOG = Catalog.builtIn();

    private Experiments() {
    }

    /** sim-fast answers its first token in about 5 ms, sim-balanced in about 25 ms; both decode quickly. */
    static SimConfig config(List<FaultSpec> faults) {
        return SimConfig.defaults().withModels(List.of(
                new ModelSpec("sim-fast", 5.0, 1.0, 0.1, 0.3, 0.1, 0.0, 1.0, 2, 256, 0.0, 8, 16, 0),
                new ModelSpec("sim-balanced", 25.0, 1.0, 0.1, 0.3, 0.1, 0.0, 1.0, 2, 256, 0.0, 8, 16, 0)))
                .withFaults(faults);
    }

    static CallEngine engine() {
        return engine(List.of());
    }

    static CallEngine engine(List<FaultSpec> faults) {
        return new CallEngine(CATALOG, SecretResolver.system(), NanoClock.SYSTEM, config(faults));
    }

    /** A plan in YAML with the given body after a base profile on the simulator. */
    static Experiment parse(String yaml) throws InvalidInputException {
        try {
            var plan = Mappers.yaml().readValue("""
                    base:
                      model: sim-balanced
                      params: {maxTokens: 16}
                      prompt:
                        messages: [{role: user, content: "Say something about {{topic}}."}]
                        variables: {topic: latency}
                    """ + yaml, ExperimentPlan.class);
            return new Plans(CATALOG).resolve(plan, null, "plan");
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
