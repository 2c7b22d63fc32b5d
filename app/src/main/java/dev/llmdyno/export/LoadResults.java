package dev.llmdyno.export;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmdyno.call.RecordedAnswer;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.checks.Checks;
import dev.llmdyno.experiment.Experiment;
import dev.llmdyno.experiment.Plans;
import dev.llmdyno.experiment.Sample;
import dev.llmdyno.experiment.Schedule;
import dev.llmdyno.experiment.Trial;
import dev.llmdyno.profile.InvalidInputException;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.Problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a load script measured, read back as the plan's samples: its {@link LoadPlan} and the JSON lines every worker
 * wrote under {@code samples/}. Each line's timings are milliseconds from the run's common start, so lines from
 * several machines fall on one time axis; the answer is read by {@link RecordedAnswer} and put to the plan's
 * checks, so tokens, cost, errors and check results mean what they mean in a run of LLM Dyno's own.
 */
public final class LoadResults {

    public static final String SAMPLES_DIR = "samples";
    static final String SAMPLES_FORMAT = "llm-dyno-load-samples";

    /**
     * The plan and what came back: the experiment, its export id, one sample per trial that has a line (the
     * first, where a trial has several: {@code duplicates} counts the rest), the files read and the notes worth
     * telling (a last line cut short by a worker that was killed, say).
     */
    public record Imported(LoadPlan plan, Experiment experiment, List<Sample> samples, int files, int duplicates,
                           List<String> notes) {
    }

    private LoadResults() {
    }

    public static Imported read(Path dir, Catalog catalog) throws InvalidInputException, IOException {
        var planFile = dir.resolve(LoadPlan.FILE);
        if (!Files.isRegularFile(planFile)) {
            throw invalid(planFile, null, "not found; the directory of an exported load script has it");
        }
        LoadPlan plan;
        try {
            plan = Mappers.json().readValue(planFile.toFile(), LoadPlan.class);
        } catch (JacksonException e) {
            throw invalid(planFile, null, "not a load plan (" + e.getOriginalMessage() + ")");
        }
        if (!LoadPlan.FORMAT.equals(plan.format()) || plan.version() != LoadPlan.VERSION) {
            throw invalid(planFile, "format", plan.format() + " version " + plan.version() + " is not "
                    + LoadPlan.FORMAT + " version " + LoadPlan.VERSION);
        }
        var experiment = new Plans(catalog).fromJson(Mappers.json().writeValueAsString(plan.plan()), planFile + " (plan)");
        var schedule = Schedule.of(experiment);
        int rows = Math.max(1, experiment.rows().size());
        if (schedule.size() != plan.trials().size()) {
            throw invalid(planFile, "trials", plan.trials().size() + " listed, but the plan schedules "
                    + schedule.size() + "; export the plan again");
        }
        var checks = experiment.checks();
        var byTrial = new LinkedHashMap<Integer, Sample>();
        var notes = new ArrayList<String>();
        int duplicates = 0;
        var files = sampleFiles(dir);
        for (var file : files) {
            // Line by line: a big run's files are far larger than a command's heap.
            try (var reader = Files.newBufferedReader(file)) {
                header(file, reader.readLine(), plan);
                int number = 1;
                String text = reader.readLine();
                while (text != null) {
                    number++;
                    var next = reader.readLine();
                    if (!text.isBlank()) {
                        JsonNode line;
                        try {
                            line = Mappers.json().readTree(text);
                        } catch (JacksonException e) {
                            if (next == null) {
                                notes.add(file + ":" + number + ": the last line is cut short (a worker stopped "
                                        + "while writing it); that request is left out");
                                break;
                            }
                            throw invalid(file + ":" + number, null, "not JSON (" + e.getOriginalMessage() + ")");
                        }
                        var sample = sample(file + ":" + number, line, experiment, schedule, rows, plan, checks,
                                catalog);
                        if (byTrial.putIfAbsent(sample.trial(), sample) != null) {
                            duplicates++;
                        }
                    }
                    text = next;
                }
            }
        }
        var samples = byTrial.values().stream()
                .sorted(java.util.Comparator.comparingDouble(Sample::endedMs)).toList();
        return new Imported(plan, experiment, samples, files.size(), duplicates, notes);
    }

