package dev.llmdyno.metrics;

import dev.llmdyno.call.CallEngine;
import dev.llmdyno.call.CallOptions;
import dev.llmdyno.call.CallResult;
import dev.llmdyno.call.SecretResolver;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Params;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProviderKind;
import dev.llmdyno.sim.FaultSpec;
import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.sim.Simulator;
import dev.llmdyno.timing.NanoClock;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The client's series hold what the calls' own results say, under the names docs/monitoring.md lists. */
class ClientMetricsTest {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private Simulator simulator;
    private CallEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    /** A short streamed answer, not retried; with {@code faults}, the first of every three requests fails with a 500. */
    private Profile start(ClientMetric.Naming naming, boolean faults) throws IOException {
        simulator = Simulator.startLocal(SimConfig.defaults().withFaults(faults
                ? List.of(new FaultSpec(FaultSpec.Type.HTTP_500, null, 3, null, null, null, null)) : List.of()));
        engine = CallEngine.builder(Catalog.builtIn()).secrets(SecretResolver.of(Map.of())).clock(NanoClock.SYSTEM)
                .observer(new ClientMetrics(registry, naming)).build();
        var endpoint = new Endpoint("near", ProviderKind.SIMULATOR, simulator.baseUrl() + "/v1", null, null, null);
        return Profile.starter().withEndpoint(endpoint).withModel("sim-fast")
                .withParams(new Params(16, null, null, null, null, true))
                .withLevers(Levers.DEFAULTS.withRetry(new Levers.Retry(0, null, null, null, null, null)));
    }

    private List<CallResult> call(Profile profile, int times, String label) {
        var results = new ArrayList<CallResult>();
        for (int i = 0; i < times; i++) {
            results.add(engine.call(profile, CallOptions.DEFAULTS.withLabel(label)));
        }
        return results;
    }

