package dev.llmdyno.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmdyno.DynoProcess;
import dev.llmdyno.GroundTruthServer;
import dev.llmdyno.profile.Mappers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's first number comes from a cold {@code dyno call}: it must say what the server did, not how long our own
 * start-up took. The server sends each event at a known time after the request arrived and records when it really
 * went; a cold process used to
 * report TTFT 25–77 ms late and a queue of 50–150 ms with no limiter set (docs/benchmarks.md, first call).
 */
class FirstCallTruthTest {

    /** Loopback connect and a busy two-core machine, with room to spare; the cold error was 25 ms and more. */
    private static final double TOLERANCE_MS = 12;
    /**
     * Cold processes per case; the best of them is judged. Start-up inside an interval is in every run, while a
     * collector pause or a busy neighbour on a shared machine is in one now and then.
     */
    private static final int RUNS = 2;

    @TempDir
    Path folder;

    /** The errors of one cold call against what the server really did. */
    private record Errors(double ttft, double ttfc, double queue, double connect, double ttfb, double prep) {
        Errors best(Errors other) {
            return new Errors(Math.min(ttft, other.ttft), Math.min(ttfc, other.ttfc), Math.min(queue, other.queue),
                    Math.min(connect, other.connect), Math.min(ttfb, other.ttfb), Math.min(prep, other.prep));
        }
    }

    private Errors bestOfColdCalls(GroundTruthServer server) throws Exception {
        Errors best = null;
        for (int run = 0; run < RUNS; run++) {
            var metrics = coldCall(server.baseUrl());
            var sent = server.answers().getLast();
            assertThat(metrics.path("ttftMs").asDouble()).as("never before the server sent it")
                    .isGreaterThanOrEqualTo(sent.firstTokenMs());
            var errors = new Errors(metrics.path("ttftMs").asDouble() - sent.firstTokenMs(),
                    metrics.path("ttfcMs").asDouble() - sent.firstContentMs(), metrics.path("queueMs").asDouble(),
                    metrics.path("connectMs").asDouble(), metrics.path("ttfbMs").asDouble(), metrics.path("prepMs").asDouble());
            best = best == null ? errors : best.best(errors);
        }
        return best;
    }

    @Test
    void aColdCallReportsTheServersFirstTokenAndNoQueue() throws Exception {
        try (var server = new GroundTruthServer(GroundTruthServer.Script.content(300, 10, 20))) {
            var errors = bestOfColdCalls(server);
            assertThat(errors.queue()).as("queue with no limiter").isZero();
            assertThat(errors.ttft()).as("TTFT error").isLessThan(TOLERANCE_MS);
            assertThat(errors.ttfc()).as("TTFC error").isLessThan(TOLERANCE_MS);
            assertThat(errors.connect()).as("loopback connect").isLessThan(TOLERANCE_MS);
            // Our own preparation, the model's encoding among it: loaded inside the call, it took 350-450 ms.
            assertThat(errors.prep()).as("client preparation").isLessThan(TOLERANCE_MS);
        }
    }

    @Test
    void aColdCallTellsReasoningFromContent() throws Exception {
        var script = GroundTruthServer.Script.reasoning(120, 400, 5, 20);
        try (var server = new GroundTruthServer(script)) {
            var errors = bestOfColdCalls(server);
            assertThat(server.answers().getLast().firstTokenMs()).isGreaterThanOrEqualTo(120);
            assertThat(errors.ttft()).as("TTFT error, reasoning first").isLessThan(TOLERANCE_MS);
            assertThat(errors.ttfc()).as("TTFC error, content later").isLessThan(TOLERANCE_MS);
            assertThat(errors.ttfb()).as("headers are sent at once; cold, they came 30-84 ms late")
                    .isLessThan(2 * TOLERANCE_MS);
        }
    }

    private JsonNode coldCall(String baseUrl) throws Exception {
        var profile = folder.resolve("truth.yaml");
        Files.writeString(profile, """
                endpoint: {kind: openai-compatible, baseUrl: "%s"}
                model: gpt-4o-mini
                params: {maxTokens: 32}
                prompt: {messages: [{role: user, content: "Hello"}]}
                """.formatted(baseUrl));
        var process = DynoProcess.start("call", profile.toString(), "--json");
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        var output = new String(process.getInputStream().readAllBytes());
        assertThat(process.exitValue()).as(output).isZero();
        return Mappers.json().readTree(output.substring(output.indexOf('{'))).path("metrics");
    }
}
