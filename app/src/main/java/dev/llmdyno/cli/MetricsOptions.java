package dev.llmdyno.cli;

import dev.llmdyno.metrics.MetricsServer;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** {@code --metrics-port}: the run's calls as Prometheus series while it runs (docs/monitoring.md). */
final class MetricsOptions {

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve the calls' metrics for Prometheus at http://127.0.0.1:PORT/metrics while this runs.")
    Integer port;

    @Option(names = "--metrics-linger", paramLabel = "SECONDS", defaultValue = "0",
            description = "Keep serving them this long after the run, so the last scrape sees the last call "
                    + "(default: ${DEFAULT-VALUE}; use your scrape interval).")
    int lingerSeconds;

    /** The server asked for, started, or null when none was; the URL goes to {@code err}. */
    MetricsServer start(PrintWriter err) {
        if (port == null) {
            if (lingerSeconds != 0) {
                throw new UserError("--metrics-linger: only means something with --metrics-port");
            }
            return null;
        }
        if (port < 1 || port > 65_535) {
            throw new UserError("--metrics-port: " + port + " is not a port; use 1 to 65535");
        }
        if (lingerSeconds < 0) {
            throw new UserError("--metrics-linger: " + lingerSeconds + " must be 0 or more seconds");
        }
        MetricsServer server;
        try {
            server = MetricsServer.start(port);
        } catch (UncheckedIOException e) {
            throw new UserError("--metrics-port: " + e.getMessage());
        }
        err.println("Metrics for Prometheus: " + server.url());
        return server;
    }

    /** Waits out the linger, then stops {@code server} (null: nothing to do). */
    void stop(MetricsServer server) {
        if (server == null) {
            return;
        }
        try {
            Thread.sleep(lingerSeconds * 1_000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
        }
    }
}
