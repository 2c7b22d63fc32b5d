package dev.llmdyno.call;

import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.sim.Simulator;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The in-process simulator that profiles without a base URL call; started on first use, stopped on close. */
final class SimulatorHost implements AutoCloseable {

    private final SimConfig config;
    private Simulator simulator;

    SimulatorHost(SimConfig config) {
        this.config = config;
    }

    synchronized String baseUrl() {
        if (simulator == null) {
            try {
                simulator = Simulator.startLocal(config);
            } catch (IOException e) {
                throw new UncheckedIOException("the built-in simulator could not start", e);
            }
        }
        return simulator.baseUrl();
    }

    @Override
    public synchronized void close() {
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }
}
