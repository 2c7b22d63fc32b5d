package dev.llmdyno.cli;

import dev.llmdyno.profile.Mappers;
import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.sim.Simulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.llmdyno.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class ExperimentCommandTest {

    private static Path plan(Path dir, String body) throws Exception {
        var file = dir.resolve("plan.yaml");
        Files.writeString(file, """
                name: CLI check
                base:
                  model: sim-fast
                  params: {maxTokens: 8}
                  prompt: {messages: [{role: user, content: "Hello"}]}
                """ + body);
        return file;
    }

    @Test
    void runPrintsTheSummaryWritesTheFilesAndTheStoreKeepsIt(@TempDir Path dir) throws Exception {
        var db = dir.resolve("h.db").toString();
        var out = dir.resolve("out");
        var result = run("experiment", "run", plan(dir, """
                variants: [{name: short}, {name: shorter, overrides: {params: {maxTokens: 4}}}]
                repetitions: 6
                warmup: 1
                arrival: {mode: concurrency, concurrency: 4}
                """).toString(), "--store", db, "--out", out.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("CLI check: completed").contains("short").contains("shorter")
                .contains("TTFT p50").contains("4 concurrent");
        assertThat(result.err()).contains("Experiment 1").contains("Wrote");
        var json = Mappers.json().readTree(out.resolve("results.json").toFile());
        assertThat(json.path("plan").path("base").path("model").asText()).isEqualTo("sim-fast");
        assertThat(json.path("samples")).hasSize(14);
        assertThat(json.path("summary").path("variants")).hasSize(2);
        var csv = Files.readAllLines(out.resolve("samples.csv"));
        assertThat(csv).hasSize(15);
        assertThat(csv.getFirst()).startsWith("trial,variant,level");
        assertThat(Files.readString(out.resolve("report.html"))).contains("<svg").contains("CLI check")
                .doesNotContain("<script");

        var list = run("experiment", "list", "--store", db);
        assertThat(list.out()).contains("CLI check").contains("completed").contains("14");
        var show = run("experiment", "show", "1", "--store", db, "--json");
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(Mappers.json().readTree(show.out()).path("status").asText()).isEqualTo("completed");
        assertThat(run("experiment", "show", "9", "--store", db).exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void aFullStoreIsWarnedAboutAtOnceTheFilesAreWrittenAnywayAndTheListStillWorks(@TempDir Path dir) throws Exception {
        var db = dir.resolve("full.db");
        var out = dir.resolve("out");
        var plan = plan(dir, "repetitions: 400\nwarmup: 0\narrival: {mode: concurrency, concurrency: 8}\n"
                + "analysis: {stopEarly: false}\n").toString();
        dev.llmdyno.store.Store.open(db).close();
        // Room for the experiment's record and not much more: as a disk that fills up during the run.
        long pages = Files.size(db) / 4096 + 3;
        System.setProperty("llmdyno.store.maxPageCount", String.valueOf(pages));
        try {
            var result = run("experiment", "run", plan, "--store", db.toString(), "--out", out.toString());
            assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.FAILED);
            assertThat(result.err()).contains("warning: the history cannot save samples", "full")
                    .contains("is not complete in the history", out + " has every sample")
                    .doesNotContain("Exception");
            assertThat(result.out()).contains("CLI check");
            assertThat(Files.readAllLines(out.resolve("samples.csv"))).hasSize(401);
            var list = run("experiment", "list", "--store", db.toString());
            assertThat(list.exitCode()).as(list.err()).isZero();
            assertThat(list.out()).contains("CLI check");
        } finally {
            System.clearProperty("llmdyno.store.maxPageCount");
        }
    }

    @Test
    void aHistoryThatCannotBeWrittenCanStillBeListedAndShown(@TempDir Path dir) throws Exception {
        var db = dir.resolve("locked.db");
        var plan = plan(dir, "repetitions: 3\nwarmup: 0\n").toString();
        assertThat(run("experiment", "run", plan, "--store", db.toString()).exitCode()).isZero();
        // Not a permission: the tests may run as root, who may write anything. An immutable file refuses even root.
        org.junit.jupiter.api.Assumptions.assumeTrue(chattr("+i", db), "chattr +i is not supported here");
        try {
            var list = run("experiment", "list", "--store", db.toString());
            assertThat(list.exitCode()).as(list.err()).isZero();
            assertThat(list.out()).contains("CLI check", "completed");
            var show = run("experiment", "show", "1", "--store", db.toString());
            assertThat(show.exitCode()).as(show.err()).isZero();
            var again = run("experiment", "run", plan, "--store", db.toString());
            assertThat(again.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(again.err()).contains(db.toString()).doesNotContain("Exception");
        } finally {
            chattr("-i", db);
        }
    }

    private static boolean chattr(String flag, Path file) throws Exception {
        try {
            var process = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
            return process.waitFor() == 0;
        } catch (java.io.IOException noChattr) {
            return false;
        }
    }

    @Test
    void jsonPrintsOnlyTheSummaryOnStdout(@TempDir Path dir) throws Exception {
        var result = run("experiment", "run", plan(dir, "repetitions: 3\nwarmup: 0\n").toString(),
                "--store", dir.resolve("h.db").toString(), "--json");
        assertThat(result.exitCode()).as(result.err()).isZero();
        var json = Mappers.json().readTree(result.out());
        assertThat(json.path("variants").get(0).path("requests").asInt()).isEqualTo(3);
        assertThat(json.path("variants").get(0).path("metrics").has("ttftMs")).isTrue();
    }

    @Test
    void aBadPlanExitsWithTwoAndNamesTheProblem(@TempDir Path dir) throws Exception {
        var result = run("experiment", "run", plan(dir, "repetitions: -1\narival: {}\n").toString(),
                "--store", dir.resolve("h.db").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("invalid plan").contains("unknown field 'arival'");
        assertThat(run("experiment", "run", dir.resolve("none.yaml").toString()).err()).contains("no such file");
    }

    @Test
    void tooManyErrorsAbortWithThree(@TempDir Path dir) throws Exception {
        var result = run("experiment", "run", plan(dir, """
                variants: [{name: down, overrides: {endpoint: {kind: openai-compatible, baseUrl: "http://127.0.0.1:1/v1"},
                  levers: {retry: {maxRetries: 0}}}}]
                repetitions: 100
                warmup: 0
                limits: {maxErrorRate: 0.1}
                """).toString(), "--store", dir.resolve("h.db").toString());
        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.out()).contains("aborted").contains("of requests failed").contains("connect");
    }

    @Test
    void badMetricsOptionsNameTheOptionAndTheRule(@TempDir Path dir) throws Exception {
        var plan = plan(dir, "repetitions: 1\nwarmup: 0\n").toString();
        var db = dir.resolve("h.db").toString();
        var outOfRange = run("experiment", "run", plan, "--store", db, "--metrics-port", "70000");
        assertThat(outOfRange.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(outOfRange.err()).contains("--metrics-port: 70000 is not a port; use 1 to 65535");
        var lingerAlone = run("experiment", "run", plan, "--store", db, "--metrics-linger", "5");
        assertThat(lingerAlone.err()).contains("--metrics-linger: only means something with --metrics-port");
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            var inUse = run("experiment", "run", plan, "--store", db, "--metrics-port",
                    String.valueOf(taken.getLocalPort()));
            assertThat(inUse.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(inUse.err()).contains("--metrics-port: cannot serve metrics on 127.0.0.1:" + taken.getLocalPort())
                    .doesNotContain("Exception");
        }
        // Nothing was run, nothing stored.
        assertThat(run("experiment", "list", "--store", db).out()).doesNotContain("CLI check");
    }

    @Test
    void theServersOwnFiguresAreReadBesideTheRunAndKeptInTheHistory(@TempDir Path dir) throws Exception {
        try (var sim = Simulator.startLocal(SimConfig.defaults())) {
            var db = dir.resolve("h.db").toString();
            var plan = plan(dir, """
                    variants: [{name: only, overrides: {endpoint: {kind: simulator, baseUrl: "%s/v1"}}}]
                    repetitions: 6
                    warmup: 0
                    serverMetrics: {url: "%s/metrics", intervalMs: 100}
                    """.formatted(sim.baseUrl(), sim.baseUrl())).toString();
            var result = run("experiment", "run", plan, "--store", db);
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out()).contains("server " + sim.baseUrl() + "/metrics: ").contains("queue p95")
                    .containsPattern("sim-fast +6 ");
            var show = run("experiment", "show", "1", "--store", db, "--out", dir.resolve("out").toString());
            assertThat(show.out()).contains("server " + sim.baseUrl() + "/metrics: ").containsPattern("sim-fast +6 ");
            assertThat(Files.readString(dir.resolve("out/report.html"))).contains("On the server");
        }
    }

    @Test
    void aServerThatCannotBeScrapedIsWarnedAboutAndTheRunGoesOn(@TempDir Path dir) throws Exception {
        var result = run("experiment", "run", plan(dir, """
                repetitions: 2
                warmup: 0
                serverMetrics: {url: "http://127.0.0.1:1/metrics"}
                """).toString(), "--store", dir.resolve("h.db").toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("CLI check: completed")
                .contains("warning: scraping http://127.0.0.1:1/metrics failed");
    }

    @Test
    void aBadServerMetricsAddressIsNamedWithItsField(@TempDir Path dir) throws Exception {
        var result = run("experiment", "run", plan(dir, """
                serverMetrics: {url: "localhost:8000/metrics", intervalMs: 5}
                """).toString(), "--store", dir.resolve("h.db").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("serverMetrics.url: 'localhost:8000/metrics' is not an http or https address")
                .contains("serverMetrics.intervalMs");
    }
}
