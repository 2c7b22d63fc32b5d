package dev.llmdyno.sim;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.llmdyno.sim.OpenAiWireTest.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Capacity, queueing, rate limits and faults, seen from a client. */
class BehaviourTest {

    private static final String ASK = "{\"model\":\"m\",\"max_tokens\":%d,\"stream\":%s,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";

    private static Simulator start(SimConfig config) throws Exception {
        return Simulator.startLocal(config);
    }

    private static ModelSpec model(double ttftMs, double decodeMs, int maxConcurrent) {
        return new ModelSpec("m", ttftMs, 0.0, 0.1, decodeMs, 0.0, 0.0, 1.0, 1, maxConcurrent, 0.0, 50, 50, 0);
    }

    @Test
    void requestsBeyondCapacityQueueFirstComeFirstServed() throws Exception {
        try (var sim = start(SimConfig.defaults().withModels(List.of(model(100, 1, 1))));
             var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var url = sim.baseUrl() + "/v1/chat/completions";
            long start = System.nanoTime();
            var replies = new java.util.ArrayList<Future<Long>>();
            for (int i = 0; i < 3; i++) {
                replies.add(pool.submit(() -> {
                    Http.post(url, ASK.formatted(1, false));
                    return (System.nanoTime() - start) / 1_000_000;
                }));
            }
            var finished = replies.stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).sorted().toList();
            // One slot, 100 ms each: the last can only finish after all three have been served in turn.
            assertThat(finished.getLast()).isGreaterThanOrEqualTo(300);
        }
    }

    private static final String ASK_WITH_PRIORITY = "{\"model\":\"m\",\"max_tokens\":1,\"priority\":%d,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";

    /**
     * One slot, 150 ms a request: while a first request holds it, a low-priority request (9) and then a
     * high-priority one (0) arrive; the high one takes the slot next, though it came later.
     */
    @Test
    void aWaitingRequestWithALowerPriorityNumberTakesTheNextSlot() throws Exception {
        try (var sim = start(SimConfig.defaults().withModels(List.of(model(150, 1, 1))));
             var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var url = sim.baseUrl() + "/v1/chat/completions";
            var holder = pool.submit(() -> Http.post(url, ASK.formatted(1, false)));
            Thread.sleep(50);
            var low = pool.submit(() -> finishedAt(url, ASK_WITH_PRIORITY.formatted(9), java.util.Map.of()));
            Thread.sleep(50);
            var high = pool.submit(() -> finishedAt(url, ASK_WITH_PRIORITY.formatted(0), java.util.Map.of()));
            assertThat(holder.get().status()).isEqualTo(200);
            assertThat(high.get()).isLessThan(low.get());
        }
    }

    /** A key's own priority applies to its requests that give none; a key's own limit is its alone. */
    @Test
    void keysHaveTheirOwnPriorityAndLimits() throws Exception {
        var config = SimConfig.defaults().withModels(List.of(model(150, 1, 1))).withKeys(List.of(
                new SimConfig.KeySettings("sk-batch", 1, null, 9), new SimConfig.KeySettings("sk-live", null, null, 0)));
        try (var sim = start(config); var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var url = sim.baseUrl() + "/v1/chat/completions";
            var holder = pool.submit(() -> Http.post(url, ASK.formatted(1, false)));
            Thread.sleep(50);
            var batch = pool.submit(() -> finishedAt(url, ASK.formatted(1, false), bearer("sk-batch")));
            Thread.sleep(50);
            var live = pool.submit(() -> finishedAt(url, ASK.formatted(1, false), bearer("sk-live")));
            assertThat(holder.get().status()).isEqualTo(200);
            assertThat(live.get()).isLessThan(batch.get());
            // sk-batch may send one request a minute, and has; sk-live and keys without settings are not held to it.
            assertThat(Http.post(url, ASK.formatted(1, false), bearer("sk-batch")).status()).isEqualTo(429);
            assertThat(Http.post(url, ASK.formatted(1, false), bearer("sk-live")).status()).isEqualTo(200);
            assertThat(Http.post(url, ASK.formatted(1, false), bearer("sk-other")).status()).isEqualTo(200);
        }
    }

    private static java.util.Map<String, String> bearer(String key) {
        return java.util.Map.of("Authorization", "Bearer " + key);
    }

    /** When the answer to {@code json} had come back, in nanoseconds of the JVM's clock. */
    private static long finishedAt(String url, String json, java.util.Map<String, String> headers) throws Exception {
        var reply = Http.post(url, json, headers);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return System.nanoTime();
    }

    @Test
    void rateLimitsRefuseWithRetryAfterAndRateLimitHeaders() throws Exception {
        var config = SimConfig.defaults().withModels(List.of(model(1, 0, 8))).withRateLimits(new SimConfig.RateLimits(2, null));
        try (var sim = start(config)) {
            var url = sim.baseUrl() + "/v1/chat/completions";
            var first = Http.post(url, ASK.formatted(1, false));
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.headers().get("x-ratelimit-limit-requests")).isEqualTo("2");
            assertThat(first.headers().get("x-ratelimit-remaining-requests")).isEqualTo("1");
            assertThat(Http.post(url, ASK.formatted(1, false)).status()).isEqualTo(200);
            var refused = Http.post(url, ASK.formatted(1, false));
            assertThat(refused.status()).isEqualTo(429);
            assertThat(Integer.parseInt(refused.headers().get("retry-after"))).isBetween(1, 30);
            assertThat(refused.headers().get("x-ratelimit-remaining-requests")).isEqualTo("0");
            assertThat(json(refused.body()).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
        }
    }

    @Test
    void tokensPerMinuteCountPromptAndMaxTokens() throws Exception {
        var config = SimConfig.defaults().withModels(List.of(model(1, 0, 8))).withRateLimits(new SimConfig.RateLimits(null, 1_000));
        try (var sim = start(config)) {
            var url = sim.baseUrl() + "/v1/chat/completions";
            assertThat(Http.post(url, ASK.formatted(600, false)).status()).isEqualTo(200);
            var refused = Http.post(url, ASK.formatted(600, false));
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.body()).contains("tokens");
        }
    }

    @Test
    void scheduledServerErrorsHitTheScheduledRequests() throws Exception {
        var config = SimConfig.defaults().withModels(List.of(model(1, 0, 8)))
                .withFaults(List.of(new FaultSpec(FaultSpec.Type.HTTP_503, null, 3, 2, null, null, null)));
        try (var sim = start(config)) {
            var url = sim.baseUrl() + "/v1/chat/completions";
            var statuses = new java.util.ArrayList<Integer>();
            for (int i = 0; i < 6; i++) {
                statuses.add(Http.post(url, ASK.formatted(1, false)).status());
            }
            assertThat(statuses).containsExactly(503, 503, 200, 503, 503, 200);
        }
    }

    @Test
    void aCutStreamEndsWithoutItsTerminator() throws Exception {
        var config = SimConfig.defaults().withModels(List.of(model(1, 1, 8)))
                .withFaults(List.of(new FaultSpec(FaultSpec.Type.STREAM_CUT, 1.0, null, null, 3, null, null)));
        try (var sim = start(config)) {
            var url = sim.baseUrl() + "/v1/chat/completions";
            var body = new StringBuilder();
            Throwable failure = null;
            var request = new okhttp3.Request.Builder().url(url)
                    .post(okhttp3.RequestBody.create(ASK.formatted(20, true), okhttp3.MediaType.get("application/json"))).build();
            try (var response = Http.CLIENT.newCall(request).execute()) {
                body.append(response.body().string());
            } catch (java.io.IOException e) {
                failure = e;
            }
            assertThat(failure).as("the connection drops mid-body").isNotNull();
            assertThat(body.toString()).doesNotContain("[DONE]");
        }
    }

    @Test
    void aMalformedChunkIsSentWhereScheduled() throws Exception {
        var config = SimConfig.defaults().withModels(List.of(model(1, 0, 8)))
                .withFaults(List.of(new FaultSpec(FaultSpec.Type.MALFORMED_CHUNK, 1.0, null, null, 2, null, null)));
        try (var sim = start(config)) {
            var data = OpenAiWireTest.dataLines(Http.post(sim.baseUrl() + "/v1/chat/completions", ASK.formatted(5, true)).body());
            // Role chunk, two content chunks, then the broken one.
            assertThat(data.get(3)).startsWith("{\"id\": \"broken\"");
            assertThat(data.getLast()).isEqualTo("[DONE]");
        }
    }

    @Test
    void aStallDelaysTheRestOfTheStream() throws Exception {
        var config = SimConfig.defaults().withModels(List.of(model(1, 0, 8)))
                .withFaults(List.of(new FaultSpec(FaultSpec.Type.STALL, 1.0, null, null, 2, 400, null)));
        try (var sim = start(config)) {
            long start = System.nanoTime();
            Http.post(sim.baseUrl() + "/v1/chat/completions", ASK.formatted(5, true));
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(400);
        }
    }

    /**
     * Streams are under way when one more client asks for a long answer and never reads it; once its buffers are
     * full the write to it blocks the thread that sends it and the others. They must still finish, and the stuck
     * stream is cut off.
     */
    @Test
    void aClientThatStopsReadingHoldsUpNoOtherStream() throws Exception {
        var endless = new ModelSpec("endless", 0.0, 0.0, 0.1, 0.0, 0.0, 0.0, 1.0, 1, 64, 0.0, 500_000, 500_000, 0);
        var steady = new ModelSpec("m", 1.0, 0.0, 0.1, 25.0, 0.0, 0.0, 1.0, 1, 64, 0.0, 100, 100, 0); // 2.5 s each
        try (var sim = start(SimConfig.defaults().withModels(List.of(endless, steady)));
             var pool = Executors.newVirtualThreadPerTaskExecutor();
             var stuck = new java.net.Socket()) {
            var replies = new java.util.ArrayList<Future<Http.Reply>>();
            for (int i = 0; i < 8; i++) {
                replies.add(pool.submit(() -> Http.post(sim.baseUrl() + "/v1/chat/completions", ASK.formatted(100, true))));
            }
            Thread.sleep(200); // under way
            stuck.setReceiveBufferSize(4_096);
            stuck.connect(new java.net.InetSocketAddress("127.0.0.1", sim.port()));
            var ask = "{\"model\":\"endless\",\"max_tokens\":500000,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
            stuck.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + ask.length() + "\r\n\r\n" + ask).getBytes(java.nio.charset.StandardCharsets.US_ASCII));

            for (var reply : replies) {
                assertThat(reply.get().body()).endsWith("data: [DONE]\n\n");
            }
            var received = stuck.getInputStream().readAllBytes(); // what was buffered, then the end: it was closed
            assertThat(new String(received, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("[DONE]");
        }
    }

    @Test
    void survivesGarbage() throws Exception {
        try (var sim = start(FastModels.config())) {
            var url = sim.baseUrl() + "/v1/chat/completions";
            var random = new java.util.Random(1);
            for (int i = 0; i < 30; i++) {
                var bytes = new byte[random.nextInt(300)];
                random.nextBytes(bytes);
                int status = Http.post(url, new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)).status();
                assertThat(status).isBetween(400, 499);
            }
            for (var body : List.of("{\"model\":1}", "{\"model\":\"sim-fast\",\"messages\":\"x\"}",
                    "{\"model\":\"sim-fast\",\"messages\":[1]}", "{\"model\":\"sim-fast\",\"messages\":[{\"role\":\"user\",\"content\":5}]}",
                    "{\"model\":\"sim-fast\",\"max_tokens\":-1,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                    "{\"model\":\"sim-fast\",\"max_tokens\":1e99,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                    "{\"model\":\"sim-fast\",\"stop\":[1],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                    "{\"model\":\"sim-fast\",\"stream_options\":7,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                    "[".repeat(100_000))) {
                assertThat(Http.post(url, body).status()).as(body.length() > 80 ? "deep nesting" : body).isBetween(200, 499);
            }
            assertThat(Http.post(url, "{\"model\":\"sim-fast\",\"messages\":[{\"role\":\"user\",\"content\":\"still here\"}]}").status())
                    .isEqualTo(200);
        }
    }

    @Test
    void configProblemsNameTheirPath() {
        var config = new SimConfig(null, null, 10, null, new SimConfig.RateLimits(0, null),
                List.of(model(-1, 1, 0)), List.of(new FaultSpec(FaultSpec.Type.STALL, 2.0, 3, null, null, null, "other")), null, null, 0,
                List.of(new SimConfig.KeySettings("sk-a", 0, null, 3), new SimConfig.KeySettings("sk-a", null, -5, null),
                        new SimConfig.KeySettings(" ", null, null, null)));
        assertThat(config.validate()).extracting(Object::toString).containsExactly(
                "maxBodyBytes: 10 must be at least 1024",
                "promptCacheSeconds: 0 must be at least 1",
                "rateLimits.rpm: 0 must be at least 1",
                "models[0].ttftMs: -1 must not be negative",
                "models[0].maxConcurrent: 0 must be at least 1",
                "faults[0]: needs exactly one of probability or every",
                "faults[0].probability: 2 is outside [0, 1]",
                "faults[0].model: 'other' is not one of the models",
                "keys[0].rpm: 0 must be at least 1",
                "keys[1].key: names a key that an earlier entry names too",
                "keys[1].tpm: -5 must be at least 1",
                "keys[2].key: must not be empty");
    }
}
