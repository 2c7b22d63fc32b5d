package dev.llmdyno.telemetry;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OperatingSystem;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads the machine once a second on a background thread (OSHI for CPU, memory, process and the GPUs' names and
 * VRAM; {@code nvidia-smi} for NVIDIA utilisation, VRAM in use and temperature) and hands each reading to its
 * listeners. {@link #latest()} is the reading stored beside a run.
 */
public final class MachineSampler implements AutoCloseable {

    private final CentralProcessor processor;
    private final GlobalMemory memory;
    private final OperatingSystem os;
    private final List<GpuReading> oshiGpus;
    private final GpuSource detailedGpus;
    private final List<Consumer<MachineReading>> listeners = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService timer;
    private long[] previousTicks;
    private volatile MachineReading latest;

    public MachineSampler(GpuSource detailedGpus) {
        var system = new SystemInfo();
        var hardware = system.getHardware();
        this.processor = hardware.getProcessor();
        this.memory = hardware.getMemory();
        this.os = system.getOperatingSystem();
        this.oshiGpus = hardware.getGraphicsCards().stream()
                .map(card -> new GpuReading(card.getName(), card.getVendor(), card.getVRam() > 0 ? card.getVRam() : null,
                        null, null, null))
                .filter(GpuReading::isKnown)
                .toList();
        this.detailedGpus = detailedGpus;
    }

    public MachineSampler() {
        this(new NvidiaSmi());
    }

    public void addListener(Consumer<MachineReading> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<MachineReading> listener) {
        listeners.remove(listener);
    }

    /** Starts sampling once a second. */
    public synchronized void start() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("machine-sampler").factory());
            timer.scheduleAtFixedRate(this::sampleAndNotify, 0, 1, TimeUnit.SECONDS);
        }
    }

    /** The last reading, or a fresh one if sampling has not started. */
    public MachineReading latest() {
        var reading = latest;
        return reading != null ? reading : sample();
    }

    private void sampleAndNotify() {
        var reading = sample();
        listeners.forEach(listener -> listener.accept(reading));
    }

    synchronized MachineReading sample() {
        var ticks = processor.getSystemCpuLoadTicks();
        Double load = previousTicks == null ? null : processor.getSystemCpuLoadBetweenTicks(previousTicks);
        previousTicks = ticks;
        var process = os.getProcess(os.getProcessId());
        long total = memory.getTotal();
        var reading = new MachineReading(System.currentTimeMillis(), load, processor.getLogicalProcessorCount(), total,
                total - memory.getAvailable(), process == null ? 0 : process.getResidentSetSize(), gpus());
        latest = reading;
        return reading;
    }

    /** NVIDIA's detailed readings where there are any, otherwise what OSHI knows. */
    private List<GpuReading> gpus() {
        var detailed = detailedGpus.read();
        if (detailed.isEmpty()) {
            return oshiGpus;
        }
        var merged = new ArrayList<>(detailed);
        for (var card : oshiGpus) {
            if (detailed.stream().noneMatch(gpu -> card.name() != null && card.name().contains(gpu.name()))
                    && !"NVIDIA".equalsIgnoreCase(card.vendor()) && !String.valueOf(card.vendor()).toLowerCase().contains("nvidia")) {
                merged.add(card);
            }
        }
        return merged;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
