package dev.llmdyno.telemetry;

import java.util.List;

/** Somewhere GPU readings come from. */
@FunctionalInterface
public interface GpuSource {

    GpuSource NONE = List::of;

    List<GpuReading> read();
}
