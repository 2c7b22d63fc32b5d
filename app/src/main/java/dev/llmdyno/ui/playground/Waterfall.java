package dev.llmdyno.ui.playground;

import dev.llmdyno.call.MetricDefinitions;
import dev.llmdyno.call.Metrics;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Where a call's time went, as one bar: queue, DNS, connect, TLS, wait for the first token, generation. */
final class Waterfall extends Region {

    record Phase(String name, String metric, double ms) {
    }

    private List<Phase> phases = List.of();

    Waterfall() {
        getStyleClass().add("waterfall");
        setPrefHeight(22);
        setMinHeight(22);
    }

    static List<Phase> phases(Metrics m) {
        if (m == null || m.e2eMs() == null) {
            return List.of();
        }
        double dns = nz(m.dnsMs());
        double tls = nz(m.tlsMs());
        double connect = Math.max(0, nz(m.connectMs()) - tls);
        double ttft = m.ttftMs() != null ? m.ttftMs() : m.e2eMs();
        double wait = Math.max(0, ttft - dns - connect - tls);
        var list = new ArrayList<Phase>();
        list.add(new Phase("queue", "queueMs", nz(m.queueMs()) + nz(m.retryMs())));
        list.add(new Phase("prep", "prepMs", nz(m.prepMs())));
        list.add(new Phase("dns", "dnsMs", dns));
        list.add(new Phase("connect", "connectMs", connect));
        list.add(new Phase("tls", "tlsMs", tls));
        list.add(new Phase("wait", "wait", wait));
        list.add(new Phase("generation", "generation", Math.max(0, m.e2eMs() - ttft)));
        return list;
    }

    void show(Metrics metrics) {
        phases = phases(metrics);
        getChildren().clear();
        for (var phase : phases) {
            var segment = new Region();
            segment.getStyleClass().addAll("waterfall-segment", "phase-" + phase.name());
            Tooltip.install(segment, new Tooltip(String.format(Locale.ROOT, "%s: %.1f ms%n%s", phase.name(), phase.ms(),
                    MetricDefinitions.of(phase.metric()))));
            getChildren().add(segment);
        }
        requestLayout();
    }

    @Override
    protected void layoutChildren() {
        double total = phases.stream().mapToDouble(Phase::ms).sum();
        double x = 0;
        for (int i = 0; i < phases.size(); i++) {
            double width = total <= 0 ? 0 : getWidth() * phases.get(i).ms() / total;
            getChildren().get(i).resizeRelocate(x, 0, width, getHeight());
            x += width;
        }
    }

    private static double nz(Double value) {
        return value == null ? 0 : value;
    }
}
