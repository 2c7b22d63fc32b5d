package dev.llmdyno.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmdyno.DynoProcess;
import dev.llmdyno.RealTools;
import dev.llmdyno.SimulatorProcess;
import dev.llmdyno.profile.Mappers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Debian's real Prometheus scrapes a {@code dyno experiment run --metrics-port} process and a {@code dyno sim}
 * process while the experiment runs: the p95 it computes from the client's histogram agrees with the experiment's
 * own p95 within one bucket, the server's series line up with the client's, every panel of the Grafana dashboard
 * is a query Prometheus answers, and the alert rules load (and pass their own unit tests in promtool).
 */
class PrometheusScrapeTest {

    private static final Path MONITORING = RealTools.repositoryRoot().resolve("docs/monitoring");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<Process> started = new ArrayList<>();
    /** When queries are evaluated, in Unix seconds. */
    private double at;

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws InterruptedException {
        for (var process : started) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theAlertRulesAreValidAndFireAsTheirTestsSay() throws Exception {
        var promtool = RealTools.program("promtool", "apt-get install prometheus").toString();
        var check = RealTools.run(MONITORING, java.util.Map.of(), List.of(promtool, "check", "rules", "alerts.yml"));
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 6 rules found");
        var test = RealTools.run(MONITORING, java.util.Map.of(), List.of(promtool, "test", "rules", "alerts.test.yml"));
        assertThat(test.exitCode()).as(test.output()).isZero();
    }

    @Test
    void prometheusReadsTheRunAsTheRunReadsItself() throws Exception {
        var prometheus = RealTools.program("prometheus", "apt-get install prometheus").toString();
        // Rate limits (retried after the server's retry-after) and cut streams (failed), so every panel has data.
        try (var sim = new SimulatorProcess("""
                seed: 5
                models:
                  - {id: m, ttftMs: 60, decodeMsPerToken: 4, jitter: 0.4, tailProbability: 0.05, tailFactor: 6,
                     maxConcurrent: 3, minOutputTokens: 20, maxOutputTokens: 20}
                faults:
                  - {type: rate_limit, every: 17}
                  - {type: stream_cut, every: 13, afterChunks: 3}
                """)) {
            int clientPort = RealTools.freePort();
            int prometheusPort = RealTools.freePort();
            var simAddress = URI.create(sim.baseUrl).getAuthority();
            var config = dir.resolve("prometheus.yml");
            Files.copy(MONITORING.resolve("alerts.yml"), dir.resolve("alerts.yml"));
            Files.writeString(config, """
                    global: {scrape_interval: 1s, evaluation_interval: 1s}
                    rule_files: [alerts.yml]
                    scrape_configs:
                      - job_name: llm-dyno
                        static_configs: [{targets: ["127.0.0.1:%d"]}]
                      - job_name: llm-server
                        static_configs: [{targets: ["%s"]}]
                    """.formatted(clientPort, simAddress));
            var prometheusServer = new ProcessBuilder(prometheus, "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            started.add(prometheusServer);
            RealTools.awaitPort(prometheusPort, prometheusServer, Duration.ofSeconds(30));
            var api = "http://127.0.0.1:" + prometheusPort;
            awaitReady(api);

            var plan = dir.resolve("plan.yaml");
            Files.writeString(plan, """
                    schemaVersion: 1
                    name: scraped
                    base:
                      endpoint: {name: sim, kind: simulator, baseUrl: "%s/v1"}
                      model: m
                      params: {maxTokens: 64, stream: true}
                      prompt: {messages: [{role: user, content: "Count the seconds."}]}
                      levers: {retry: {maxRetries: 1, baseDelayMs: 10}}
                    variants: [{name: only}]
                    repetitions: 120
                    warmup: 0
                    arrival: {mode: concurrency, concurrency: 6}
                    serverMetrics: {url: "%s/metrics", intervalMs: 200}
                    """.formatted(sim.baseUrl, sim.baseUrl));
            var run = DynoProcess.builder("experiment", "run", plan.toString(), "--json", "--store",
                    dir.resolve("history.db").toString(), "--metrics-port", String.valueOf(clientPort),
                    "--metrics-linger", "4").redirectError(dir.resolve("run.err").toFile()).start();
            started.add(run);
            run.getOutputStream().close();
            var stdout = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(run.waitFor(3, TimeUnit.MINUTES)).isTrue();
            // Once the process has gone, Prometheus marks its series stale; read them as they stood while it
            // lingered, two seconds before its end: more than one scrape after its last call.
            at = System.currentTimeMillis() / 1_000.0 - 2;
            assertThat(run.exitValue()).as(Files.readString(dir.resolve("run.err"))).isZero();
            var variant = Mappers.json().readTree(stdout).path("variants").get(0);
            int requests = variant.path("requests").asInt();
            assertThat(requests).isEqualTo(120);

            assertThat(scalar(api, "sum(up)")).isEqualTo(2);
            assertThat(scalar(api, "sum(llm_dyno_client_requests_total)")).isEqualTo(requests);
            assertThat(scalar(api, "sum(llm_dyno_client_requests_total{outcome=\"error\"})"))
                    .isEqualTo(requests - variant.path("succeeded").asInt()).isPositive();
            assertThat(scalar(api, "sum(llm_dyno_client_attempt_errors_total{http_status=\"429\"})")).isPositive();

            // The client's p95 time to first token, from the histogram, within one bucket of the run's exact p95.
            double exact = variant.path("metrics").path("ttftMs").path("p95").asDouble() / 1_000;
            double fromBuckets = scalar(api, "histogram_quantile(0.95, sum by (le) "
                    + "(gen_ai_client_operation_time_to_first_chunk_seconds_bucket))");
            assertThat(Math.abs(fromBuckets - exact)).as("PromQL %.4f s, exact %.4f s", fromBuckets, exact)
                    .isLessThanOrEqualTo(bucketWidth(Buckets.FIRST_TOKEN_SECONDS, exact));
            double e2e = variant.path("metrics").path("e2eMs").path("p95").asDouble() / 1_000;
            assertThat(Math.abs(scalar(api, "histogram_quantile(0.95, sum by (le) "
                    + "(gen_ai_client_operation_duration_seconds_bucket))") - e2e))
                    .isLessThanOrEqualTo(bucketWidth(Buckets.DURATION_SECONDS, e2e));

            // The server saw every attempt the client sent: each ended well there or failed here.
            double attempts = requests + scalar(api, "sum(llm_dyno_client_retries_total)");
            assertThat(scalar(api, "sum(vllm:request_success_total)")
                    + scalar(api, "sum(llm_dyno_client_attempt_errors_total)")).isEqualTo(attempts);
            // It prefilled every prompt the client was billed for, and those of the cut streams too.
            assertThat(scalar(api, "sum(vllm:prompt_tokens_total)")).isGreaterThanOrEqualTo(
                    scalar(api, "sum(gen_ai_client_token_usage_sum{gen_ai_token_type=\"input\"})"));
            // The wait for a slot (6 callers, 3 slots) is the server's queue, not the client's.
            assertThat(scalar(api, "sum(vllm:request_queue_time_seconds_sum)"))
                    .isGreaterThan(10 * scalar(api, "sum(llm_dyno_client_queue_duration_seconds_sum)"));

            // The run's own reading of the server (two scrapes' difference) is PromQL's, to the last digit.
            var server = Mappers.json().readTree(stdout).path("server");
            assertThat(server.path("problem").isMissingNode()).as(server.toString()).isTrue();
            var model = server.path("models").get(0);
            assertThat(model.path("model").asText()).isEqualTo("m");
            assertThat(model.path("requests").asDouble()).isEqualTo(scalar(api, "sum(vllm:e2e_request_latency_seconds_count)"));
            for (var figure : List.of("ttft.p50Ms:0.5:vllm:time_to_first_token_seconds",
                    "ttft.p95Ms:0.95:vllm:time_to_first_token_seconds", "itl.p50Ms:0.5:vllm:inter_token_latency_seconds",
                    "e2e.p95Ms:0.95:vllm:e2e_request_latency_seconds", "queue.p95Ms:0.95:vllm:request_queue_time_seconds")) {
                var parts = figure.split(":", 3);
                var field = parts[0].split("\\.");
                double promql = scalar(api, "histogram_quantile(" + parts[1] + ", sum by (le) (" + parts[2] + "_bucket))");
                assertThat(model.path(field[0]).path(field[1]).asDouble()).as(parts[0])
                        .isCloseTo(promql * 1_000, within(1e-6));
            }
            assertThat(model.path("queue").path("meanMs").asDouble()).isCloseTo(1_000 * scalar(api,
                    "sum(vllm:request_queue_time_seconds_sum) / sum(vllm:request_queue_time_seconds_count)"), within(1e-6));
            // The client's exact p95 lies in the bucket of the server's, give or take the wire.
            var ttft = model.path("ttft");
            assertThat(exact * 1_000).isBetween(ttft.path("p95FromMs").asDouble(), ttft.path("p95ToMs").asDouble() + 5);
            assertThat(model.path("waitingMax").asDouble()).isPositive();
            assertThat(model.path("runningMax").asDouble()).isEqualTo(3);

            for (var expression : dashboardQueries()) {
                var result = query(api, expression);
                assertThat(result.isArray()).as(expression).isTrue();
            }
            var rules = get(api + "/api/v1/rules").path("data").path("groups");
            assertThat(rules.findValuesAsText("health")).hasSize(6).containsOnly("ok");
        }
    }

    /** Every panel's queries, with Grafana's variables as a dashboard over the last minute would fill them. */
    private static List<String> dashboardQueries() throws Exception {
        var dashboard = Mappers.json().readTree(MONITORING.resolve("grafana-dashboard.json").toFile());
        var queries = new ArrayList<String>();
        for (var panel : dashboard.path("panels")) {
            for (var target : panel.path("targets")) {
                queries.add(target.path("expr").asText().replace("$__rate_interval", "1m").replace("$variant", ".*"));
            }
        }
        assertThat(queries).hasSizeGreaterThan(10);
        return queries;
    }

    /** The width of the bucket {@code value} falls in: how far a quantile read from the buckets may be from it. */
    private static double bucketWidth(double[] bounds, double value) {
        int upper = Arrays.stream(bounds).filter(bound -> bound < value).toArray().length;
        assertThat(upper).as("%.4f s is inside the buckets", value).isLessThan(bounds.length);
        return bounds[upper] - (upper == 0 ? 0 : bounds[upper - 1]);
    }

    private static void awaitReady(String api) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                var response = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Prometheus was not ready within 30 s");
    }

    /** An instant query's result vector at {@link #at}; a query Prometheus refuses fails the test with its error. */
    private JsonNode query(String api, String expression) throws Exception {
        var reply = get(api + "/api/v1/query?time=" + at + "&query="
                + URLEncoder.encode(expression, StandardCharsets.UTF_8));
        assertThat(reply.path("status").asText()).as(expression + ": " + reply).isEqualTo("success");
        return reply.path("data").path("result");
    }

    /** The one value an aggregating query returns. */
    private double scalar(String api, String expression) throws Exception {
        var result = query(api, expression);
        assertThat(result.size()).as(expression + " returns one series: " + result).isEqualTo(1);
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    private static JsonNode get(String url) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        return Mappers.json().readTree(response.body());
    }
}
