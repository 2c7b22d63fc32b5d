package dev.llmdyno.experiment;

import dev.llmdyno.BenchReport;
import dev.llmdyno.SimulatorProcess;
import dev.llmdyno.call.CallEngine;
import dev.llmdyno.call.SecretResolver;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.store.SampleWriter;
import dev.llmdyno.store.Store;
import dev.llmdyno.timing.NanoClock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Experiments at scale against a simulator in a process of its own: 1,000 concurrent streams, a 10,000-request
 * experiment in a 512 MB heap, and how fast samples reach the store.
 * Run: {@code ./mvnw -pl app test -Pbench -Dtest=ExperimentBenchmark}.
 */
@Tag("benchmark")
class ExperimentBenchmark {

    private static final String SIM = "models:\n  - {id: sim-balanced, ttftMs: 100, decodeMsPerToken: 20, jitter: 0.1, "
            + "tailProbability: 0, maxConcurrent: 4000, loadFactor: 0, minOutputTokens: 100, maxOutputTokens: 100}\n";

    @TempDir
    Path folder;

    private static ExperimentPlan plan(String baseUrl, int concurrency, int repetitions) throws Exception {
        return Mappers.yaml().readValue("""
                name: scale
                base:
                  endpoint: {kind: openai-compatible, baseUrl: "%s"}
                  model: sim-balanced
                  params: {maxTokens: 100}
                  prompt: {messages: [{role: user, content: "Write about queues."}]}
                repetitions: %d
                warmup: 0
                arrival: {mode: concurrency, concurrency: %d}
                """.formatted(baseUrl + "/v1", repetitions, concurrency), ExperimentPlan.class);
    }

    @Test
    void thousandConcurrentStreams() throws Exception {
        var report = new BenchReport("experiment-streams");
        try (var sim = new SimulatorProcess(SIM);
             var engine = new CallEngine(Experiments.CATALOG, SecretResolver.system(), NanoClock.SYSTEM, SimConfig.defaults())) {
            var experiment = new Plans(Experiments.CATALOG).resolve(plan(sim.baseUrl, 1_000, 4_000), null, "bench");
            var cpu = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = cpu.getProcessCpuTime();
            long start = System.nanoTime();
            var outcome = new ExperimentRun(engine, Experiments.CATALOG, experiment, List.of(), sample -> {
            }).run();
            double seconds = (System.nanoTime() - start) / 1e9;
            double cores = (cpu.getProcessCpuTime() - cpuStart) / 1e9 / seconds;
            var samples = outcome.samples();
            long ok = samples.stream().filter(Sample::ok).count();
            var ttft = samples.stream().filter(Sample::ok).mapToDouble(Sample::ttftMs).toArray();
            var e2e = samples.stream().filter(Sample::ok).mapToDouble(Sample::e2eMs).toArray();
            report.line(String.format("1,000 callers x 4 requests (100 tokens at 20 ms, ideal 2.1 s each): %d of %d ok in %.1f s "
                            + "(%.0f requests/s), peak in flight %d, TTFT p50 %.0f / p99 %.0f ms (simulated 100), e2e p50 %.0f / p99 %.0f ms, "
                            + "client CPU %.2f cores", ok, samples.size(), seconds, samples.size() / seconds,
                    peakInFlight(samples), BenchReport.quantile(ttft, 0.5), BenchReport.quantile(ttft, 0.99),
                    BenchReport.quantile(e2e, 0.5), BenchReport.quantile(e2e, 0.99), cores));
            var errors = new java.util.TreeMap<String, Long>();
            samples.stream().filter(s -> !s.ok()).forEach(s -> errors.merge(s.error(), 1L, Long::sum));
            var retried = samples.stream().filter(s -> s.attempts() > 1).count();
            report.line("errors by type: " + errors + "; requests that needed a retry: " + retried);
            assertThat(ok).isEqualTo(4_000);
        }
    }

    @Test
    void tenThousandRequestsInA512MbHeap() throws Exception {
        var report = new BenchReport("experiment-heap");
        try (var sim = new SimulatorProcess(SIM.replace("minOutputTokens: 100, maxOutputTokens: 100",
                "minOutputTokens: 20, maxOutputTokens: 20").replace("ttftMs: 100", "ttftMs: 20"))) {
            var planFile = folder.resolve("plan.yaml");
            Files.writeString(planFile, Mappers.yaml().writeValueAsString(plan(sim.baseUrl, 200, 10_000)));
            var gcLog = folder.resolve("gc.log");
            var javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            long start = System.nanoTime();
            var process = new ProcessBuilder(javaBin, "-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + gcLog,
                    "-cp", System.getProperty("java.class.path"), "dev.llmdyno.Main", "experiment", "run",
                    planFile.toString(), "--store", folder.resolve("h.db").toString(), "--out", folder.resolve("out").toString())
                    .redirectErrorStream(true).start();
            var output = new String(process.getInputStream().readAllBytes());
            int exit = process.waitFor();
            double seconds = (System.nanoTime() - start) / 1e9;
            var heap = heapFromGcLog(Files.readString(gcLog));
            long samplesCsvLines = Files.lines(folder.resolve("out").resolve("samples.csv")).count() - 1;
            report.line(String.format("10,000 requests at 200 concurrent, -Xmx512m: exit %d in %.1f s, %d samples written, "
                            + "heap after GC max %d MB, heap before GC max %d MB (%d collections)", exit, seconds,
                    samplesCsvLines, heap[1], heap[0], heap[2]));
            assertThat(exit).as(output).isZero();
            assertThat(samplesCsvLines).isEqualTo(10_000);
        }
    }

    @Test
    void samplesReachTheStoreFasterThanTenThousandASecond() {
        var report = new BenchReport("experiment-store");
        int count = 200_000;
        try (var store = Store.open(folder.resolve("h.db"))) {
            long id = store.createExperiment("bench", "{}", dev.llmdyno.profile.Profile.starter());
            var writer = new SampleWriter(store, id);
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                writer.add(new Sample(i, i % 2, 0, 0, i, false, i, i + 5.0, true, null, 200, 1, false, 0.1, 120.0 + i % 50,
                        121.0, 8.0, 900.0, 900.1, 40, 0, 0, 100, 0.00042, "sim", null));
            }
            writer.close();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(store.samples(id)).hasSize(count);
            report.line(String.format("%,d samples queued and committed through the sample writer in %.2f s: %,.0f samples/s "
                    + "(batches every %d ms, WAL, synchronous=NORMAL)", count, seconds, count / seconds, SampleWriter.FLUSH_MILLIS));
        }
    }

    /** The most requests that were in flight at once, from their planned starts and ends. */
    private static int peakInFlight(List<Sample> samples) {
        var events = new ArrayList<double[]>();
        samples.forEach(s -> {
            events.add(new double[]{s.plannedMs(), 1});
            events.add(new double[]{s.endedMs(), -1});
        });
        events.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        int current = 0;
        int peak = 0;
        for (var event : events) {
            current += (int) event[1];
            peak = Math.max(peak, current);
        }
        return peak;
    }

    /** Largest heap before and after a collection, in MB, and the number of collections, from -Xlog:gc. */
    private static long[] heapFromGcLog(String log) {
        var matcher = Pattern.compile("(\\d+)M->(\\d+)M\\(\\d+M\\)").matcher(log);
        long before = 0;
        long after = 0;
        long collections = 0;
        while (matcher.find()) {
            before = Math.max(before, Long.parseLong(matcher.group(1)));
            after = Math.max(after, Long.parseLong(matcher.group(2)));
            collections++;
        }
        return new long[]{before, after, collections};
    }
}
