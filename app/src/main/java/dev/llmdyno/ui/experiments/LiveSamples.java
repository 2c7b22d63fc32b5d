package dev.llmdyno.ui.experiments;

import dev.llmdyno.experiment.Sample;
import dev.llmdyno.experiment.SampleMetric;
import dev.llmdyno.ui.UiThread;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Samples on their way to the charts. Calls end on many threads; they queue here, and one drain per pulse (an
 * atomic "pending" flag in front of the {@link UiThread}) moves them into the arrays the charts read and bumps
 * {@code revision} once, so charts redraw at most once per frame however fast samples arrive.
 */
public final class LiveSamples {

    /** A chart's worth of one variant: the decision metric's values, and (seconds, latency) points. */
    public record Series(String name, double[] values, double[] seconds, double[] latencies) {
    }

    private final UiThread ui;
    private final ConcurrentLinkedQueue<Sample> incoming = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper();
    private final List<Growing> variants = new ArrayList<>();
    private List<String> names = List.of();
    private SampleMetric metric = SampleMetric.LATENCY;
    private Runnable afterDrain = () -> {
    };

    public LiveSamples(UiThread ui) {
        this.ui = ui;
    }

    /** Starts over for a run of these variants, judged on {@code decisionMetric}. */
    public void reset(List<String> variantNames, SampleMetric decisionMetric, Runnable onDrain) {
        incoming.clear();
        names = List.copyOf(variantNames);
        metric = decisionMetric;
        afterDrain = onDrain;
        variants.clear();
        variantNames.forEach(name -> variants.add(new Growing()));
        revision.set(revision.get() + 1);
    }

    /** Called from any thread as each sample arrives. */
    public void accept(Sample sample) {
        incoming.add(sample);
        if (pending.compareAndSet(false, true)) {
            ui.post(this::drain);
        }
    }

    /** Replaces everything with stored samples (an experiment opened from the history). */
    public void show(List<String> variantNames, SampleMetric decisionMetric, List<Sample> samples) {
        reset(variantNames, decisionMetric, () -> {
        });
        samples.forEach(incoming::add);
        drain();
    }

    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    public SampleMetric metric() {
        return metric;
    }

    public List<Series> series() {
        var out = new ArrayList<Series>();
        for (int v = 0; v < variants.size(); v++) {
            var g = variants.get(v);
            out.add(new Series(names.get(v), java.util.Arrays.copyOf(g.values, g.valueCount),
                    java.util.Arrays.copyOf(g.seconds, g.pointCount), java.util.Arrays.copyOf(g.latencies, g.pointCount)));
        }
        return out;
    }

    /** Completed requests per second, in one-second buckets from the start of the run. */
    public double[] throughput() {
        int seconds = 0;
        for (var g : variants) {
            for (int i = 0; i < g.pointCount; i++) {
                seconds = Math.max(seconds, (int) g.seconds[i] + 1);
            }
        }
        var buckets = new double[seconds];
        for (var g : variants) {
            for (int i = 0; i < g.pointCount; i++) {
                buckets[(int) g.seconds[i]]++;
            }
        }
        return buckets;
    }

    private void drain() {
        pending.set(false);
        Sample sample;
        boolean changed = false;
        while ((sample = incoming.poll()) != null) {
            if (!sample.measured() || sample.variant() >= variants.size()) {
                continue;
            }
            var g = variants.get(sample.variant());
            var value = metric.of(sample);
            if (value != null) {
                g.addValue(value);
            }
            if (sample.latencyMs() != null) {
                g.addPoint(sample.endedMs() / 1000, sample.latencyMs());
            }
            changed = true;
        }
        if (changed) {
            revision.set(revision.get() + 1);
        }
        afterDrain.run();
    }

    /** Arrays that double as they fill: no boxing, and a 10,000-sample run costs a few hundred kilobytes. */
    private static final class Growing {
        double[] values = new double[64];
        int valueCount;
        double[] seconds = new double[64];
        double[] latencies = new double[64];
        int pointCount;

        void addValue(double value) {
            if (valueCount == values.length) {
                values = java.util.Arrays.copyOf(values, valueCount * 2);
            }
            values[valueCount++] = value;
        }

        void addPoint(double second, double latency) {
            if (pointCount == seconds.length) {
                seconds = java.util.Arrays.copyOf(seconds, pointCount * 2);
                latencies = java.util.Arrays.copyOf(latencies, pointCount * 2);
            }
            seconds[pointCount] = second;
            latencies[pointCount++] = latency;
        }
    }
}