    private static List<Path> sampleFiles(Path dir) throws IOException, InvalidInputException {
        var samples = dir.resolve(SAMPLES_DIR);
        if (!Files.isDirectory(samples)) {
            throw invalid(samples, null, "not found; the script's workers write their lines there (copy every "
                    + "worker's samples-*.jsonl into it)");
        }
        try (Stream<Path> listing = Files.list(samples)) {
            return listing.filter(path -> path.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    private static void header(Path file, String first, LoadPlan plan) throws InvalidInputException {
        JsonNode header;
        try {
            header = first == null ? null : Mappers.json().readTree(first);
        } catch (JacksonException e) {
            header = null;
        }
        if (header == null || !SAMPLES_FORMAT.equals(header.path("format").asText())) {
            throw invalid(file + ":1", "format", "not a samples file of a load script (its first line names the "
                    + "format " + SAMPLES_FORMAT + ")");
        }
        if (!plan.exportId().equals(header.path("exportId").asText())) {
            throw invalid(file + ":1", "exportId", header.path("exportId").asText()
                    + " is another export's (this directory's is " + plan.exportId() + ")");
        }
    }

    private static Sample sample(String where, JsonNode line, Experiment experiment, List<Trial> schedule, int rows,
                                 LoadPlan plan, Checks checks, Catalog catalog) throws InvalidInputException {
        int index = integer(where, line, "trial");
        if (index < 0 || index >= schedule.size()) {
            throw invalid(where, "trial", index + " is not in the schedule (0–" + (schedule.size() - 1) + ")");
        }
        var trial = schedule.get(index);
        var request = plan.requests().get(plan.requestOf(index));
        var profile = experiment.variants().get(trial.variant()).profile();
        var failure = line.path("failure");
        RecordedAnswer.Reading reading;
        try {
            reading = RecordedAnswer.read(profile, experiment.variables(trial), catalog, new RecordedAnswer.Received(
                    line.path("status").asInt(0), events(line.path("events")), object(line.path("body")),
                    line.path("text").asText(""), line.path("reasoning").asText(""), line.path("toolCalls").asText(""),
                    failure.isObject() ? failure.path("type").asText() : null,
                    failure.isObject() ? failure.path("message").asText() : null));
        } catch (IllegalArgumentException e) {
            throw invalid(where, "failure.type", e.getMessage());
        }
        double planned = number(where, line, "plannedMs");
        double sent = number(where, line, "sentMs");
        double end = number(where, line, "endMs");
        Double firstToken = optional(line, request.stream() ? "firstTokenMs" : "bodyAtMs");
        Double firstContent = optional(line, request.stream() ? "firstContentMs" : "bodyAtMs");
        boolean ok = reading.error() == null;
        Double ttft = firstToken == null || !reading.tokens() ? null : firstToken - sent;
        Double ttfc = firstContent == null || !reading.content() ? null : firstContent - sent;
        double e2e = end - sent;
        var output = reading.outputTokens();
        Double tpot = request.stream() && ttft != null && output != null && output > 1 && e2e > ttft
                ? (e2e - ttft) / (output - 1) : null;
        int status = line.path("status").asInt(0);
        return new Sample(index, trial.variant(), trial.level(), trial.row(), trial.repetition(), trial.warmup(),
                planned, end, ok, ok ? null : reading.error().type().id(), status, 1, false,
                line.path("heldMs").asDouble(0), ttft, ttfc, tpot, e2e, end - planned, reading.inputTokens(),
                reading.cachedInputTokens(), reading.cacheWriteTokens(), output, reading.costUsd(), null,
                experiment.failedChecks(checks, trial, ok ? reading.text() : null));
    }

    private static List<JsonNode> events(JsonNode events) {
        var list = new ArrayList<JsonNode>();
        events.forEach(list::add);
        return list;
    }

    private static JsonNode object(JsonNode node) {
        return node.isObject() ? node : null;
    }

    private static int integer(String where, JsonNode line, String field) throws InvalidInputException {
        if (!line.path(field).canConvertToInt()) {
            throw invalid(where, field, "must be a whole number");
        }
        return line.path(field).asInt();
    }

    private static double number(String where, JsonNode line, String field) throws InvalidInputException {
        if (!line.path(field).isNumber()) {
            throw invalid(where, field, "must be a number of milliseconds");
        }
        return line.path(field).asDouble();
    }

    private static Double optional(JsonNode line, String field) {
        return line.path(field).isNumber() ? line.path(field).asDouble() : null;
    }

    private static InvalidInputException invalid(Object where, String field, String message) {
        return new InvalidInputException(String.valueOf(where), List.of(Problem.at(field, message)));
    }
}
