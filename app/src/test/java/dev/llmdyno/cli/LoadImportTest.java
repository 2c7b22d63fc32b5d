package dev.llmdyno.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmdyno.profile.Mappers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.llmdyno.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dyno experiment export} and {@code import} at their edges: the lines a worker writes, arriving in parts,
 * cut short, or wrong; plans a load script cannot run. (The real Locust runs an export in LocustScaleOutTest.)
 */
class LoadImportTest {

    @TempDir
    Path dir;

    private Path plan(String arrival) throws Exception {
        return Files.writeString(dir.resolve("plan.yaml"), """
                name: two tiers
                base:
                  endpoint: {name: sim, kind: simulator}
                  model: sim-fast
                  params: {maxTokens: 8, stream: true}
                  prompt: {messages: [{role: user, content: "Say {{word}}"}]}
                variants:
                  - {name: fast}
                  - {name: balanced, overrides: {tier: balanced}}
                dataset: {rows: [{word: one}, {word: two}]}
                repetitions: 3
                warmup: 0
                arrival: %s
                checks: [{type: icontains, value: "{{word}}"}]
                seed: 4
                """.formatted(arrival));
    }

    private JsonNode export(String arrival) throws Exception {
        var result = run("experiment", "export", plan(arrival).toString(), "--to", "locust", "-o",
                dir.resolve("out").toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        return Mappers.json().readTree(dir.resolve("out/dyno-plan.json").toFile());
    }

    /** A worker's line for trial {@code trial}: an answer that says the row's word, with the server's usage. */
    private static String line(JsonNode loadPlan, int trial, double startMs) {
        var request = loadPlan.path("requests").path(loadPlan.path("trials").path(trial).path(1).asInt());
        var word = request.path("body").asText().contains("Say one") ? "one" : "two";
        return """
                {"trial":%d,"user":0,"plannedMs":%s,"heldMs":0.0,"sentMs":%s,"firstTokenMs":%s,"firstContentMs":%s,\
                "endMs":%s,"status":200,"failure":null,"events":[[null,{"choices":[],"usage":{"prompt_tokens":12,\
                "completion_tokens":8}}]],"body":null,"text":"I say %s.","reasoning":"","toolCalls":""}"""
                .formatted(trial, startMs, startMs + 1, startMs + 51, startMs + 51, startMs + 121, word);
    }

    private Path samples(JsonNode loadPlan, String name, List<String> lines) throws Exception {
        var header = "{\"format\":\"llm-dyno-load-samples\",\"exportId\":\"" + loadPlan.path("exportId").asText()
                + "\",\"worker\":\"" + name + "\"}";
        var all = new ArrayList<String>();
        all.add(header);
        all.addAll(lines);
        Files.createDirectories(dir.resolve("out/samples"));
        return Files.write(dir.resolve("out/samples/samples-" + name + ".jsonl"), all);
    }

    @Test
    void linesThatArriveLaterCompleteTheSameExperiment() throws Exception {
        var loadPlan = export("{mode: concurrency, concurrency: 2}");
        int trials = loadPlan.path("trials").size();
        assertThat(trials).isEqualTo(12);
        var first = new ArrayList<String>();
        var rest = new ArrayList<String>();
        for (int t = 0; t < trials; t++) {
            (t % 2 == 0 ? first : rest).add(line(loadPlan, t, t * 130.0));
        }
        samples(loadPlan, "a", first);
        var store = dir.resolve("history.db").toString();
        var partial = run("experiment", "import", dir.resolve("out").toString(), "--store", store, "--json");
        assertThat(partial.exitCode()).as(partial.err()).isZero();
        assertThat(partial.err()).contains("Experiment 1", "6 new of 6 requests in 1 files; interrupted");
        assertThat(Mappers.json().readTree(partial.out()).path("reason").asText())
                .isEqualTo("imported 6 of 12 planned requests; import again when the rest have arrived");

        samples(loadPlan, "b", rest);
        var whole = run("experiment", "import", dir.resolve("out").toString(), "--store", store, "--json");
        assertThat(whole.exitCode()).as(whole.err()).isZero();
        assertThat(whole.err()).contains("Experiment 1", "added to: 6 new of 12 requests in 2 files; completed");
        var results = Mappers.json().readTree(whole.out());
        var fast = results.path("variants").path(0);
        assertThat(fast.path("requests").asInt()).isEqualTo(6);
        assertThat(fast.at("/metrics/ttftMs/p50").asDouble()).isEqualTo(50.0);
        assertThat(fast.at("/metrics/e2eMs/p50").asDouble()).isEqualTo(120.0);
        // TPOT from the server's 8 tokens: (120 − 50) / 7.
        assertThat(fast.at("/metrics/tpotMs/p50").asDouble()).isBetween(9.9, 10.1);
        assertThat(fast.at("/metrics/costUsd/p50").asDouble()).isPositive();
        assertThat(fast.at("/quality/checks/0/passed").asInt()).isEqualTo(6);
        assertThat(run("experiment", "list", "--store", store).out()).contains("two tiers", "completed", "12");
    }

    @Test
    void aLineCutShortAtTheEndIsLeftOutAndSaid() throws Exception {
        var loadPlan = export("{mode: sequential}");
        var cut = line(loadPlan, 1, 200);
        samples(loadPlan, "a", List.of(line(loadPlan, 0, 0), cut.substring(0, cut.length() / 2)));
        var result = run("experiment", "import", dir.resolve("out").toString(), "--store",
                dir.resolve("h.db").toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("samples-a.jsonl:3: the last line is cut short", "1 new of 1 requests");
    }

    @Test
    void badLinesAreNamedByFileLineAndField() throws Exception {
        var loadPlan = export("{mode: sequential}");
        var store = dir.resolve("h.db").toString();
        var out = dir.resolve("out").toString();

        samples(loadPlan, "a", List.of(line(loadPlan, 0, 0).replace("\"sentMs\":1.0", "\"sentMs\":\"soon\"")));
        var badField = run("experiment", "import", out, "--store", store);
        assertThat(badField.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(badField.err()).contains("samples-a.jsonl:2: sentMs: must be a number of milliseconds")
                .doesNotContain("Exception");

        samples(loadPlan, "a", List.of(line(loadPlan, 0, 0).replace("\"trial\":0", "\"trial\":99")));
        assertThat(run("experiment", "import", out, "--store", store).err())
                .contains("samples-a.jsonl:2: trial: 99 is not in the schedule (0–11)");

        samples(loadPlan, "a", List.of(line(loadPlan, 0, 0).replace("\"failure\":null",
                "\"failure\":{\"type\":\"gremlins\",\"message\":\"?\"}")));
        assertThat(run("experiment", "import", out, "--store", store).err())
                .contains("samples-a.jsonl:2: failure.type: 'gremlins' is not an error type");

        samples(loadPlan, "a", List.of("not json", line(loadPlan, 0, 0)));
        assertThat(run("experiment", "import", out, "--store", store).err())
                .contains("samples-a.jsonl:2: not JSON");

        Files.write(dir.resolve("out/samples/samples-a.jsonl"), List.of(line(loadPlan, 0, 0)));
        assertThat(run("experiment", "import", out, "--store", store).err())
                .contains("samples-a.jsonl:1: format: not a samples file of a load script");

        Files.writeString(dir.resolve("out/samples/samples-a.jsonl"), "{\"format\":\"llm-dyno-load-samples\","
                + "\"exportId\":\"another\"}\n");
        assertThat(run("experiment", "import", out, "--store", store).err())
                .contains("samples-a.jsonl:1: exportId: another is another export's");
        assertThat(run("experiment", "list", "--store", store).out()).contains("No experiments yet");
    }

    @Test
    void anErrorLineKeepsItsTypeAndAnHttpFailureReadsAsTheEngineReadsIt() throws Exception {
        var loadPlan = export("{mode: sequential}");
        samples(loadPlan, "a", List.of(
                line(loadPlan, 0, 0).replace("\"status\":200", "\"status\":429").replace("\"events\":[[null,"
                        + "{\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":8}}]]", "\"events\":[]")
                        .replace("\"body\":null", "\"body\":{\"error\":{\"message\":\"slow down\"}}"),
                line(loadPlan, 1, 200).replace("\"failure\":null",
                        "\"failure\":{\"type\":\"timeout_first_token\",\"message\":\"no token within 10 ms\"}")));
        var result = run("experiment", "import", dir.resolve("out").toString(), "--store",
                dir.resolve("h.db").toString(), "--out", dir.resolve("files").toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        var csv = Files.readString(dir.resolve("files/samples.csv"));
        assertThat(csv).contains("rate_limited", "timeout_first_token");
    }

