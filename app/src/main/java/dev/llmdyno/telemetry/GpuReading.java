package dev.llmdyno.telemetry;

/**
 * One GPU. Null fields are not available on this platform (never a made-up 0): OSHI names every card and its
 * VRAM; utilisation, VRAM in use and temperature come from {@code nvidia-smi} on NVIDIA machines.
 */
public record GpuReading(String name, String vendor, Long vramTotalBytes, Long vramUsedBytes, Double utilizationPercent,
                         Double temperatureC) {

    /**
     * Whether this says anything about a real card. On a machine without one (a VM, a container) OSHI can still
     * list a card whose name and vendor are unknown and which has no memory: that is no GPU, and is not shown.
     */
    public boolean isKnown() {
        return vramTotalBytes != null || utilizationPercent != null || known(name) || known(vendor);
    }

    private static boolean known(String text) {
        return text != null && !text.isBlank() && !text.strip().equalsIgnoreCase("unknown");
    }
}
