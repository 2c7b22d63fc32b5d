package dev.llmdyno.sim;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * One more copy of the simulator on a port of its own, serving the same models but with its own speed, capacity,
 * faults and network: a slow replica, a congested region, a far endpoint. {@code slowdown} multiplies every model's
 * first-token, prefill and per-token times (2 is half as fast); {@code maxConcurrent} replaces every model's
 * capacity; {@code faults} and {@code network}, when given, replace the top-level ones. {@code port} 0 or absent
 * takes a free port.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "port", "slowdown", "maxConcurrent", "faults", "network"})
public record Replica(String name, Integer port, Double slowdown, Integer maxConcurrent, List<FaultSpec> faults,
                      Network network) {

    public Replica {
        port = port == null ? 0 : port;
        slowdown = slowdown == null ? 1.0 : slowdown;
        faults = faults == null ? null : List.copyOf(faults);
    }
}
