package dev.llmdyno.ui;

import dev.llmdyno.BenchReport;
import dev.llmdyno.SimulatorProcess;
import dev.llmdyno.experiment.Arrival;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Profile;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The FX thread while the Experiments tab shows an experiment of 500 concurrent streams (60 tokens at 20 ms each): live ECDF, latency and
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
        var window = TestWindow.open(stage, 1440, 900, false, List.of());
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
        var errors = new java.util.TreeMap<String, Integer>();
        rows.forEach(r -> r.errors().forEach((type, count) -> errors.merge(type, count, Integer::sum)));
        report.line("errors by type: " + errors + "; simulator log " + sim.log);
        report.line(String.format("%d concurrent streams, %d requests (%d failed) in %.1f s with live charts: %s; "
                        + "FX thread busy %.0f%% of the time, app process %.2f cores, machine load average %.1f",
                STREAMS, requests, failed, seconds, gauges.summary(), 100 * fxShare, cores, os.getSystemLoadAverage()));
        window.close();
        sim.close();
        FxToolkit.cleanupStages();
    }
}
