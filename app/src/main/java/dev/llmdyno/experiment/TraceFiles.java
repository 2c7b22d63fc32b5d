package dev.llmdyno.experiment;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.Message;
import dev.llmdyno.profile.Problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads a trace of recorded calls in the formats docs/replay.md lists, each mapped by the fields its tool writes:
 * <ul>
 *   <li>{@code dyno}: JSONL of our own: {@code start} (ISO-8601 or epoch milliseconds), {@code inputTokens},
 *       {@code outputTokens}, optionally {@code system} and {@code messages};</li>
 *   <li>{@code otel}: OTLP JSON, one export request per line as the Collector's file exporter writes it, with the
 *       GenAI conventions' span attributes ({@code gen_ai.usage.input_tokens}, {@code gen_ai.usage.output_tokens},
 *       {@code gen_ai.input.messages});</li>
 *   <li>{@code litellm}: JSONL of LiteLLM's StandardLoggingPayload ({@code startTime} in epoch seconds,
 *       {@code prompt_tokens}, {@code completion_tokens}, {@code messages}; the fields of
 *       docs/my-website/docs/proxy/logging_spec.md in BerriAI/litellm);</li>
 *   <li>{@code langfuse}: observations as the public API lists them ({@code {"data": [...]}}, a JSON array, or
 *       one per line): generations' {@code startTime}, {@code usageDetails} (or the older {@code usage}) input and
 *       output, and {@code input} (the Observation of fern/apis/server/definition/commons.yml in langfuse/langfuse,
 *       commit 62751446).</li>
 * </ul>
 * Every problem names the file, the line and the field; records come back in the order they started.
 */
final class TraceFiles {

    /** The formats there are; {@code auto} tells them apart by their fields. */
    enum Format {
        AUTO, DYNO, OTEL, LITELLM, LANGFUSE;

