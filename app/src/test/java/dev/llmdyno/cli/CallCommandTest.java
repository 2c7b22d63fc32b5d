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

class CallCommandTest {

    private static Path profile(Path dir, String extra) throws Exception {
        var file = dir.resolve("p.yaml");
        Files.writeString(file, """
                endpoint: {kind: simulator}
                model: sim-fast
                params: {maxTokens: 12}
                prompt:
                  messages: [{role: user, content: "Tell me about {{topic}}"}]
                  variables: {topic: queues}
                """ + extra);
        return file;
    }

    @Test
    void jsonHasTheTextTheErrorTheAttemptsAndTheMetricsByTheirDocumentedNames(@TempDir Path dir) throws Exception {
        var result = run("call", profile(dir, "").toString(), "--json", "--var", "topic=caches");
        assertThat(result.exitCode()).as(result.err()).isZero();
        var json = Mappers.json().readTree(result.out());
        assertThat(json.path("text").asText()).isNotBlank();
        assertThat(json.path("error").isNull()).isTrue();
        assertThat(json.path("attempts")).hasSize(1);
        assertThat(json.at("/attempts/0/target").asText()).as("the endpoint's name, else its address").isNotBlank();
        var metrics = json.path("metrics");
        for (var name : new String[]{"queueMs", "dnsMs", "connectMs", "tlsMs", "ttfbMs", "ttftMs", "ttfcMs", "e2eMs",
                "latencyMs", "inputTokens", "cachedInputTokens", "outputTokens", "outputTokensSource", "tpotMs",
                "decodeTps", "costUsd", "connectionReused"}) {
            assertThat(metrics.has(name)).as(name).isTrue();
        }
        assertThat(metrics.path("outputTokens").asInt()).isEqualTo(12);
        assertThat(metrics.path("outputTokensSource").asText()).isEqualTo("usage");
    }

    @Test
    void streamsTheAnswerThenASummary(@TempDir Path dir) throws Exception {
        var result = run("call", profile(dir, "").toString());
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("---\n", "TTFT ", "tokens in ", "cost $");
        assertThat(result.out()).containsPattern("attempts 1 to \\S+");
    }

    @Test
    void aFailedCallExitsThreeWithItsErrorInJson(@TempDir Path dir) throws Exception {
        try (var sim = Simulator.startLocal(SimConfig.defaults().withApiKeys(java.util.List.of("right")))) {
            var result = run("call", profile(dir, "levers: {retry: {maxRetries: 0}}\n").toString(), "--base-url",
                    sim.baseUrl() + "/v1", "--json");
            assertThat(result.exitCode()).isEqualTo(3);
            var error = Mappers.json().readTree(result.out()).path("error");
            assertThat(error.path("type").asText()).isEqualTo("unauthorized");
            assertThat(error.path("status").asInt()).isEqualTo(401);
        }
    }

    @Test
    void serverTextCannotDriveTheTerminal(@TempDir Path dir) throws Exception {
        try (var server = new mockwebserver3.MockWebServer()) {
            server.start();
            var hostile = "\u001b]0;pwned\u0007\u001b[2J\u009b31m";
            server.enqueue(new mockwebserver3.MockResponse.Builder().code(400)
                    .body("{\"error\":{\"message\":\"" + hostile.replace("\u001b", "\\u001b").replace("\u0007", "\\u0007")
                            .replace("\u009b", "\\u009b") + "\"}}").build());
            var result = run("call", profile(dir, "levers: {retry: {maxRetries: 0}}\n").toString(), "--base-url",
                    server.url("/v1").toString());
            assertThat(result.exitCode()).isEqualTo(3);
            assertThat(result.out()).contains("HTTP 400", "\\x1b]0;pwned\\x07")
                    .doesNotContain("\u001b", "\u0007", "\u009b");
        }
    }

    @Test
    void aKeySentOverPlainHttpToAnotherMachineIsWarnedAbout(@TempDir Path dir) throws Exception {
        var file = profile(dir, "levers: {retry: {maxRetries: 0}}\n");
        Files.writeString(file, Files.readString(file).replace("endpoint: {kind: simulator}",
                "endpoint: {kind: openai-compatible, baseUrl: \"http://no-such-host.invalid/v1\", apiKeyRef: \"env:PATH\"}"));
        var result = run("call", file.toString());
        assertThat(result.err()).contains("warning: endpoint.baseUrl: http://no-such-host.invalid/v1 is plain http",
                "env:PATH").doesNotContain(System.getenv("PATH"));
        var local = run("call", profile(dir, "").toString());
        assertThat(local.err()).doesNotContain("warning");
    }

    @Test
    void badInputExitsTwo(@TempDir Path dir) throws Exception {
        assertThat(run("call", dir.resolve("none.yaml").toString()).exitCode()).isEqualTo(2);
        var result = run("call", profile(dir, "").toString(), "--var", "topic=x", "--model", "sim-fast", "--base-url", "ftp://x");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("endpoint.baseUrl: 'ftp://x' is not an http:// or https:// URL");
    }
}
