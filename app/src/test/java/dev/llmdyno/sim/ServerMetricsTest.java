package dev.llmdyno.sim;

import dev.llmdyno.metrics.Exposition;
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
import dev.llmdyno.timing.NanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code /metrics} under vLLM's names holds what the simulator did, as its clients measured it. */
class ServerMetricsTest {

    /** 40 ms to the first token, 2 ms a token in pieces of two, 10 tokens, one sequence at a time. */
    private static final ModelSpec ONE_AT_A_TIME = new ModelSpec("m", 40.0, 0.0, 0.1, 2.0, 0.0, 0.0, 1.0, 2, 1, 0.0,
            10, 10, 0);

    private final CallEngine engine = new CallEngine(Catalog.builtIn(), SecretResolver.of(Map.of()), NanoClock.SYSTEM,
            SimConfig.defaults());
    private final Simulator simulator = start();

    private static Simulator start() {
        try {
            return Simulator.startLocal(SimConfig.defaults().withModels(List.of(ONE_AT_A_TIME)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        engine.close();
        simulator.close();
    }

    private Profile profile(boolean stream) {
        var endpoint = new Endpoint("sim", ProviderKind.SIMULATOR, simulator.baseUrl() + "/v1", null, null, null);
        return Profile.starter().withEndpoint(endpoint).withModel("m")
                .withParams(new Params(64, null, null, null, null, stream))
                .withLevers(Levers.DEFAULTS.withRetry(new Levers.Retry(0, null, null, null, null, null)));
    }

    private Exposition scrape() throws IOException {
        var reply = Http.get(simulator.baseUrl() + "/metrics");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().get("Content-Type")).startsWith("text/plain; version=0.0.4");
        return Exposition.parse(reply.body());
    }

    @Test
    void theServersFiguresAreTheClientsLessTheWire() throws IOException {
        // Four at once on one slot: three of them wait in the simulator's queue.
        var handles = IntStream.range(0, 4).mapToObj(i -> engine.start(profile(true), CallOptions.DEFAULTS)).toList();
        var results = handles.stream().map(handle -> handle.result().join()).toList();
        assertThat(results).allMatch(CallResult::ok);

        var scrape = scrape();
        String[] model = {"model_name", "m", "engine", "0"};
        assertThat(scrape.sum("vllm:e2e_request_latency_seconds_count", model)).isEqualTo(4);
        assertThat(scrape.sum("vllm:request_success_total", "model_name", "m", "finished_reason", "stop")).isEqualTo(4);
        assertThat(scrape.sum("vllm:prompt_tokens_total", model))
                .isEqualTo(results.stream().mapToInt(result -> result.metrics().inputTokens()).sum());
        assertThat(scrape.sum("vllm:generation_tokens_total", model)).isEqualTo(40);
        assertThat(scrape.sum("vllm:prefix_cache_queries_total", model)).isEqualTo(scrape.sum("vllm:prompt_tokens_total"));
        // Five pieces of two tokens: four gaps a request, each counted for both of its tokens.
        assertThat(scrape.sum("vllm:inter_token_latency_seconds_count", model)).isEqualTo(4 * 4 * 2);
        assertThat(scrape.sum("vllm:time_per_output_token_seconds_sum", model))
                .isEqualTo(scrape.sum("vllm:inter_token_latency_seconds_sum", model));

        // The queue: each waited for the ones before it, 56 ms apiece (40 ms, then 4 gaps of 4 ms), less the few
        // milliseconds by which the four calls' starts are apart.
        double queued = scrape.sum("vllm:request_queue_time_seconds_sum", model);
        assertThat(queued).isGreaterThan(0.056 * (1 + 2 + 3) * 0.8);
        // Time to the first token on the server includes its queue; the client's adds only the wire on loopback.
        double serverTtft = scrape.sum("vllm:time_to_first_token_seconds_sum", model);
        double clientTtft = results.stream().mapToDouble(result -> result.metrics().ttftMs()).sum() / 1_000;
        assertThat(serverTtft).isGreaterThan(4 * 0.040 + queued * 0.9).isLessThanOrEqualTo(clientTtft);
        assertThat(clientTtft - serverTtft).isLessThan(4 * 0.010);
        double serverE2e = scrape.sum("vllm:e2e_request_latency_seconds_sum", model);
        double clientE2e = results.stream().mapToDouble(result -> result.metrics().e2eMs()).sum() / 1_000;
        assertThat(serverE2e).isLessThanOrEqualTo(clientE2e).isCloseTo(clientE2e, within(4 * 0.010));
        assertThat(scrape.sum("vllm:num_requests_running", model)).isZero();
        assertThat(scrape.sum("vllm:num_requests_waiting", model)).isZero();
    }

    @Test
    void anUnstreamedAnswerCountsItsFirstTokenAtTheEndOfThePrefill() throws IOException {
        var result = engine.call(profile(false), CallOptions.DEFAULTS);
        assertThat(result.ok()).isTrue();
        var scrape = scrape();
        assertThat(scrape.sum("vllm:time_to_first_token_seconds_count")).isEqualTo(1);
        assertThat(scrape.sum("vllm:time_to_first_token_seconds_sum")).isBetween(0.040, result.metrics().e2eMs() / 1_000);
        assertThat(scrape.sum("vllm:inter_token_latency_seconds_count")).isZero();
        assertThat(scrape.sum("vllm:e2e_request_latency_seconds_count")).isEqualTo(1);
    }

    @Test
    void aFailedRequestIsNotASuccess() throws IOException {
        var failing = engine.call(profile(true).withModel("no-such-model"), CallOptions.DEFAULTS);
        assertThat(failing.ok()).isFalse();
        assertThat(scrape().sum("vllm:request_success_total")).isZero();
    }

    @Test
    void metricsAreReadWithGet() throws IOException {
        var reply = Http.post(simulator.baseUrl() + "/metrics", "{}");
        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.headers().get("Allow")).isEqualTo("GET");
    }
}
