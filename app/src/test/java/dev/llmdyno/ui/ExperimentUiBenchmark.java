package dev.llmdyno.ui;

import dev.llmdyno.BenchReport;
import dev.llmdyno.experiment.Arrival;
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
        robot.interact(() -> {
            window.playground.form.model.set("sim-balanced");
            window.experiments.usePlaygroundProfile();
            window.experiments.draft.model.set("sim-fast");
            window.experiments.addVariant();
            window.experiments.mode.set(Arrival.Mode.CONCURRENCY);
            window.experiments.level.set("500");
            window.experiments.repetitions.set(3_000);
            window.experiments.warmup.set(0);
            window.experiments.maxCostUsd.set("");
            window.experiments.metric.set(dev.llmdyno.experiment.SampleMetric.E2E);
        });
        robot.clickOn("Experiments");
        Thread.sleep(1_000);
        var gauges = new FxGauges();
        gauges.start();
        long start = System.nanoTime();
        robot.interact(window.experiments::run);
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> !window.experiments.runningProperty().get()
                && !window.experiments.resultRows.isEmpty());
        gauges.stop();
        double seconds = (System.nanoTime() - start) / 1e9;
        var rows = window.experiments.resultRows;
        int requests = rows.stream().mapToInt(r -> r.requests()).sum();
        int failed = rows.stream().mapToInt(r -> r.requests() - r.succeeded()).sum();
        report.line(String.format("500 concurrent streams, %d requests (%d failed) in %.1f s with live charts: %s",
                requests, failed, seconds, gauges.summary()));
        window.close();
        FxToolkit.cleanupStages();
    }
}
