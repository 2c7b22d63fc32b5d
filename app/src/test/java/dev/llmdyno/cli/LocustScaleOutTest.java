package dev.llmdyno.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmdyno.RealTools;
import dev.llmdyno.SimulatorProcess;
import dev.llmdyno.profile.Mappers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.llmdyno.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A plan exported for Locust runs on Debian's real Locust (python3-locust, as .ci/run installs it) as a master with
 * two workers on loopback against a {@code dyno sim} process; what the workers wrote is imported and compared with
 * the same plan run by {@code dyno experiment run} against the same simulator: the same requests, the same
 * medians within the scheduling noise, and a reasoning model's TTFT taken at its first reasoning token.
 */
class LocustScaleOutTest {

    /** No jitter: the two clients then see the same server, and their medians differ only by their own noise. */
    private static final String SIMULATOR = """
            seed: 3
            models:
              - {id: sim-fast, ttftMs: 60, decodeMsPerToken: 3, jitter: 0, tailProbability: 0, minOutputTokens: 20,
                 maxOutputTokens: 20}
              - {id: sim-quality, ttftMs: 40, decodeMsPerToken: 3, jitter: 0, tailProbability: 0, reasoningTokens: 30,
                 minOutputTokens: 20, maxOutputTokens: 20}
            """;

    @TempDir
    Path dir;

    @Test
    void locustsWorkersMeasureWhatTheExperimentRunMeasures() throws Exception {
        var locust = RealTools.program("locust", "apt-get install python3-locust").toString();
        try (var sim = new SimulatorProcess(SIMULATOR)) {
            var plan = Files.writeString(dir.resolve("plan.yaml"), """
                    name: plain vs thinker
                    base:
                      endpoint: {name: sim, kind: simulator, baseUrl: "%s/v1"}
                      model: sim-fast
                      params: {maxTokens: 20, stream: true}
                      prompt:
                        messages: [{role: user, content: "Say {{word}}"}]
                    variants:
                      - {name: plain}
                      - {name: thinker, overrides: {model: sim-quality}}
                    dataset:
                      rows: [{word: one}, {word: two}]
                    repetitions: 15
                    warmup: 1
                    arrival: {mode: concurrency, concurrency: 4}
                    checks: [{type: regex, value: "\\\\w+"}, {type: icontains, value: "{{word}}"}]
                    analysis: {stopEarly: false}
                    seed: 9
                    """.formatted(sim.baseUrl));
            var scripts = dir.resolve("locust");
            var exported = run("experiment", "export", plan.toString(), "--to", "locust", "-o", scripts.toString());
            assertThat(exported.exitCode()).as(exported.err()).isZero();

            runOnLocust(locust, scripts, 4, sim.baseUrl);

            var store = dir.resolve("history.db").toString();
            var imported = run("experiment", "import", scripts.toString(), "--store", store, "--json");
            assertThat(imported.exitCode()).as(imported.err()).isZero();
            assertThat(imported.err()).contains("62 new of 62 requests in 2 files; completed");
            var viaLocust = Mappers.json().readTree(imported.out());
            var direct = run("experiment", "run", plan.toString(), "--store", store, "--json");
            assertThat(direct.exitCode()).as(direct.err()).isZero();
            var viaDyno = Mappers.json().readTree(direct.out());

            for (int v = 0; v < 2; v++) {
                var locustVariant = viaLocust.path("variants").path(v);
                var dynoVariant = viaDyno.path("variants").path(v);
                assertThat(locustVariant.path("requests").asInt()).isEqualTo(30).isEqualTo(dynoVariant.path("requests").asInt());
                assertThat(locustVariant.path("succeeded").asInt()).isEqualTo(30);
                for (var metric : List.of("ttftMs", "ttfcMs", "e2eMs", "latencyMs")) {
                    double locustMedian = median(locustVariant, metric);
                    double dynoMedian = median(dynoVariant, metric);
                    assertThat(Math.abs(locustMedian - dynoMedian))
                            .as("%s %s: Locust %.1f ms, dyno %.1f ms", locustVariant.path("variant").asText(), metric,
                                    locustMedian, dynoMedian)
                            .isLessThan(15 + 0.1 * dynoMedian);
                }
                assertThat(locustVariant.at("/metrics/outputTokens/p50").asDouble()).isEqualTo(20);
                assertThat(locustVariant.at("/metrics/costUsd/p50").asDouble()).isPositive()
                        .isEqualTo(dynoVariant.at("/metrics/costUsd/p50").asDouble());
                // The answers were put to the plan's checks: every one answered, and none failed the first.
                assertThat(locustVariant.at("/quality/answered").asInt()).isEqualTo(30);
                assertThat(locustVariant.at("/quality/checks/0/passed").asInt()).isEqualTo(30);
            }
            // The thinker's first token is its first reasoning token, well before its first content, in both.
            var thinker = viaLocust.path("variants").path(1);
            double reasoningMs = median(thinker, "ttfcMs") - median(thinker, "ttftMs");
            var dynoThinker = viaDyno.path("variants").path(1);
            double dynoReasoningMs = median(dynoThinker, "ttfcMs") - median(dynoThinker, "ttftMs");
            assertThat(reasoningMs).as("TTFC after TTFT").isGreaterThan(40);
            assertThat(reasoningMs).isCloseTo(dynoReasoningMs, within(10.0));
        }
    }

