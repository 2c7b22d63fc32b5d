package dev.llmdyno.ui.machine;

import dev.llmdyno.telemetry.GpuReading;
import dev.llmdyno.telemetry.MachineReading;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Locale;

/** The machine's vital signs as text and the last minute of CPU and memory use for sparklines. */
public final class MachineViewModel {

    static final int HISTORY = 60;
    private static final double GIB = 1024.0 * 1024 * 1024;

    private final ReadOnlyStringWrapper cpu = new ReadOnlyStringWrapper("CPU …");
    private final ReadOnlyStringWrapper memory = new ReadOnlyStringWrapper("Memory …");
    private final ReadOnlyStringWrapper process = new ReadOnlyStringWrapper("App …");
    private final ReadOnlyStringWrapper gpu = new ReadOnlyStringWrapper("GPU …");
    private final ObservableList<Double> cpuHistory = FXCollections.observableArrayList();
    private final ObservableList<Double> memoryHistory = FXCollections.observableArrayList();

    /** Takes a reading; call on the UI thread. */
    public void accept(MachineReading reading) {
        if (reading.cpuLoad() != null) {
            cpu.set(String.format(Locale.ROOT, "CPU %.0f%% of %d", reading.cpuLoad() * 100, reading.logicalCpus()));
            push(cpuHistory, reading.cpuLoad());
        }
        memory.set(String.format(Locale.ROOT, "Memory %.1f / %.1f GiB", reading.memoryUsedBytes() / GIB,
                reading.memoryTotalBytes() / GIB));
        push(memoryHistory, reading.memoryUsedBytes() / (double) reading.memoryTotalBytes());
        process.set(String.format(Locale.ROOT, "App %.0f MiB", reading.processResidentBytes() / 1024.0 / 1024.0));
        gpu.set(describe(reading));
    }

    static String describe(MachineReading reading) {
        if (reading.gpus().isEmpty()) {
            return "GPU: none found";
        }
        var text = new StringBuilder();
        for (var card : reading.gpus()) {
            text.append(text.isEmpty() ? "" : "  |  ").append(describe(card));
        }
        return text.toString();
    }

    private static String describe(GpuReading card) {
        var named = card.name() != null && !card.name().isBlank() && !card.name().equalsIgnoreCase("unknown");
        var text = new StringBuilder(named ? card.name() : "GPU (unnamed)");
        if (card.utilizationPercent() != null) {
            text.append(String.format(Locale.ROOT, " %.0f%%", card.utilizationPercent()));
        }
        if (card.vramUsedBytes() != null && card.vramTotalBytes() != null) {
            text.append(String.format(Locale.ROOT, " · VRAM %.1f / %.1f GiB", card.vramUsedBytes() / GIB, card.vramTotalBytes() / GIB));
        } else if (card.vramTotalBytes() != null) {
            text.append(String.format(Locale.ROOT, " · VRAM %.1f GiB", card.vramTotalBytes() / GIB));
        }
        if (card.temperatureC() != null) {
            text.append(String.format(Locale.ROOT, " · %.0f °C", card.temperatureC()));
        }
        if (card.powerWatts() != null) {
            text.append(String.format(Locale.ROOT, " · %.0f W", card.powerWatts()));
        }
        if (card.utilizationPercent() == null) {
            text.append(" · utilisation not available");
        }
        return text.toString();
    }

    private static void push(ObservableList<Double> history, double value) {
        if (history.size() >= HISTORY) {
            history.removeFirst();
        }
        history.add(value);
    }

    public ReadOnlyStringProperty cpuProperty() {
        return cpu.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty memoryProperty() {
        return memory.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty processProperty() {
        return process.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty gpuProperty() {
        return gpu.getReadOnlyProperty();
    }

    public ObservableList<Double> cpuHistory() {
        return cpuHistory;
    }

    public ObservableList<Double> memoryHistory() {
        return memoryHistory;
    }
}
