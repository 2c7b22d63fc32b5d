package dev.llmdyno.call;

import dev.llmdyno.BenchReport;
import dev.llmdyno.SimulatorProcess;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Params;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProviderKind;
import dev.llmdyno.sim.ModelSpec;
import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.sim.Simulator;
import dev.llmdyno.timing.NanoClock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How far the engine's measurements are from the truth, what a thousand streams cost the client, and whether a
 * backlog shows up in the latency. Run: {@code ./mvnw -pl app test -Pbench -Dtest=CallEngineBenchmark}.
 */
@Tag("benchmark")
class CallEngineBenchmark {

    private final CallEngine engine = new CallEngine(Catalog.builtIn(), SecretResolver.of(Map.of()), NanoClock.SYSTEM,
            SimConfig.defaults());

    private static ModelSpec model(double ttftMs, double decodeMs, int tokens, int maxConcurrent) {
        return new ModelSpec("m", ttftMs, 0.0, 0.1, decodeMs, 0.1, 0.0, 1.0, 1, maxConcurrent, 0.0, tokens, tokens, 0);
    }

    private static Profile profileFor(String baseUrl) {
        return Profile.starter().withModel("m")
                .withEndpoint(new Endpoint("sim", ProviderKind.SIMULATOR, baseUrl + "/v1", null, null, null))
                .withParams(Params.DEFAULTS.withMaxTokens(4_096));
    }

    @Test
    void accuracyCostAndCoordinatedOmission() throws Exception {
        var report = new BenchReport("call-engine");
        // The simulator runs in its own process; System.nanoTime() is the machine's monotonic clock on Linux, so its
        // trace times compare directly with this process's.
        try (var sim = new SimulatorProcess("trace: true\nmodels:\n  - {id: m, ttftMs: 100, decodeMsPerToken: 20, jitter: 0.1, "
                + "maxConcurrent: 5000, loadFactor: 0, minOutputTokens: 50, maxOutputTokens: 50}\n")) {
            var profile = profileFor(sim.baseUrl);
            ttftError(report, profile, 1, 200, false);
            ttftError(report, profile, 256, 1_024, false);
            ttftError(report, profile, 256, 1_024, true);
            ttftError(report, profile, 1, 200, true);
        }
        thousandStreams(report);
        coordinatedOmission(report);
    }

    /** |client-measured first-token arrival − server send time| across calls at a given concurrency. */
    private void ttftError(BenchReport report, Profile profile, int concurrency, int calls, boolean platformThreads)
            throws Exception {
        runConcurrently(profile, concurrency, 64, new ArrayList<>(), platformThreads); // warm-up
        var errors = new ArrayList<Double>();
        runConcurrently(profile, concurrency, calls, errors, platformThreads);
        var values = errors.stream().mapToDouble(Double::doubleValue).toArray();
        report.line(String.format("TTFT error against the simulator's trace, concurrency %d, %d calls, %s threads: median %.3f ms, p90 %.3f ms, p99 %.3f ms",
                concurrency, values.length, platformThreads ? "platform" : "virtual", BenchReport.quantile(values, 0.5),
                BenchReport.quantile(values, 0.9), BenchReport.quantile(values, 0.99)));
    }

