package dev.llmdyno.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;

/**
 * A Prometheus exposition at {@code http://127.0.0.1:PORT/metrics} while something runs, on the Prometheus Java
 * client's own server. Bound to loopback: the series name models, variants and targets, which are the user's
 * business; a scraper elsewhere reaches them through its own forwarding.
 */
public final class MetricsServer implements AutoCloseable {

    private final HTTPServer server;
    private final ClientMetrics metrics;

    private MetricsServer(HTTPServer server, ClientMetrics metrics) {
        this.server = server;
        this.metrics = metrics;
    }

    /**
     * Serves the client's series on {@code port}, named as {@code OTEL_SEMCONV_STABILITY_OPT_IN} asks.
     *
     * @throws UncheckedIOException when the port cannot be had, with the port in its message
     */
    public static MetricsServer start(int port) {
        return start(port, ClientMetric.Naming.fromOptIn(System.getenv("OTEL_SEMCONV_STABILITY_OPT_IN")));
    }

    /**
     * Serves the client's series on {@code port} (0: a free one), named as {@code naming} says.
     *
     * @throws UncheckedIOException when the port cannot be had, with the port in its message
     */
    public static MetricsServer start(int port, ClientMetric.Naming naming) {
        var registry = new PrometheusRegistry();
        var metrics = new ClientMetrics(registry, naming);
        try {
            var server = HTTPServer.builder().inetAddress(InetAddress.getLoopbackAddress()).port(port)
                    .registry(registry).buildAndStart();
            return new MetricsServer(server, metrics);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on 127.0.0.1:" + port + " (" + e.getMessage() + ")",
                    e);
        }
    }

    /** The engine's observer that feeds these series. */
    public ClientMetrics observer() {
        return metrics;
    }

    public int port() {
        return server.getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/metrics";
    }

    @Override
    public void close() {
        server.close();
    }
}