        static Format of(String id) {
            if (id == null) {
                return AUTO;
            }
            return Arrays.stream(values()).filter(f -> f.name().equalsIgnoreCase(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("'" + id + "' is not a trace format; use "
                            + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", "))));
        }
    }

    private static final String PATH = "replay.file";

    private TraceFiles() {
    }

    static List<TraceRecord> read(Path file, Format format, List<Problem> problems) {
        var name = file.getFileName().toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (java.nio.file.NoSuchFileException e) {
            problems.add(Problem.at(PATH, file + ": no such file"));
            return List.of();
        } catch (IOException e) {
            problems.add(Problem.at(PATH, file + ": cannot read (" + e.getMessage() + ")"));
            return List.of();
        }
        var items = items(text, name, problems);
        if (items.isEmpty()) {
            if (problems.isEmpty()) {
                problems.add(Problem.at(PATH, name + " has no records"));
            }
            return List.of();
        }
        var chosen = format == Format.AUTO ? detect(items.getFirst().node()) : format;
        var records = new ArrayList<TraceRecord>();
        for (var item : items) {
            var where = new Where(name, item.line(), problems);
            switch (chosen) {
                case DYNO -> own(item.node(), where, records);
                case OTEL -> otel(item.node(), where, records);
                case LITELLM -> litellm(item.node(), where, records);
                case LANGFUSE -> langfuse(item.node(), where, records);
                case AUTO -> throw new IllegalStateException("detected above");
            }
        }
        if (records.isEmpty() && problems.isEmpty()) {
            problems.add(Problem.at(PATH, name + " has no calls to replay (read as " + chosen.name().toLowerCase(Locale.ROOT)
                    + ")"));
        }
        records.sort(Comparator.comparingDouble(TraceRecord::startMs));
        return records;
    }

    /** A recorded prompt: its system text (null: none) and its other messages. */
    private record Recorded(String system, List<Message> messages) {

        /** Sorts raw (role, text) pairs: system texts joined into the system prompt, the rest kept in order. */
        static Recorded of(List<String[]> roleAndText) {
            var system = new StringBuilder();
            var messages = new ArrayList<Message>();
            for (var pair : roleAndText) {
                if (pair[0].equals("system") || pair[0].equals("developer")) {
                    system.append(system.isEmpty() ? "" : "\n\n").append(pair[1]);
                } else {
                    // a tool's result or any other role is sent as the user's text: it is what the model read
                    messages.add(new Message(pair[0].equals("assistant") || pair[0].equals("model")
                            ? Message.Role.ASSISTANT : Message.Role.USER, pair[1]));
                }
            }
            return new Recorded(system.isEmpty() ? null : system.toString(), messages);
        }
    }

    /** A JSON value of the file and the line it starts on. */
    private record Item(JsonNode node, int line) {
    }

    /** Where a record comes from, to name in its problems. */
    private record Where(String file, int line, List<Problem> problems) {
        void add(String field, String message) {
            problems.add(new Problem(PATH, file + ": " + field + ": " + message, line, 1));
        }
    }

    /** The file's values: the elements of one JSON array or of a {@code data} array, or one value per line. */
    private static List<Item> items(String text, String name, List<Problem> problems) {
        var trimmed = text.strip();
        if (trimmed.startsWith("[") || (trimmed.startsWith("{") && !trimmed.contains("\n{"))) {
            try {
                var node = Mappers.json().readTree(trimmed);
                var array = node.isArray() ? node : node.path("data").isArray() ? node.get("data") : null;
                if (array != null) {
                    var items = new ArrayList<Item>();
                    array.forEach(element -> items.add(new Item(element, 1)));
                    return items;
                }
                return List.of(new Item(node, 1));
            } catch (JacksonException e) {
                // not one document: read it line by line below, which names the line at fault
            }
        }
        var items = new ArrayList<Item>();
        var lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                items.add(new Item(Mappers.json().readTree(lines[i]), i + 1));
            } catch (JacksonException e) {
                problems.add(new Problem(PATH, name + ": malformed JSON: "
                        + e.getOriginalMessage().lines().findFirst().orElse(""), i + 1, 1));
            }
        }
        return items;
    }

    private static Format detect(JsonNode first) {
        if (first.has("resourceSpans")) {
            return Format.OTEL;
        }
        if (first.has("prompt_tokens") && first.has("startTime")) {
            return Format.LITELLM;
        }
        if (first.has("usageDetails") || first.has("completionStartTime") || first.has("traceId")) {
            return Format.LANGFUSE;
        }
        return Format.DYNO;
    }

    private static void own(JsonNode node, Where where, List<TraceRecord> records) {
        var start = node.get("start");
        Double startMs = null;
        if (start == null || start.isNull()) {
            where.add("start", "is required: when the call started (ISO-8601, or milliseconds since the epoch)");
        } else if (start.isNumber()) {
            startMs = start.asDouble();
        } else {
            startMs = isoMillis(start.asText(), "start", where);
        }
        var prompt = messages(node.get("messages"), "messages", where);
        var input = count(node, "inputTokens", where);
        if (input == null && prompt == null) {
            where.add("inputTokens", "is required where the record has no messages");
        }
        if (startMs != null && (input != null || prompt != null)) {
            var system = text(node.get("system"));
            records.add(record(startMs, input, count(node, "outputTokens", where), prompt, system));
        }
    }

    private static void otel(JsonNode node, Where where, List<TraceRecord> records) {
        if (!node.has("resourceSpans")) {
            where.add("resourceSpans", "is required: an OTLP JSON export request");
            return;
        }
        for (var resource : node.get("resourceSpans")) {
            for (var scope : resource.path("scopeSpans")) {
                for (var span : scope.path("spans")) {
                    var attributes = new java.util.HashMap<String, JsonNode>();
                    span.path("attributes").forEach(a -> attributes.put(a.path("key").asText(), a.path("value")));
                    var input = attributes.get("gen_ai.usage.input_tokens");
                    if (input == null && !attributes.containsKey("gen_ai.input.messages")) {
                        continue; // not a model call: a parent span, an HTTP span
                    }
                    var startNanos = span.path("startTimeUnixNano").asText();
                    double startMs;
                    try {
                        startMs = Long.parseLong(startNanos) / 1e6;
                    } catch (NumberFormatException e) {
                        where.add("startTimeUnixNano", "'" + startNanos + "' is not a number of nanoseconds");
                        continue;
                    }
                    Recorded prompt = null;
                    var messages = attributes.get("gen_ai.input.messages");
                    if (messages != null) {
                        try {
                            prompt = otelMessages(Mappers.json().readTree(messages.path("stringValue").asText()));
                        } catch (JacksonException e) {
                            where.add("gen_ai.input.messages", "is not the JSON list of messages the conventions give");
                        }
                    }
                    records.add(record(startMs, input == null ? null : otelInt(input),
                            attributes.containsKey("gen_ai.usage.output_tokens")
                                    ? otelInt(attributes.get("gen_ai.usage.output_tokens")) : null, prompt, null));
                }
            }
        }
    }

    /** An OTLP JSON attribute value as a number: {@code intValue} is a string (64-bit), a double may come too. */
    private static Integer otelInt(JsonNode value) {
        var number = value.has("intValue") ? value.get("intValue") : value.get("doubleValue");
        return number == null ? null : (int) Double.parseDouble(number.asText());
    }

    /** The conventions' messages: a role and parts, the text parts' {@code content} joined. */
    private static Recorded otelMessages(JsonNode list) {
        var pairs = new ArrayList<String[]>();
        for (var message : list) {
            var text = new StringBuilder();
            message.path("parts").forEach(part -> {
                if (part.path("type").asText().equals("text")) {
                    text.append(part.path("content").asText());
                }
            });
            pairs.add(new String[]{message.path("role").asText(), text.toString()});
        }
        return Recorded.of(pairs);
    }

    private static void litellm(JsonNode node, Where where, List<TraceRecord> records) {
        var start = node.get("startTime");
        if (start == null || !start.isNumber()) {
            where.add("startTime", "is required: seconds since the epoch, as LiteLLM logs it");
            return;
        }
        records.add(record(start.asDouble() * 1000, count(node, "prompt_tokens", where),
                count(node, "completion_tokens", where), messages(node.get("messages"), "messages", where), null));
    }

    private static void langfuse(JsonNode node, Where where, List<TraceRecord> records) {
        if (node.has("type") && !node.get("type").asText().equalsIgnoreCase("GENERATION")) {
            return; // spans and events of the trace, not model calls
        }
        var start = text(node.get("startTime"));
        if (start == null) {
            where.add("startTime", "is required: when the generation started (ISO-8601)");
            return;
        }
        var startMs = isoMillis(start, "startTime", where);
        if (startMs == null) {
            return;
        }
        var usage = node.has("usageDetails") ? node.get("usageDetails") : node.path("usage");
        var input = node.get("input");
        var prompt = messages(input != null && input.isObject() && input.has("messages") ? input.get("messages") : input,
                "input", where);
        records.add(record(startMs, count(usage, "input", where), count(usage, "output", where), prompt, null));
    }

    /** Chat messages as OpenAI's shape writes them: a role and a content that is text or a list of text parts. */
    private static Recorded messages(JsonNode node, String field, Where where) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return Recorded.of(List.<String[]>of(new String[]{"user", node.asText()}));
        }
        if (!node.isArray()) {
            where.add(field, "expected a list of messages with role and content");
            return null;
        }
        var pairs = new ArrayList<String[]>();
        for (var message : node) {
            var content = message.path("content");
            String text;
            if (content.isArray()) {
                var parts = new StringBuilder();
                content.forEach(part -> parts.append(part.path("text").asText("")));
                text = parts.toString();
            } else {
                text = content.asText("");
            }
            pairs.add(new String[]{message.path("role").asText("user"), text});
        }
        return Recorded.of(pairs);
    }

    /** A record of what was read; a prompt with no messages but the system one counts as no prompt. */
    private static TraceRecord record(double startMs, Integer input, Integer output, Recorded prompt, String system) {
        if (prompt == null) {
            return new TraceRecord(startMs, input, output, system, null);
        }
        return new TraceRecord(startMs, input, output, system != null ? system : prompt.system(),
                prompt.messages().isEmpty() ? null : prompt.messages());
    }

    private static Integer count(JsonNode node, String field, Where where) {
        var value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || value.asInt() < 0) {
            where.add(field, value + " is not a whole number of tokens");
            return null;
        }
        return value.asInt();
    }

    private static Double isoMillis(String text, String field, Where where) {
        try {
            return (double) Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            where.add(field, "'" + text + "' is not an ISO-8601 time such as 2026-12-02T10:15:30.250Z");
            return null;
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