    private void runConcurrently(Profile profile, int concurrency, int calls, List<Double> errors, boolean platformThreads)
            throws Exception {
        var slots = new Semaphore(concurrency);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<?>>();
            for (int i = 0; i < calls; i++) {
                slots.acquire();
                futures.add(pool.submit(() -> {
                    try {
                        var probe = new TraceProbe();
                        var options = CallOptions.DEFAULTS.withListener(probe);
                        // Platform threads as the app runs its calls: CallEngine.start.
                        var result = platformThreads ? engine.start(profile, options).result().get()
                                : engine.call(profile, options);
                        assertThat(result.ok()).as(String.valueOf(result.error())).isTrue();
                        synchronized (errors) {
                            errors.add(Math.abs(probe.firstArrival - probe.firstSent) / 1e6);
                        }
                    } finally {
                        slots.release();
                    }
                    return null;
                }));
            }
            for (var future : futures) {
                future.get();
            }
        }
    }

    /** Pairs the first token's arrival with the server's send time from the trace comment before it. */
    private static final class TraceProbe implements CallListener {
        long lastSent;
        long firstSent;
        long firstArrival;

        @Override
        public void onServerTrace(long sentNanos) {
            lastSent = sentNanos;
        }

        @Override
        public void onContent(String text) {
            if (firstArrival == 0) {
                firstArrival = System.nanoTime();
                firstSent = lastSent;
            }
        }
    }

    /** 1,000 concurrent streams from this process to a simulator in another; this process's CPU is the client's. */
    private void thousandStreams(BenchReport report) throws Exception {
        try (var sim = new SimulatorProcess("models:\n  - {id: m, ttftMs: 200, decodeMsPerToken: 20, jitter: 0.1, "
                + "maxConcurrent: 5000, loadFactor: 0, minOutputTokens: 200, maxOutputTokens: 200}\n")) {
            var profile = profileFor(sim.baseUrl);
            runStreams(profile, 100); // warm-up
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            int ok = runStreams(profile, 1_000);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cores = (os.getProcessCpuTime() - cpu) / 1e9 / seconds;
            report.line(String.format("1,000 concurrent streams x 200 tokens at 20 ms/token from one process: %d ok in %.1f s, client CPU %.2f cores (%.0f content events/s)",
                    ok, seconds, cores, ok * 200 / seconds));
        }
    }

    /** Runs the streams as the app does, each on the engine's own thread ({@link CallEngine#start}). */
    private int runStreams(Profile profile, int streams) throws Exception {
        var handles = new ArrayList<CallHandle>();
        for (int i = 0; i < streams; i++) {
            handles.add(engine.start(profile, CallOptions.DEFAULTS));
        }
        int ok = 0;
        for (var handle : handles) {
            ok += handle.result().get().ok() ? 1 : 0;
        }
        return ok;
    }

    /**
     * 10 requests/s are planned, one may run at a time and each takes 500 ms: the queue grows by 400 ms a request,
     * and the reported latency must grow with it, because it is measured from the planned start.
     */
    private void coordinatedOmission(BenchReport report) throws Exception {
        try (var sim = Simulator.startLocal(SimConfig.defaults().withModels(List.of(
                new ModelSpec("m", 500.0, 0.0, 0.1, 0.0, 0.0, 0.0, 1.0, 1, 100, 0.0, 1, 1, 0))))) {
            var profile = profileFor(sim.baseUrl());
            engine.call(profile, CallOptions.DEFAULTS); // warm-up
            var oneAtATime = new Semaphore(1, true);
            int requests = 20;
            long t0 = System.nanoTime() + 50_000_000;
            var latencies = new double[requests];
            var queues = new double[requests];
            var e2e = new double[requests];
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                var futures = new ArrayList<Future<?>>();
                for (int i = 0; i < requests; i++) {
                    int index = i;
                    long planned = t0 + i * 100_000_000L;
                    futures.add(pool.submit(() -> {
                        Thread.sleep(java.time.Duration.ofNanos(Math.max(0, planned - System.nanoTime())));
                        oneAtATime.acquire();
                        try {
                            // Held from its planned time by the one-at-a-time cap: queue, as an experiment's cap is.
                            var m = engine.call(profile, CallOptions.DEFAULTS.withSchedule(planned,
                                    System.nanoTime() - planned)).metrics();
                            latencies[index] = m.latencyMs();
                            queues[index] = m.queueMs();
                            e2e[index] = m.e2eMs();
                        } finally {
                            oneAtATime.release();
                        }
                        return null;
                    }));
                }
                for (var future : futures) {
                    future.get();
                }
            }
            report.line(String.format("coordinated omission, 10 req/s planned, concurrency 1, ~500 ms service: e2e median %.0f ms; latency of request 1, 5, 10, 20: %.0f, %.0f, %.0f, %.0f ms (queue %.0f, %.0f, %.0f, %.0f ms)",
                    BenchReport.quantile(e2e, 0.5), latencies[0], latencies[4], latencies[9], latencies[19],
                    queues[0], queues[4], queues[9], queues[19]));
            report.line("  all latencies: " + Arrays.toString(Arrays.stream(latencies).mapToLong(Math::round).toArray()));
            assertThat(latencies[19]).isGreaterThan(latencies[0] + 5_000);
        }
    }
}
