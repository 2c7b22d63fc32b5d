package dev.llmdyno.telemetry;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MachineSamplerTest {

    @Test
    void readsCpuMemoryAndThisProcess() {
        try (var sampler = new MachineSampler(GpuSource.NONE)) {
            var first = sampler.sample();
            assertThat(first.cpuLoad()).as("no load before two samples").isNull();
            var second = sampler.sample();
            assertThat(second.cpuLoad()).isBetween(0.0, 1.0);
            assertThat(second.logicalCpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(second.memoryTotalBytes()).isGreaterThan(second.memoryUsedBytes()).isPositive();
            assertThat(second.processResidentBytes()).isGreaterThan(10L * 1024 * 1024);
        }
    }

    @Test
    void detailedGpuReadingsReplaceOshisForTheSameVendor() {
        var h100 = new GpuReading("NVIDIA H100 80GB HBM3", "NVIDIA", 80L << 30, 1L << 30, 12.0, 41.0);
        try (var sampler = new MachineSampler(() -> List.of(h100))) {
            assertThat(sampler.sample().gpus()).contains(h100);
        }
    }

    @Test
    void aCardOshiKnowsNothingAboutIsNoGpu() {
        assertThat(new GpuReading("unknown", "Unknown", null, null, null, null).isKnown()).isFalse();
        assertThat(new GpuReading("", null, null, null, null, null).isKnown()).isFalse();
        assertThat(new GpuReading("unknown", "unknown", 8L << 30, null, null, null).isKnown()).as("has memory").isTrue();
        assertThat(new GpuReading("Intel UHD 630", "Intel", null, null, null, null).isKnown()).isTrue();
    }

    @Test
    void nvidiaSmiOutputIsParsedAndMissingFieldsStayUnknown() {
        var gpus = NvidiaSmi.parse("NVIDIA H100 80GB HBM3, 81559, 1024, 37, 45\nNVIDIA A10, 23028, [N/A], [N/A], 60\n");
        assertThat(gpus).hasSize(2);
        assertThat(gpus.get(0)).isEqualTo(new GpuReading("NVIDIA H100 80GB HBM3", "NVIDIA", 81559L * 1024 * 1024,
                1024L * 1024 * 1024, 37.0, 45.0));
        assertThat(gpus.get(1).vramUsedBytes()).isNull();
        assertThat(gpus.get(1).utilizationPercent()).isNull();
    }

    @Test
    void aMissingNvidiaSmiMeansNoReadingsNotZeros() {
        assertThat(new NvidiaSmi(List.of("definitely-not-a-command-llmdyno")).read()).isEmpty();
    }
}
