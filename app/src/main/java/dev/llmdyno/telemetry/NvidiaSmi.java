package dev.llmdyno.telemetry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * NVIDIA GPUs through {@code nvidia-smi --query-gpu}: what fills in utilisation, VRAM in use, temperature and power
 * where OSHI's stats sessions cannot read them (no NVML library in OSHI's search path, an older driver). Absent tool
 * or failed query means no readings, not zeros.
 */
public final class NvidiaSmi implements GpuSource {

    static final List<String> COMMAND = List.of("nvidia-smi",
            "--query-gpu=name,memory.total,memory.used,utilization.gpu,temperature.gpu,power.draw", "--format=csv,noheader,nounits");

    private final List<String> command;
    private volatile boolean unavailable;

    public NvidiaSmi() {
        this(COMMAND);
    }

    NvidiaSmi(List<String> command) {
        this.command = command;
    }

    @Override
    public List<GpuReading> read() {
        if (unavailable) {
            return List.of();
        }
        try {
            var process = new ProcessBuilder(command).redirectErrorStream(false).start();
            if (!process.waitFor(3, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                unavailable = true;
                return List.of();
            }
            return parse(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            unavailable = true; // not installed
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** Lines of "name, total MiB, used MiB, utilisation %, temperature C[, power W]"; "[N/A]" fields become null. */
    static List<GpuReading> parse(String csv) {
        var gpus = new ArrayList<GpuReading>();
        for (var line : csv.split("\n")) {
            var fields = line.split(",");
            if (fields.length < 5 || fields[0].isBlank()) {
                continue;
            }
            gpus.add(new GpuReading(fields[0].strip(), "NVIDIA", mib(fields[1]), mib(fields[2]), number(fields[3]),
                    number(fields[4]), fields.length > 5 ? number(fields[5]) : null));
        }
        return gpus;
    }

    private static Long mib(String field) {
        var value = number(field);
        return value == null ? null : (long) (value * 1024 * 1024);
    }

    private static Double number(String field) {
        try {
            return Double.parseDouble(field.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
