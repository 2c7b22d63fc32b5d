package dev.llmdyno.ui;

import dev.llmdyno.BenchReport;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;

/**
 * Pulse gaps from an AnimationTimer (a pulse that overruns its 16.7 ms frame shows as a longer gap), and how
 * long a probe posted to the FX thread every 5 ms waits before it runs.
 */
final class FxGauges {
    private final List<Double> pulseGaps = new ArrayList<>();

    private final List<Double> probeWaits = new ArrayList<>();
    private volatile boolean running;
    private AnimationTimer timer;

    void start() throws Exception {
        running = true;
        WaitForAsyncUtils.asyncFx(() -> {
            timer = new AnimationTimer() {
                private long last;

                @Override
                public void handle(long now) {
                    if (last != 0) {
                        pulseGaps.add((now - last) / 1e6);
                    }
                    last = now;
                }
            };
            timer.start();
        }).get();
        Thread.ofPlatform().daemon().start(() -> {
            while (running) {
                long posted = System.nanoTime();
                Platform.runLater(() -> {
                    synchronized (probeWaits) {
                        probeWaits.add((System.nanoTime() - posted) / 1e6);
                    }
                });
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    void stop() throws Exception {
        running = false;
        WaitForAsyncUtils.asyncFx(() -> {
            timer.stop();
        }).get();
        WaitForAsyncUtils.waitForFxEvents();
    }

    String summary() {
        double[] gaps = pulseGaps.stream().mapToDouble(Double::doubleValue).toArray();
        double[] waits;
        synchronized (probeWaits) {
            waits = probeWaits.stream().mapToDouble(Double::doubleValue).toArray();
        }
        return String.format("pulse gap p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d pulses); FX-thread wait of a probe p50 %.2f ms, p99 %.1f ms, max %.1f ms (%d probes)",
                BenchReport.quantile(gaps, 0.5), BenchReport.quantile(gaps, 0.99), BenchReport.quantile(gaps, 1.0), gaps.length,
                BenchReport.quantile(waits, 0.5), BenchReport.quantile(waits, 0.99), BenchReport.quantile(waits, 1.0), waits.length);
    }
}
