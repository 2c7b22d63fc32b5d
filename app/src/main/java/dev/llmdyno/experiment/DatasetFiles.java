package dev.llmdyno.experiment;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.Problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Variable rows from a CSV file (first row names the variables) or a JSONL file (one object per line). */
final class DatasetFiles {

    private static final CsvMapper CSV = new CsvMapper();

    private DatasetFiles() {
    }

    static List<Map<String, String>> read(Path file, List<Problem> problems) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            problems.add(Problem.at("dataset.file", file + ": cannot read (" + e.getMessage() + ")"));
            return List.of();
        }
        var name = file.getFileName().toString().toLowerCase();
        if (name.endsWith(".csv")) {
            return csv(text, problems);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return jsonLines(text, problems);
        }
        problems.add(Problem.at("dataset.file", file + ": use a .csv or .jsonl file"));
        return List.of();
    }

    private static List<Map<String, String>> csv(String text, List<Problem> problems) {
        var rows = new ArrayList<Map<String, String>>();
        try (MappingIterator<Map<String, String>> it = CSV.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(text)) {
            while (it.hasNextValue()) {
                rows.add(new LinkedHashMap<>(it.nextValue()));
            }
        } catch (IOException e) {
            var line = e instanceof JacksonException j && j.getLocation() != null ? j.getLocation().getLineNr() : 0;
            problems.add(new Problem("dataset.file", "malformed CSV: " + firstLine(e.getMessage()), line, 0));
        }
        return rows;
    }

    private static List<Map<String, String>> jsonLines(String text, List<Problem> problems) {
        var rows = new ArrayList<Map<String, String>>();
        var lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                JsonNode node = Mappers.json().readTree(lines[i]);
                if (!node.isObject()) {
                    problems.add(new Problem("dataset.file", "expected an object of variables", i + 1, 1));
                    continue;
                }
                var row = new LinkedHashMap<String, String>();
                node.properties().forEach(field -> row.put(field.getKey(),
                        field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString()));
                rows.add(row);
            } catch (JacksonException e) {
                problems.add(new Problem("dataset.file", "malformed JSON: " + firstLine(e.getOriginalMessage()), i + 1,
                        e.getLocation() == null ? 1 : e.getLocation().getColumnNr()));
            }
        }
        return rows;
    }

    private static String firstLine(String text) {
        int newline = text == null ? -1 : text.indexOf('\n');
        return newline < 0 ? String.valueOf(text) : text.substring(0, newline);
    }
}
