package dev.llmdyno.cli;

import dev.llmdyno.RealTools;
import dev.llmdyno.SimulatorProcess;
import dev.llmdyno.profile.Mappers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.llmdyno.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The k6 script, checked without k6 (which is not packaged for Debian): Node.js runs the exported script itself, its
 * three k6 modules replaced by stand-ins whose {@code http.post} hands over answers the real simulator gave to the
 * script's own requests, as k6 hands over a finished body. Its options, its reading of the stream and the lines it
 * writes are the script's; that they import as the plan's samples is checked here. What k6 itself does with the
 * options (its executors, its timings) is not: docs/scale-out.md says so. The k6 API the stand-ins mimic is
 * k6 v0.5x's documented {@code k6/http} Response (status, body, timings.*, error_code) and {@code k6/execution}.
 */
class K6ScriptTest {

    @TempDir
    Path dir;

    @Test
    void theScriptReadsRealAnswersIntoLinesThatImportAsThePlansSamples() throws Exception {
        var node = RealTools.program("node", "apt-get install nodejs").toString();
        try (var sim = new SimulatorProcess("""
                seed: 2
                models:
                  - {id: sim-fast, ttftMs: 5, decodeMsPerToken: 1, jitter: 0, minOutputTokens: 6, maxOutputTokens: 6}
                """)) {
            var plan = Files.writeString(dir.resolve("plan.yaml"), """
                    name: k6 check
                    base:
                      endpoint: {name: sim, kind: simulator, baseUrl: "%s/v1"}
                      model: sim-fast
                      params: {maxTokens: 6, stream: true}
                      prompt: {messages: [{role: user, content: "Say {{word}}"}]}
                    dataset: {rows: [{word: one}, {word: two}]}
                    repetitions: 2
                    warmup: 0
                    seed: 1
                    """.formatted(sim.baseUrl));
            var out = dir.resolve("k6");
            var exported = run("experiment", "export", plan.toString(), "--to", "k6", "-o", out.toString());
            assertThat(exported.exitCode()).as(exported.err()).isZero();
            assertThat(exported.err()).contains("k6's http module hands over a streamed body only when it has ended");

            // The simulator's answers to the script's own requests, recorded for the stand-in http.post.
            var loadPlan = Mappers.json().readTree(out.resolve("dyno-plan.json").toFile());
            var answers = Mappers.json().createArrayNode();
            var http = HttpClient.newHttpClient();
            for (var request : loadPlan.path("requests")) {
                var response = http.send(HttpRequest.newBuilder(URI.create(request.path("url").asText()))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(request.path("body").asText())).build(),
                        HttpResponse.BodyHandlers.ofString());
                answers.addObject().put("status", response.statusCode()).put("body", response.body());
            }
            Files.writeString(dir.resolve("answers.json"), answers.toString());
            var script = Files.readString(out.resolve("k6-script.js"))
                    .replace("import http from 'k6/http';", "const http = globalThis.k6http;")
                    .replace("import exec from 'k6/execution';", "const exec = globalThis.k6exec;")
                    .replace("import {sleep} from 'k6';", "const sleep = () => {};");
            assertThat(script.lines()).noneMatch(line -> line.startsWith("import "));
            var harness = """
                    import fs from 'node:fs';
                    const answers = JSON.parse(fs.readFileSync('%s', 'utf8'));
                    globalThis.__ENV = {};
                    globalThis.open = (path) => fs.readFileSync(new URL(path, 'file://%s/'), 'utf8');
                    globalThis.k6exec = {vu: {idInTest: 1, iterationInScenario: 0}, scenario: {iterationInTest: 0},
                      test: {abort: (why) => { throw new Error(why); }}};
                    globalThis.k6http = {post: (url, body, params) => {
                      const plan = JSON.parse(globalThis.open('./dyno-plan.json'));
                      const index = plan.requests.findIndex((r) => r.url === url && r.body === body);
                      return {status: answers[index].status, body: answers[index].body, error_code: 0, error: '',
                        timings: {blocked: 0, connecting: 0, tls_handshaking: 0, sending: 0, waiting: 1, receiving: 1}};
                    }};
                    const script = await import('./script.mjs');
                    const data = script.setup();
                    process.stderr.write(JSON.stringify(script.options) + '\\n');
                    const iterations = script.options.scenarios.dyno.iterations;
                    for (let i = 0; i < iterations; i++) {
                      globalThis.k6exec.vu.iterationInScenario = i;
                      script.default(data);
                    }
                    """.formatted(dir.resolve("answers.json"), out);
            Files.writeString(out.resolve("script.mjs"), script);
            Files.writeString(out.resolve("harness.mjs"), harness);
            var ran = new ProcessBuilder(node, "harness.mjs").directory(out.toFile())
                    .redirectError(dir.resolve("node.err").toFile()).start();
            var lines = new String(ran.getInputStream().readAllBytes());
            assertThat(ran.waitFor()).as(Files.readString(dir.resolve("node.err"))).isZero();
            assertThat(Files.readString(dir.resolve("node.err")))
                    .contains("\"executor\":\"per-vu-iterations\",\"vus\":1,\"iterations\":4");
            Files.createDirectories(out.resolve("samples"));
            Files.writeString(out.resolve("samples/samples-k6.jsonl"), lines);
            assertThat(lines.lines().toList()).hasSize(5);

            var imported = run("experiment", "import", out.toString(), "--store", dir.resolve("h.db").toString(),
                    "--json");
            assertThat(imported.exitCode()).as(imported.err()).isZero();
            assertThat(imported.err()).contains("4 new of 4 requests in 1 files; completed");
            var variant = Mappers.json().readTree(imported.out()).path("variants").path(0);
            assertThat(variant.path("succeeded").asInt()).isEqualTo(4);
            assertThat(variant.at("/metrics/outputTokens/p50").asDouble()).as("the usage of the stream's last event")
                    .isEqualTo(6);
            assertThat(variant.at("/metrics/ttftMs/n").asInt()).as("k6 cannot time the first token").isZero();
            for (var line : lines.lines().skip(1).toList()) {
                assertThat(Mappers.json().readTree(line).path("text").asText()).isNotBlank();
            }
        }
    }
}