    private Exposition scrape() throws IOException {
        var out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return Exposition.parse(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theSeriesAddUpToTheCallsResults() throws IOException {
        var results = call(start(ClientMetric.Naming.CURRENT, true), 9, "baseline");
        var ok = results.stream().filter(CallResult::ok).toList();
        assertThat(ok).hasSize(6);

        var scrape = scrape();
        var labels = new String[]{"variant", "baseline", "target", "near", "gen_ai_request_model", "sim-fast",
                "gen_ai_provider_name", "llm_dyno.simulator", "gen_ai_operation_name", "chat"};
        assertThat(scrape.sum("llm_dyno_client_requests_total", with(labels, "outcome", "ok"))).isEqualTo(6);
        assertThat(scrape.sum("llm_dyno_client_requests_total", with(labels, "outcome", "error"))).isEqualTo(3);
        assertThat(scrape.sum("llm_dyno_client_errors_total", with(labels, "error_type", "server_error"))).isEqualTo(3);
        assertThat(scrape.sum("llm_dyno_client_attempt_errors_total", "http_status", "500")).isEqualTo(3);
        assertThat(scrape.sum("gen_ai_client_operation_duration_seconds_count", with(labels, "error_type", "")))
                .isEqualTo(6);
        assertThat(scrape.sum("gen_ai_client_operation_duration_seconds_sum", with(labels, "error_type", "")))
                .isCloseTo(sum(ok, result -> result.metrics().e2eMs()) / 1_000, within(1e-9));
        assertThat(scrape.sum("gen_ai_client_operation_time_to_first_chunk_seconds_sum", labels))
                .isCloseTo(sum(ok, result -> result.metrics().ttftMs()) / 1_000, within(1e-9));
        assertThat(scrape.sum("gen_ai_client_operation_time_per_output_chunk_seconds_count", labels))
                .isEqualTo(ok.stream().mapToInt(result -> result.metrics().chunkGapsMs().size()).sum());
        assertThat(scrape.sum("gen_ai_client_token_usage_sum", with(labels, "gen_ai_token_type", "input")))
                .isEqualTo(sum(ok, result -> result.metrics().inputTokens().doubleValue()));
        assertThat(scrape.sum("gen_ai_client_token_usage_sum", with(labels, "gen_ai_token_type", "output")))
                .isEqualTo(sum(ok, result -> result.metrics().outputTokens().doubleValue()));
        assertThat(scrape.sum("llm_dyno_client_cost_usd_total", labels))
                .isCloseTo(sum(ok, result -> result.metrics().costUsd()), within(1e-12));
        assertThat(scrape.sum("llm_dyno_client_requests_in_flight")).isZero();
        // The buckets are cumulative and end with every observation.
        assertThat(scrape.sum("gen_ai_client_operation_time_to_first_chunk_seconds_bucket", with(labels, "le", "+Inf")))
                .isEqualTo(6);
        // Only the current names: the newer per-direction token series wait for the opt-in.
        assertThat(scrape.has("gen_ai_client_inference_operation_input_tokens_count")).isFalse();
    }

    @Test
    void theOptInNamesTokensAsTheNewerConventionsDo() throws IOException {
        var results = call(start(ClientMetric.Naming.fromOptIn("http, gen_ai_latest_experimental"), false), 2, "a");
        assertThat(results).allMatch(CallResult::ok);
        var scrape = scrape();
        assertThat(scrape.has("gen_ai_client_token_usage_count")).isFalse();
        assertThat(scrape.sum("gen_ai_client_inference_operation_input_tokens_sum"))
                .isEqualTo(sum(results, result -> result.metrics().inputTokens().doubleValue()));
        assertThat(scrape.sum("gen_ai_client_inference_usage_output_tokens_total"))
                .isEqualTo(sum(results, result -> result.metrics().outputTokens().doubleValue()));
        assertThat(scrape.sum("gen_ai_client_operation_duration_seconds_count")).isEqualTo(2);
    }

    @Test
    void theOptInIsReadAsOpenTelemetryReadsIt() {
        assertThat(ClientMetric.Naming.fromOptIn(null)).isEqualTo(ClientMetric.Naming.CURRENT);
        assertThat(ClientMetric.Naming.fromOptIn("http")).isEqualTo(ClientMetric.Naming.CURRENT);
        assertThat(ClientMetric.Naming.fromOptIn("gen_ai_latest_experimental")).isEqualTo(ClientMetric.Naming.LATEST);
    }

    @Test
    void everyNameIsWhatPrometheusShows() throws IOException {
        var once = start(ClientMetric.Naming.CURRENT, true);
        call(once, 3, "a"); // the first fails
        call(once.withLevers(Levers.DEFAULTS.withRetry(new Levers.Retry(1, 1, 1, null, null, null))), 3, "a");
        var scrape = scrape();
        for (var metric : ClientMetric.of(ClientMetric.Naming.CURRENT)) {
            var shown = metric.prometheusName();
            var suffix = metric.kind() == ClientMetric.Kind.HISTOGRAM ? "_count" : "";
            assertThat(scrape.has(shown + suffix)).as(shown + suffix).isTrue();
        }
    }

    @Test
    void theMonitoringGuideListsEverySeries() throws IOException {
        var guide = java.nio.file.Files.readString(dev.llmdyno.RealTools.repositoryRoot().resolve("docs/monitoring.md"));
        for (var metric : ClientMetric.of(ClientMetric.Naming.CURRENT)) {
            assertThat(guide).contains("`" + metric.prometheusName() + "`").contains("`" + metric.otelName() + "`");
        }
    }

    private static String[] with(String[] labels, String name, String value) {
        var all = java.util.Arrays.copyOf(labels, labels.length + 2);
        all[labels.length] = name;
        all[labels.length + 1] = value;
        return all;
    }

    private static double sum(List<CallResult> results, java.util.function.ToDoubleFunction<CallResult> value) {
        return results.stream().mapToDouble(value).sum();
    }
}
