package dev.llmdyno.experiment;

import dev.llmdyno.DynoProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A replay as a user starts it, in a cold {@code dyno} process: the first calls leave at the trace's gaps too, since
 * the process's own start-up (class loading, the tokenizer, the client) is done before the first call is planned.
 */
class ReplayColdProcessTest {

    @Test
    void aColdReplaySendsItsFirstCallsAtTheTracesGaps(@TempDir Path dir) throws Exception {
        try (var server = new RecordingChatServer(body -> RecordingChatServer.text("ok"))) {
            server.warmUp(); // the stub's own first requests are slow in a fresh test JVM; the clock is on dyno
            Files.writeString(dir.resolve("trace.jsonl"), """
                    {"start": 0, "inputTokens": 900, "outputTokens": 4}
                    {"start": 150, "inputTokens": 900, "outputTokens": 4}
                    {"start": 300, "inputTokens": 900, "outputTokens": 4}
                    {"start": 450, "inputTokens": 900, "outputTokens": 4}
                    """);
            Files.writeString(dir.resolve("profile.yaml"), """
                    endpoint: {name: stub, kind: openai, baseUrl: "%s"}
                    model: gpt-4o-mini
                    params: {maxTokens: 16, stream: false}
                    prompt: {messages: [{role: user, content: hi}]}
                    """.formatted(server.baseUrl()));
            var process = DynoProcess.start("experiment", "replay", dir.resolve("trace.jsonl").toString(), "--profile",
                    dir.resolve("profile.yaml").toString(), "--warmup", "0", "--store", dir.resolve("h.db").toString(),
                    "--out", dir.resolve("out").toString());
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            var output = new String(process.getInputStream().readAllBytes());
            assertThat(process.exitValue()).as(output).isZero();

            var arrivals = server.arrivals().subList(server.arrivals().size() - 4, server.arrivals().size());
            assertThat(server.arrivals()).hasSize(RecordingChatServer.WARM_UP_REQUESTS + 4);
            for (int i = 1; i < arrivals.size(); i++) {
                double gapMs = (arrivals.get(i).nanos() - arrivals.get(i - 1).nanos()) / 1e6;
                assertThat(gapMs).as("gap before call " + i).isCloseTo(150, within(40.0));
            }
            // And the first call was not held back on the client: its queue time is the client's, near none.
            var csv = Files.readAllLines(dir.resolve("out/samples.csv"));
            var header = java.util.Arrays.asList(csv.getFirst().split(","));
            var first = csv.stream().skip(1).map(line -> line.split(",")).filter(cells -> cells[0].equals("0"))
                    .findFirst().orElseThrow();
            assertThat(Double.parseDouble(first[header.indexOf("queue_ms")])).isLessThan(20);
        }
    }
}
