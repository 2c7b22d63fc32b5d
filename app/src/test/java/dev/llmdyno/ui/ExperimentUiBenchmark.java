package dev.llmdyno.ui;

import dev.llmdyno.BenchReport;
import dev.llmdyno.SimulatorProcess;
import dev.llmdyno.experiment.Arrival;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.sim.ModelSpec;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The FX thread while the Experiments tab shows an experiment of 500 concurrent streams: live ECDF, latency and
 * throughput charts redrawn as samples arrive, progress and status updated.
 * Run: {@code xvfb-run -a ./mvnw -pl app test -Pbench -Dtest=ExperimentUiBenchmark}.
 */
@Tag("benchmark")
class ExperimentUiBenchmark {

    /** Concurrent streams; {@code -Dstreams=100} measures a lighter load. */
    private static final int STREAMS = Integer.getInteger("streams", 500);

    @Test
    void fxThreadDuringA500StreamExperiment() throws Exception {
        var report = new BenchReport("experiment-ui");
        FxToolkit.registerPrimaryStage();
        var stage = FxToolkit.registerStage(Stage::new);
        var holder = new TestWindow[1];
        FxToolkit.setupFixture(() -> {
            stage.setWidth(1440);
            stage.setHeight(900);
            try {
                // 60 tokens at 20 ms: each stream lasts about 1.3 s; 500 at once is about 380 requests/s.
                holder[0] = new TestWindow(stage, false, List.of(
                        new ModelSpec("sim-balanced", 100.0, 1.0, 0.1, 20.0, 0.1, 0.0, 1.0, 1, 1_000, 0.0, 60, 60, 0),
                        new ModelSpec("sim-fast", 80.0, 1.0, 0.1, 20.0, 0.1, 0.0, 1.0, 1, 1_000, 0.0, 60, 60, 0)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        var window = holder[0];
        var robot = new FxRobot();
        // The simulator runs in a process of its own, as a real endpoint would: the app's JVM does the client's work.
        var sim = new SimulatorProcess("models:\n"
                + "  - {id: sim-balanced, ttftMs: 100, decodeMsPerToken: 20, jitter: 0.1, tailProbability: 0, maxConcurrent: 1000, loadFactor: 0, minOutputTokens: 60, maxOutputTokens: 60}\n"
                + "  - {id: sim-fast, ttftMs: 80, decodeMsPerToken: 20, jitter: 0.1, tailProbability: 0, maxConcurrent: 1000, loadFactor: 0, minOutputTokens: 60, maxOutputTokens: 60}\n");
        robot.interact(() -> {
            window.experiments.useProfile(Profile.starter().withModel("sim-balanced")
                    .withEndpoint(Endpoint.LOCAL_SIMULATOR.withBaseUrl(sim.baseUrl + "/v1")));
            window.experiments.draft.model.set("sim-fast");
            window.experiments.addVariant();
            window.experiments.mode.set(Arrival.Mode.CONCURRENCY);
            window.experiments.level.set(String.valueOf(STREAMS));
            window.experiments.repetitions.set(3_000);
            window.experiments.warmup.set(0);
            window.experiments.maxCostUsd.set("");
            window.experiments.metric.set(dev.llmdyno.experiment.SampleMetric.E2E);
        });
        robot.clickOn("Experiments");
        Thread.sleep(1_000);
        var gauges = new FxGauges();
        gauges.start();
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long fxThread = WaitForAsyncUtils.asyncFx(() -> Thread.currentThread().threadId()).get();
        long fxCpuStart = threads.getThreadCpuTime(fxThread);
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        robot.interact(window.experiments::run);
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> !window.experiments.runningProperty().get()
                && !window.experiments.resultRows.isEmpty());
        gauges.stop();
        double seconds = (System.nanoTime() - start) / 1e9;
        double fxShare = (threads.getThreadCpuTime(fxThread) - fxCpuStart) / 1e9 / seconds;
        double cores = (os.getProcessCpuTime() - cpuStart) / 1e9 / seconds;
        var rows = window.experiments.resultRows;
        int requests = rows.stream().mapToInt(r -> r.requests()).sum();
        int failed = rows.stream().mapToInt(r -> r.requests() - r.succeeded()).sum();
        report.line(String.format("%d concurrent streams, %d requests (%d failed) in %.1f s with live charts: %s; "
                        + "FX thread busy %.0f%% of the time, app process %.2f cores, machine load average %.1f",
                STREAMS, requests, failed, seconds, gauges.summary(), 100 * fxShare, cores, os.getSystemLoadAverage()));
        window.close();
        sim.close();
        FxToolkit.cleanupStages();
    }
}
