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
 * Reads the machine once a second on a background thread (OSHI for CPU, memory, process and the GPUs, their stats
 * sessions included; {@code nvidia-smi} for what those leave out) and hands each reading to its listeners.
 * {@link #latest()} is the reading stored beside a run.
 */
public final class MachineSampler implements AutoCloseable {

    private final CentralProcessor processor;
    private final GlobalMemory memory;
    private final OperatingSystem os;
    private final GpuSource gpus;
    private final GpuSource fallbackGpus;
    private final List<Consumer<MachineReading>> listeners = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService timer;
    private long[] previousTicks;
    private volatile MachineReading latest;

    /** OSHI's cards first; {@code fallbackGpus} (nvidia-smi in the app) fills what they cannot read. */
    public MachineSampler(GpuSource fallbackGpus) {
        this(null, fallbackGpus);
    }

    public MachineSampler() {
        this(new NvidiaSmi());
    }

    /** With {@code gpus} in place of OSHI's cards (null: OSHI's), for tests. */
    MachineSampler(GpuSource gpus, GpuSource fallbackGpus) {
        var system = new SystemInfo();
        var hardware = system.getHardware();
        this.processor = hardware.getProcessor();
        this.memory = hardware.getMemory();
        this.os = system.getOperatingSystem();
        this.gpus = gpus != null ? gpus : OshiGpus.of(hardware.getGraphicsCards());
        this.fallbackGpus = fallbackGpus;
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

    /**
     * OSHI's readings; where one lacks utilisation or VRAM in use (or OSHI lists no card), the fallback's reading of
     * the same card fills the gaps, and cards only the fallback knows are added.
     */
    private List<GpuReading> gpus() {
        return merge(gpus.read(), fallbackGpus);
    }

    static List<GpuReading> merge(List<GpuReading> primary, GpuSource fallback) {
        if (!primary.isEmpty() && primary.stream().allMatch(GpuReading::isComplete)) {
            return primary;
        }
        var extra = new ArrayList<>(fallback.read());
        if (extra.isEmpty()) {
            return primary;
        }
        var merged = new ArrayList<GpuReading>();
        for (var card : primary) {
            var same = extra.stream().filter(card::sameCard).findFirst();
            same.ifPresent(extra::remove);
            merged.add(same.map(card::filledFrom).orElse(card));
        }
        merged.addAll(extra);
        return merged;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        if (gpus instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.getLogger(MachineSampler.class.getName()).log(System.Logger.Level.DEBUG, "closing GPU sessions", e);
            }
        }
    }
}
