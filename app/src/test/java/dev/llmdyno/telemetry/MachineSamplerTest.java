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

    /** A card as OSHI would give it, with a stats session that answers the given figures (-1: not available). */
    private static OshiGpus.Card card(String name, String vendor, long vram, FakeStats stats) {
        return new OshiGpus.Card() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String vendor() {
                return vendor;
            }

            @Override
            public long vramBytes() {
                return vram;
            }

            @Override
            public oshi.hardware.GpuStats openStats() {
                stats.opened++;
                return stats;
            }
        };
    }

    private static final class FakeStats implements oshi.hardware.GpuStats {
        final double utilisation;
        final long vramUsed;
        final double temperature;
        final double power;
        int opened;
        boolean closed;

        FakeStats(double utilisation, long vramUsed, double temperature, double power) {
            this.utilisation = utilisation;
            this.vramUsed = vramUsed;
            this.temperature = temperature;
            this.power = power;
        }

        @Override public void close() { closed = true; }
        @Override public boolean isClosed() { return closed; }
        @Override public oshi.hardware.GpuTicks getGpuTicks() { throw new UnsupportedOperationException(); }
        @Override public double getGpuUtilization() { return utilisation; }
        @Override public long getVramUsed() { return vramUsed; }
        @Override public long getSharedMemoryUsed() { return -1; }
        @Override public double getTemperature() { return temperature; }
        @Override public double getPowerDraw() { return power; }
        @Override public long getCoreClockMhz() { return -1; }
        @Override public long getMemoryClockMhz() { return -1; }
        @Override public double getFanSpeedPercent() { return -1; }
    }

    @Test
    void oshisStatsSessionGivesTheLiveFiguresAndNvidiaSmiIsNotAsked() {
        var stats = new FakeStats(37.5, 3L << 30, 51, 212);
        var oshi = new OshiGpus(List.of(card("NVIDIA H200", "NVIDIA", 141L << 30, stats)));
        var asked = new int[1];
        GpuSource smi = () -> {
            asked[0]++;
            return List.of();
        };
        var first = MachineSampler.merge(oshi.read(), smi);
        MachineSampler.merge(oshi.read(), smi);
        assertThat(first).containsExactly(new GpuReading("NVIDIA H200", "NVIDIA", 141L << 30, 3L << 30, 37.5, 51.0, 212.0));
        assertThat(asked[0]).isZero();
        assertThat(stats.opened).as("one session, kept").isEqualTo(1);
        oshi.close();
        assertThat(stats.closed).isTrue();
    }

    @Test
    void whereOshiCannotReadUtilisationNvidiaSmiFillsTheGapsOfTheSameCard() {
        var oshi = new OshiGpus(List.of(card("NVIDIA H200", "NVIDIA", 141L << 30, new FakeStats(-1, -1, 49, -1)),
                card("Intel UHD 630", "Intel", 0, new FakeStats(-1, -1, -1, -1))));
        var smi = new GpuReading("NVIDIA H200", "NVIDIA", 143771L << 20, 1L << 30, 12.0, 50.0, 120.0);
        var gpus = MachineSampler.merge(oshi.read(), () -> List.of(smi));
        assertThat(gpus).containsExactly(new GpuReading("NVIDIA H200", "NVIDIA", 141L << 30, 1L << 30, 12.0, 49.0, 120.0),
                new GpuReading("Intel UHD 630", "Intel", null, null, null, null, null));
    }

    @Test
    void withoutOshiCardsNvidiaSmisAreShownAndWithoutEitherNothingIs() {
        var smi = new GpuReading("NVIDIA H100 80GB HBM3", "NVIDIA", 80L << 30, 1L << 30, 12.0, 41.0, null);
        assertThat(MachineSampler.merge(List.of(), () -> List.of(smi))).containsExactly(smi);
        var unknownCard = new OshiGpus(List.of(card("unknown", "unknown", 0, new FakeStats(-1, -1, -1, -1))));
        assertThat(MachineSampler.merge(unknownCard.read(), GpuSource.NONE)).isEmpty();
    }

    @Test
    void aStatsSessionThatFailsLeavesTheCardsNameAndMemory() {
        var failing = new OshiGpus.Card() {
            int tries;

            @Override public String name() { return "AMD Radeon RX 7900"; }
            @Override public String vendor() { return "AMD"; }
            @Override public long vramBytes() { return 24L << 30; }
            @Override public oshi.hardware.GpuStats openStats() {
                tries++;
                throw new UnsatisfiedLinkError("no libamd_smi");
            }
        };
        var oshi = new OshiGpus(List.of(failing));
        assertThat(oshi.read()).containsExactly(new GpuReading("AMD Radeon RX 7900", "AMD", 24L << 30, null, null, null, null));
        oshi.read();
        assertThat(failing.tries).as("not retried every second").isEqualTo(1);
    }

    @Test
    void theRealSamplerReadsThisMachinesCardsWithoutFailing() {
        try (var sampler = new MachineSampler(GpuSource.NONE)) {
            assertThat(sampler.sample().gpus()).allMatch(GpuReading::isKnown);
        }
    }

    @Test
    void aCardOshiKnowsNothingAboutIsNoGpu() {
        assertThat(new GpuReading("unknown", "Unknown", null, null, null, null, null).isKnown()).isFalse();
        assertThat(new GpuReading("", null, null, null, null, null, null).isKnown()).isFalse();
        assertThat(new GpuReading("unknown", "unknown", 8L << 30, null, null, null, null).isKnown()).as("has memory").isTrue();
        assertThat(new GpuReading("Intel UHD 630", "Intel", null, null, null, null, null).isKnown()).isTrue();
    }

    @Test
    void nvidiaSmiOutputIsParsedAndMissingFieldsStayUnknown() {
        var gpus = NvidiaSmi.parse("NVIDIA H100 80GB HBM3, 81559, 1024, 37, 45, 312.5\nNVIDIA A10, 23028, [N/A], [N/A], 60, [N/A]\n");
        assertThat(gpus).hasSize(2);
        assertThat(gpus.get(0)).isEqualTo(new GpuReading("NVIDIA H100 80GB HBM3", "NVIDIA", 81559L * 1024 * 1024,
                1024L * 1024 * 1024, 37.0, 45.0, 312.5));
        assertThat(gpus.get(1).powerWatts()).isNull();
        assertThat(gpus.get(1).vramUsedBytes()).isNull();
        assertThat(gpus.get(1).utilizationPercent()).isNull();
    }

    @Test
    void aMissingNvidiaSmiMeansNoReadingsNotZeros() {
        assertThat(new NvidiaSmi(List.of("definitely-not-a-command-llmdyno")).read()).isEmpty();
    }
}