    @Test
    void anOpenLoopPlanIsSentAtItsPlannedStartsByEverySender() throws Exception {
        var locust = RealTools.program("locust", "apt-get install python3-locust").toString();
        try (var sim = new SimulatorProcess(SIMULATOR)) {
            // Two senders, each with every other planned start: together they send the plan's own schedule.
            var plan = Files.writeString(dir.resolve("plan.yaml"), """
                    name: poisson
                    base:
                      endpoint: {name: sim, kind: simulator, baseUrl: "%s/v1"}
                      model: sim-fast
                      params: {maxTokens: 20, stream: true}
                      prompt: {messages: [{role: user, content: "Say hi"}]}
                    repetitions: 40
                    warmup: 0
                    arrival: {mode: poisson, rate: 40}
                    analysis: {stopEarly: false}
                    seed: 3
                    """.formatted(sim.baseUrl));
            var scripts = dir.resolve("locust");
            assertThat(run("experiment", "export", plan.toString(), "--to", "locust", "-o", scripts.toString())
                    .exitCode()).isZero();
            runOnLocust(locust, scripts, 2, sim.baseUrl);
            var store = dir.resolve("history.db").toString();
            var viaLocust = Mappers.json().readTree(run("experiment", "import", scripts.toString(), "--store", store,
                    "--json").out()).path("variants").path(0);
            var viaDyno = Mappers.json().readTree(run("experiment", "run", plan.toString(), "--store", store,
                    "--json").out()).path("variants").path(0);
            assertThat(viaLocust.path("succeeded").asInt()).isEqualTo(40);
            for (var metric : List.of("ttftMs", "e2eMs", "latencyMs")) {
                assertThat(median(viaLocust, metric)).as(metric)
                        .isCloseTo(median(viaDyno, metric), within(15 + 0.1 * median(viaDyno, metric)));
            }
            // Sent on time: the latency from the planned start is the call itself, within a few milliseconds.
            assertThat(median(viaLocust, "latencyMs") - median(viaLocust, "e2eMs")).isLessThan(5);
            assertThat(viaLocust.path("requestsPerSecond").asDouble())
                    .isCloseTo(viaDyno.path("requestsPerSecond").asDouble(), within(0.15 * viaDyno.path("requestsPerSecond").asDouble()));
        }
    }

    /**
     * Runs the exported script in {@code scripts} as a master with two workers on loopback, {@code users} users; the
     * second worker keeps its samples in a directory of its own, as on another machine, and they are copied home.
     */
    private void runOnLocust(String locust, Path scripts, int users, String host) throws Exception {
        var remote = dir.resolve("remote");
        int masterPort = RealTools.freePort();
        var master = start(scripts, locust, "-f", "locustfile.py", "--master", "--headless", "-u",
                String.valueOf(users), "-r", String.valueOf(users), "--expect-workers", "2", "--master-bind-host",
                "127.0.0.1", "--master-bind-port", String.valueOf(masterPort), "-H", host);
        var workers = List.of(
                start(scripts, locust, "-f", "locustfile.py", "--worker", "--master-host", "127.0.0.1",
                        "--master-port", String.valueOf(masterPort)),
                start(scripts, locust, "-f", "locustfile.py", "--worker", "--master-host", "127.0.0.1",
                        "--master-port", String.valueOf(masterPort), "--dyno-out", remote.toString()));
        try {
            assertThat(master.waitFor(3, TimeUnit.MINUTES)).as("the master ends by itself").isTrue();
            assertThat(master.exitValue()).as(log()).isZero();
        } finally {
            master.destroyForcibly();
            workers.forEach(Process::destroyForcibly);
        }
        for (var samples : List.of(scripts.resolve("samples"), remote)) {
            try (var files = Files.list(samples)) {
                var sampleFiles = files.toList();
                assertThat(sampleFiles).as("one file per worker").hasSize(1);
                assertThat(Files.readAllLines(sampleFiles.getFirst()).size()).as(samples + " has samples")
                        .isGreaterThan(10);
                if (samples == remote) {
                    Files.copy(sampleFiles.getFirst(), scripts.resolve("samples").resolve(sampleFiles.getFirst()
                            .getFileName()));
                }
            }
        }
    }

    private static double median(JsonNode variant, String metric) {
        return variant.path("metrics").path(metric).path("p50").asDouble();
    }

    private final List<Path> logs = new ArrayList<>();

    private Process start(Path directory, String... command) throws Exception {
        var log = Files.createTempFile(dir, "locust", ".log");
        logs.add(log);
        return new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    private String log() throws Exception {
        var text = new StringBuilder("the master failed; its log and its workers':\n");
        for (var log : logs) {
            text.append(Files.readString(log)).append('\n');
        }
        return text.toString();
    }
}
