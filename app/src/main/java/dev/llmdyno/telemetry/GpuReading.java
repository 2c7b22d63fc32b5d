package dev.llmdyno.telemetry;

/**
 * One GPU. Null fields are not available on this platform (never a made-up 0): OSHI names every card and its
 * VRAM; utilisation, VRAM in use and temperature come from {@code nvidia-smi} on NVIDIA machines.
 */
public record GpuReading(String name, String vendor, Long vramTotalBytes, Long vramUsedBytes, Double utilizationPercent,
                         Double temperatureC) {
}
