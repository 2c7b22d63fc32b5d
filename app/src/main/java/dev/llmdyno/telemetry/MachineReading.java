package dev.llmdyno.telemetry;

import java.util.List;

/**
 * The machine at one moment: CPU load across all cores (0..1, null before the second sample), memory, this
 * process's resident memory, and each GPU.
 */
public record MachineReading(long epochMillis, Double cpuLoad, int logicalCpus, long memoryTotalBytes,
                             long memoryUsedBytes, long processResidentBytes, List<GpuReading> gpus) {

    public MachineReading {
        gpus = List.copyOf(gpus);
    }
}
