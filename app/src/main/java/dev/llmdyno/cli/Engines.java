package dev.llmdyno.cli;

import dev.llmdyno.call.CallEngine;
import dev.llmdyno.call.CallObserver;
import dev.llmdyno.call.SecretResolver;
import dev.llmdyno.call.TrustedCertificates;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.metrics.Telemetry;
import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.timing.NanoClock;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Optional;

/**
 * The engine commands call with: the system's keys and clock, the certificate authorities the user added, and
 * OpenTelemetry traces and metrics where the {@code OTEL_*} variables ask for them (docs/monitoring.md).
 */
final class Engines {

    private static Optional<Telemetry> telemetry;

    private Engines() {
    }

    static CallEngine standard(Catalog catalog) {
        return standard(catalog, CallObserver.NONE);
    }

    /** The standard engine, with {@code observer} told of every call (the metrics' series) beside the tracer. */
    static CallEngine standard(Catalog catalog, CallObserver observer) {
        TrustedCertificates trust;
        try {
            trust = TrustedCertificates.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new UserError(e.getMessage());
        }
        var observers = new ArrayList<CallObserver>();
        observers.add(observer);
        telemetry().ifPresent(telemetry -> observers.add(telemetry.observer()));
        return CallEngine.builder(catalog).secrets(SecretResolver.system()).clock(NanoClock.SYSTEM)
                .simulator(SimConfig.defaults()).trust(trust).observer(CallObserver.all(observers)).build();
    }

    /**
     * Set up once per process; the spans still queued are sent when it exits, so a one-shot {@code dyno call}
     * loses none.
     */
    private static synchronized Optional<Telemetry> telemetry() {
        if (telemetry == null) {
            try {
                telemetry = Telemetry.fromEnvironment(System.getenv());
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            // The shutdown's last exports are said to have failed on the terminal: the log is shut by then.
            telemetry.ifPresent(telemetry -> Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
                telemetry.close();
                telemetry.failures().ifPresent(problem -> System.err.println("warning: " + problem));
            })));
        }
        return telemetry;
    }
}
