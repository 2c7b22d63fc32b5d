package dev.llmdyno.cli;

import dev.llmdyno.call.CallEngine;
import dev.llmdyno.call.CallObserver;
import dev.llmdyno.call.SecretResolver;
import dev.llmdyno.call.TrustedCertificates;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.timing.NanoClock;

import java.io.UncheckedIOException;

/** The engine commands call with: the system's keys and clock, and the certificate authorities the user added. */
final class Engines {

    private Engines() {
    }

    static CallEngine standard(Catalog catalog) {
        return standard(catalog, CallObserver.NONE);
    }

    /** The standard engine, with {@code observer} told of every call (the metrics' series). */
    static CallEngine standard(Catalog catalog, CallObserver observer) {
        TrustedCertificates trust;
        try {
            trust = TrustedCertificates.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new UserError(e.getMessage());
        }
        return CallEngine.builder(catalog).secrets(SecretResolver.system()).clock(NanoClock.SYSTEM)
                .simulator(SimConfig.defaults()).trust(trust).observer(observer).build();
    }
}
