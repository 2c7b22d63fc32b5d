package dev.llmdyno.cli;

import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.sim.Fleet;
import dev.llmdyno.sim.Simulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "sim", description = "Run the built-in OpenAI- and Anthropic-compatible simulator, and the replicas its config names, until Ctrl-C.")
final class SimCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", description = "Port to listen on (default: any free port).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on (default: 127.0.0.1, this machine only).")
    String bind;

    @Option(names = "--config", paramLabel = "FILE", description = "Models, latency, capacity, limits, faults and seed (YAML or JSON).")
    Path config;

    @Option(names = "--trace", description = "Add each event's send time as an SSE comment (': sent_ns=N').")
    boolean trace;

    @Option(names = "--request-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Close a connection whose request has not arrived whole within this time (default: ${DEFAULT-VALUE}).")
    int requestTimeoutSeconds;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "10000",
            description = "Refuse connections past this many open at once (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new UserError("--port: " + port + " is not a port; use 1 to 65535, or 0 for any free one");
        }
        if (requestTimeoutSeconds < 1) {
            throw new UserError("--request-timeout: " + requestTimeoutSeconds + " must be at least 1 second");
        }
        if (maxConnections < 1) {
            throw new UserError("--max-connections: " + maxConnections + " must be at least 1");
        }
        // Before the server's classes load: they read these once.
        System.setProperty(Simulator.REQUEST_TIMEOUT_PROPERTY, String.valueOf(requestTimeoutSeconds));
        System.setProperty(Simulator.MAX_CONNECTIONS_PROPERTY, String.valueOf(maxConnections));
        var settings = readConfig();
        if (trace) {
            settings = settings.withTrace(true);
        }
        Fleet fleet;
        try {
            fleet = Fleet.start(settings, address(), port);
        } catch (BindException e) {
            throw new UserError(e.getMessage().startsWith("replica ") ? e.getMessage()
                    : "cannot listen on port " + port + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UserError("cannot start the simulator: " + e.getMessage());
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            fleet.close();
            stopped.countDown();
        }));
        var simulator = fleet.main();
        var out = spec.commandLine().getOut();
        var address = address();
        if (address.isAnyLocalAddress()) {
            out.println("Simulator listening on every address of this machine, port " + simulator.port()
                    + "; from here: " + simulator.baseUrl() + ", from elsewhere: http://<this machine's address>:"
                    + simulator.port());
        } else {
            out.println("Simulator listening on " + simulator.baseUrl());
        }
        out.println("OpenAI base URL: " + simulator.baseUrl() + "/v1   Anthropic base URL: " + simulator.baseUrl());
        out.println("Metrics for Prometheus (vLLM's names): " + simulator.baseUrl() + "/metrics");
        out.println("Models: " + String.join(", ", settings.models().stream().map(m -> m.id()).toList()));
        for (var replica : fleet.replicas()) {
            out.println("Replica " + replica.name() + ": " + replica.simulator().baseUrl() + "/v1");
        }
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }

    private SimConfig readConfig() {
        if (config == null) {
            return SimConfig.defaults();
        }
        return Input.checked(config, "simulator config", SimConfig::read);
    }

    private InetAddress address() {
        if (bind == null) {
            return InetAddress.getLoopbackAddress();
        }
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new UserError("--bind: '" + bind + "' is not an address of this machine");
        }
    }
}
