package dev.llmdyno.profile;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads hand-written files (profiles, plans, simulator configs) so that every problem is found in one pass and
 * named by its path: the text must be UTF-8, a key may appear once per object, a value of the wrong type or out of
 * range or null is reported with its field and the reading goes on to find the next one; only broken syntax stops
 * it.
 */
public final class StrictReader {

    private StrictReader() {
    }

    /** The file's text; bytes that are not UTF-8 are an error naming their line and column. */
    public static String readUtf8(Path file) throws IOException, InvalidInputException {
        var bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file.toString(), List.of(notUtf8(bytes)));
        }
    }

    /** Each problem found is taken out of the tree and the reading tried again, this many times at most. */
    private static final int MOST_PROBLEMS = 50;

    /**
     * What a lenient reading found: the value with every wrong part left at its default (null when even that could
     * not be built), and the problems with those parts.
     */
    public record Reading<T>(T value, List<Problem> problems) {
    }

    /** Reads a whole file (YAML or JSON by its name) as a {@code type}: an empty file is a problem, not a null. */
    public static <T> T readFile(Path file, Class<T> type) throws IOException, InvalidInputException {
        var text = readUtf8(file);
        if (text.isBlank()) {
            throw new InvalidInputException(file.toString(), List.of(Problem.at("", "the file is empty")));
        }
        return read(text, Mappers.Format.of(file), type, file.toString());
    }

    /**
     * Reads {@code text} as a {@code type}; every problem found is in the exception. A wrong value is reported,
     * taken out, and the rest read again, so one pass names them all; the first is placed by line and column.
     */
    public static <T> T read(String text, Mappers.Format format, Class<T> type, String source)
            throws InvalidInputException {
        var reading = readLeniently(text, format, type, source);
        if (!reading.problems().isEmpty()) {
            throw new InvalidInputException(source, reading.problems());
        }
        return reading.value();
    }

    /**
     * As {@link #read}, but returns what could be read with the problems beside it, so that a caller can check the
     * rest too (a profile's rules) and report everything at once. Broken syntax and duplicate keys still throw.
     */
    public static <T> Reading<T> readLeniently(String text, Mappers.Format format, Class<T> type, String source)
            throws InvalidInputException {
        var mapper = Mappers.forFormat(format);
        JsonNode tree;
        try {
            tree = mapper.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION).readTree(text);
        } catch (JacksonException e) {
            throw new InvalidInputException(source, List.of(duplicate(e).orElseGet(() -> ReadErrors.toProblem(e, text))));
        }
        if (tree == null || tree.isNull() || tree.isMissingNode()) {
            throw new InvalidInputException(source, List.of(Problem.at("", "the file holds no value")));
        }
        var problems = new ArrayList<Problem>();
        try {
            return new Reading<>(mapper.readerFor(type).readValue(text), List.of());
        } catch (JacksonException e) {
            var path = pathOf(e, tree);
            problems.add(problem(e, text, path));
            if (!remove(tree, path)) {
                return new Reading<>(null, problems);
            }
        }
        for (int attempt = 1; attempt < MOST_PROBLEMS; attempt++) {
            try {
                return new Reading<>(mapper.treeToValue(tree, type), problems);
            } catch (JacksonException e) {
                var path = pathOf(e, tree);
                var next = problem(e, text, path);
                problems.add(new Problem(next.path(), next.message(), 0, 0));
                if (!remove(tree, path)) {
                    break;
                }
            }
        }
        return new Reading<>(null, problems);
    }

    /** A key given twice in one object, named by its path. */
    private static java.util.Optional<Problem> duplicate(JacksonException e) {
        var message = e.getOriginalMessage();
        if (message == null || !message.startsWith("Duplicate field '") || !(e.getProcessor() instanceof JsonParser parser)) {
            return java.util.Optional.empty();
        }
        var location = e.getLocation();
        return java.util.Optional.of(new Problem(path(parser.getParsingContext()), "is given twice; keep one",
                location == null ? 0 : location.getLineNr(), location == null ? 0 : location.getColumnNr()));
    }

    /** The problem {@code e} describes, at {@code parts} (from {@link #pathOf}). */
    private static Problem problem(JacksonException e, String text, List<String> parts) {
        var coercion = e instanceof InputCoercionException c ? c
                : e.getCause() instanceof InputCoercionException c ? c : null;
        var path = String.join("", parts).replaceFirst("^\\.", "");
        if (coercion != null) {
            return outOfRange(coercion, path);
        }
        if (e instanceof ValueInstantiationException && e.getCause() instanceof NullPointerException) {
            var location = e.getLocation();
            return new Problem(path, "null is not allowed here; leave the field out for its default",
                    location == null ? 0 : location.getLineNr(), location == null ? 0 : location.getColumnNr());
        }
        return ReadErrors.toProblem(e, text);
    }

    /** The path of the value at fault: from the exception, or for a null inside a record the first null in it. */
    private static List<String> pathOf(JacksonException e, JsonNode tree) {
        var parts = new ArrayList<String>();
        if (e instanceof JsonMappingException mapping) {
            for (var reference : mapping.getPath()) {
                parts.add(reference.getIndex() >= 0 ? "[" + reference.getIndex() + "]" : "." + reference.getFieldName());
            }
        } else if (e.getProcessor() instanceof JsonParser parser) {
            parts.addAll(List.of(path(parser.getParsingContext()).split("(?=[.\\[])")));
        }
        parts.removeIf(String::isEmpty);
        if (!parts.isEmpty() && !parts.getFirst().startsWith(".") && !parts.getFirst().startsWith("[")) {
            parts.set(0, "." + parts.getFirst());
        }
        if (e instanceof ValueInstantiationException && e.getCause() instanceof NullPointerException) {
            var node = find(tree, parts);
            var inner = node == null ? null : firstNull(node, new ArrayList<>());
            if (inner != null) {
                parts.addAll(inner);
            }
        }
        return parts;
    }

    private static List<String> firstNull(JsonNode node, List<String> at) {
        if (node.isNull()) {
            return at;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                var found = firstNull(node.get(i), append(at, "[" + i + "]"));
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (var field : node.properties()) {
                var found = firstNull(field.getValue(), append(at, "." + field.getKey()));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static List<String> append(List<String> list, String part) {
        var copy = new ArrayList<>(list);
        copy.add(part);
        return copy;
    }

    private static JsonNode find(JsonNode tree, List<String> parts) {
        var node = tree;
        for (var part : parts) {
            if (node == null) {
                return null;
            }
            node = part.startsWith("[") ? node.get(Integer.parseInt(part.substring(1, part.length() - 1)))
                    : node.get(part.substring(1));
        }
        return node;
    }

    /** Takes the value at {@code parts} out of the tree; false when there is nothing to take (then stop). */
    private static boolean remove(JsonNode tree, List<String> parts) {
        if (parts.isEmpty()) {
            return false;
        }
        var parent = find(tree, parts.subList(0, parts.size() - 1));
        var last = parts.getLast();
        if (parent instanceof ObjectNode object && last.startsWith(".") && object.has(last.substring(1))) {
            object.remove(last.substring(1));
            return true;
        }
        if (parent instanceof ArrayNode array && last.startsWith("[")) {
            int index = Integer.parseInt(last.substring(1, last.length() - 1));
            if (index < array.size()) {
                array.remove(index);
                return true;
            }
        }
        return false;
    }

    private static Problem outOfRange(InputCoercionException e, String path) {
        var type = e.getTargetType();
        var range = type == Integer.TYPE || type == Integer.class ? " (the most is " + Integer.MAX_VALUE + ")"
                : type == Long.TYPE || type == Long.class ? " (the most is " + Long.MAX_VALUE + ")" : "";
        var original = e.getOriginalMessage();
        var value = original == null ? "the number" : original.replaceFirst("(?s)^Numeric value \\(([^)]*)\\).*$", "$1");
        var location = e.getLocation();
        return new Problem(path, value + " is out of range" + range,
                location == null ? 0 : location.getLineNr(), location == null ? 0 : location.getColumnNr());
    }

    /** {@code params.topP}, {@code prompt.messages[1]}: the field the parser stands on. */
    static String path(JsonStreamContext context) {
        var parts = new ArrayList<String>();
        for (var c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.addFirst("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                parts.addFirst("." + c.getCurrentName());
            }
        }
        var joined = String.join("", parts);
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }

    private static Problem notUtf8(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        var in = ByteBuffer.wrap(bytes);
        var out = java.nio.CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true);
        int bad = in.position();
        int line = 1;
        int column = 1;
        for (int i = 0; i < out.position(); i++) {
            if (out.get(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Problem("", String.format("the file is not UTF-8 text: byte 0x%02X cannot start a character "
                + "(save the file as UTF-8)", bytes[bad] & 0xff), line, column);
    }
}
