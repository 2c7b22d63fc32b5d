package dev.llmdyno.telemetry;

/**
 * One GPU. Null fields are not available on this machine (never a made-up 0): OSHI names every card and its VRAM,
 * and its stats sessions give utilisation, VRAM in use, temperature and power where the platform has them;
 * {@code nvidia-smi} fills what they leave out on NVIDIA machines.
 */
public record GpuReading(String name, String vendor, Long vramTotalBytes, Long vramUsedBytes, Double utilizationPercent,
                         Double temperatureC, Double powerWatts) {

    /**
     * Whether this says anything about a real card. On a machine without one (a VM, a container) OSHI can still
     * list a card whose name and vendor are unknown and which has no memory: that is no GPU, and is not shown.
     */
    public boolean isKnown() {
        return vramTotalBytes != null || utilizationPercent != null || known(name) || known(vendor);
    }

    /** Whether the live figures are all here, so that no other source needs asking. */
    boolean isComplete() {
        return utilizationPercent != null && vramUsedBytes != null;
    }

    /** This reading with each missing field taken from {@code other}, a reading of the same card. */
    GpuReading filledFrom(GpuReading other) {
        return new GpuReading(name != null && known(name) ? name : other.name, known(vendor) ? vendor : other.vendor,
                vramTotalBytes != null ? vramTotalBytes : other.vramTotalBytes,
                vramUsedBytes != null ? vramUsedBytes : other.vramUsedBytes,
                utilizationPercent != null ? utilizationPercent : other.utilizationPercent,
                temperatureC != null ? temperatureC : other.temperatureC, powerWatts != null ? powerWatts : other.powerWatts);
    }

    /** Whether {@code other} describes the same card: one name contains the other ("NVIDIA H100" in "H100 80GB"). */
    boolean sameCard(GpuReading other) {
        if (!known(name) || !known(other.name)) {
            return false;
        }
        var a = name.toLowerCase(java.util.Locale.ROOT).replace("nvidia", "").strip();
        var b = other.name.toLowerCase(java.util.Locale.ROOT).replace("nvidia", "").strip();
        return !a.isEmpty() && !b.isEmpty() && (a.contains(b) || b.contains(a));
    }

    private static boolean known(String text) {
        return text != null && !text.isBlank() && !text.strip().equalsIgnoreCase("unknown");
    }
}
