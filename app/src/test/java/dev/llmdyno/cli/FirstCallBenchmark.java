package dev.llmdyno.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmdyno.BenchReport;
import dev.llmdyno.GroundTruthServer;
import dev.llmdyno.profile.Mappers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The error of a user's first number: fresh {@code bin/dyno call} processes, {@code curl -w} and the official OpenAI
 * Node SDK making the same one-shot streamed call, interleaved, against a server that sends each event at a known
 * time after the request arrived. Needs the jar ({@code ./mvnw -DskipTests package}), curl, and the SDK in
 * {@code .node/} ({@code npm install --prefix .node openai@6.49.0}). Run:
 * {@code ./mvnw -pl app test -Pbench -Dtest=FirstCallBenchmark}.
 */
@Tag("benchmark")
class FirstCallBenchmark {

    private static final int RUNS = Integer.getInteger("runs", 10);
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final String NODE_CLIENT = """
            const { OpenAI } = require(process.argv[2]);
            (async () => {
              const client = new OpenAI({ baseURL: process.argv[3], apiKey: 'none', maxRetries: 0 });
              const start = performance.now();
              const stream = await client.chat.completions.create({ model: 'truth-model', max_tokens: 32, stream: true,
                messages: [{ role: 'user', content: 'Hello' }] });
              let ttft = null;
              for await (const chunk of stream) {
                const delta = chunk.choices?.[0]?.delta;
                if (ttft === null && delta && (delta.content || delta.reasoning_content)) ttft = performance.now() - start;
              }
              console.log(ttft.toFixed(3));
            })();
            """;

    @TempDir
    Path folder;

    @Test
    void coldFirstCallErrorBesideCurlAndTheNodeSdk() throws Exception {
        assertThat(REPO.resolve("app/target/llm-dyno.jar")).as("build the jar first").exists();
        var sdk = REPO.resolve(".node/node_modules/openai");
        assertThat(sdk).as("npm install --prefix .node openai@6.49.0").exists();
        var nodeClient = Files.writeString(folder.resolve("client.cjs"), NODE_CLIENT);
        var report = new BenchReport("first-call");
        report.line("Fresh processes, " + RUNS + " interleaved runs each; error = measured − when the server really sent "
                + "it (after the request's arrival; planned: first content at 300 ms).");

        var content = GroundTruthServer.Script.content(300, 10, 20);
        try (var server = new GroundTruthServer(content)) {
            var profile = profile(server.baseUrl());
            var errors = new LinkedHashMap<String, List<Double>>();
            var walls = new LinkedHashMap<String, List<Double>>();
            for (int run = 0; run < RUNS; run++) {
                long start = System.nanoTime();
                var dyno = dynoCall(profile);
                add(walls, "bin/dyno call", start);
                add(errors, "bin/dyno call TTFT", dyno.path("ttftMs").asDouble() - server.answers().getLast().firstTokenMs());
                add(errors, "bin/dyno call queue", dyno.path("queueMs").asDouble());
                add(errors, "bin/dyno call prep", dyno.path("prepMs").asDouble());
                add(errors, "bin/dyno call connect", dyno.path("connectMs").asDouble());

                start = System.nanoTime();
                var curl = run("curl", "-s", "-o", "/dev/null", "-w", "%{time_starttransfer}", "-X", "POST",
                        "-H", "Content-Type: application/json", "-d",
                        "{\"model\":\"truth-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}",
                        server.baseUrl() + "/chat/completions");
                add(walls, "curl", start);
                add(errors, "curl -w time_starttransfer", Double.parseDouble(curl.strip()) * 1000
                        - server.answers().getLast().firstTokenMs());

                start = System.nanoTime();
                var node = run("node", nodeClient.toString(), sdk.toString(), server.baseUrl());
                add(walls, "node + openai SDK", start);
                add(errors, "OpenAI Node SDK TTFT", Double.parseDouble(node.strip()) - server.answers().getLast().firstTokenMs());
            }
            report.line("First content, headers with it:");
            errors.forEach((name, values) -> report.line(row(name, values)));
            report.line("Whole process, wall time:");
            walls.forEach((name, values) -> report.line(row(name, values)));
        }

        var reasoning = GroundTruthServer.Script.reasoning(120, 400, 5, 20);
        try (var server = new GroundTruthServer(reasoning)) {
            var profile = profile(server.baseUrl());
            var errors = new LinkedHashMap<String, List<Double>>();
            for (int run = 0; run < RUNS; run++) {
                var dyno = dynoCall(profile);
                var sent = server.answers().getLast();
                add(errors, "bin/dyno call TTFT (reasoning at 120 ms)", dyno.path("ttftMs").asDouble() - sent.firstTokenMs());
                add(errors, "bin/dyno call TTFC (content at 400 ms)", dyno.path("ttfcMs").asDouble() - sent.firstContentMs());
            }
            report.line("Headers at once, reasoning at 120 ms, content at 400 ms:");
            errors.forEach((name, values) -> report.line(row(name, values)));
        }
    }

    private Path profile(String baseUrl) throws IOException {
        return Files.writeString(folder.resolve("truth.yaml"), """
                endpoint: {kind: openai-compatible, baseUrl: "%s"}
                model: truth-model
                params: {maxTokens: 32}
                prompt: {messages: [{role: user, content: "Hello"}]}
                """.formatted(baseUrl));
    }

    private static JsonNode dynoCall(Path profile) throws Exception {
        var output = run(REPO.resolve("bin/dyno").toString(), "call", profile.toString(), "--json");
        return Mappers.json().readTree(output.substring(output.indexOf('{'))).path("metrics");
    }

    private static String run(String... command) throws Exception {
        var process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        var output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        return output;
    }

    private static void add(Map<String, List<Double>> values, String name, long startNanos) {
        add(values, name, (System.nanoTime() - startNanos) / 1e6);
    }

    private static void add(Map<String, List<Double>> values, String name, double value) {
        values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }

    private static String row(String name, List<Double> values) {
        var array = values.stream().mapToDouble(Double::doubleValue).toArray();
        return String.format("  %-42s median %8.2f ms   min %8.2f   max %8.2f", name, BenchReport.quantile(array, 0.5),
                BenchReport.quantile(array, 0), BenchReport.quantile(array, 1));
    }
}
