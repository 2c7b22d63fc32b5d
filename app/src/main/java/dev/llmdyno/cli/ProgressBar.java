package dev.llmdyno.cli;

import dev.llmdyno.experiment.ExperimentRun;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Supplier;

/** A one-line progress bar redrawn on a terminal four times a second; silent when output is not a terminal. */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final Thread thread;
    private final PrintWriter err;
    private volatile boolean stopped;

    private ProgressBar(PrintWriter err, Supplier<ExperimentRun.Progress> progress, boolean draw) {
        this.err = err;
        this.thread = draw ? Thread.ofPlatform().daemon().name("progress").start(() -> {
            while (!stopped) {
                err.print("\r" + line(progress.get()));
                err.flush();
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }) : null;
    }

    static ProgressBar start(PrintWriter err, Supplier<ExperimentRun.Progress> progress, boolean draw) {
        return new ProgressBar(err, progress, draw);
    }

    static String line(ExperimentRun.Progress p) {
        double fraction = p.total() == 0 ? 1 : (double) p.done() / p.total();
        int filled = (int) Math.round(fraction * WIDTH);
        return String.format(Locale.ROOT, "[%s%s] %d/%d %3.0f%%  %.1f s  $%.4f ", "#".repeat(filled),
                ".".repeat(WIDTH - filled), p.done(), p.total(), 100 * fraction, p.elapsedSeconds(), p.spentUsd());
    }

    void stop() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            err.print("\r" + " ".repeat(WIDTH + 40) + "\r");
            err.flush();
        }
    }
}