    @Test
    void openLoopPlansCarryTheirPlannedStartsAndSweepsAreRefused() throws Exception {
        var loadPlan = export("{mode: poisson, rate: 20, concurrency: 3}");
        assertThat(loadPlan.at("/arrival/mode").asText()).isEqualTo("poisson");
        assertThat(loadPlan.at("/arrival/cap").asInt()).isEqualTo(3);
        var trials = loadPlan.path("trials");
        double previous = -1;
        for (var trial : trials) {
            assertThat(trial.path(2).asDouble()).isGreaterThanOrEqualTo(previous);
            previous = trial.path(2).asDouble();
        }
        // Twelve requests at 20/s: the last is planned about half a second in (Poisson gaps, so loosely).
        assertThat(previous).isBetween(150.0, 1500.0);

        var sweep = run("experiment", "export", plan("{mode: sweep, sweep: {over: concurrency, levels: [1, 2]}}")
                .toString(), "--to", "locust", "-o", dir.resolve("sweep").toString());
        assertThat(sweep.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(sweep.err()).contains("arrival.mode: a sweep cannot be exported").doesNotContain("Exception");
        var tool = run("experiment", "export", plan("{mode: sequential}").toString(), "--to", "jmeter", "-o",
                dir.resolve("x").toString());
        assertThat(tool.err()).contains("--to: 'jmeter' is not a load tool; use locust or k6");
    }
}
