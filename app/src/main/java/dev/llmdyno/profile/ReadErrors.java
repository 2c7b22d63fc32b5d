package dev.llmdyno.profile;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Turns Jackson's exceptions into a {@link Problem} people can act on: path, rule, line and column. */
public final class ReadErrors {

    private ReadErrors() {
    }

    /**
     * As {@link #toProblem(JacksonException)}, with the source text to place an unknown field exactly: Jackson
     * reports it where parsing stopped, which for buffered records can be lines later.
     */
    public static Problem toProblem(JacksonException e, String source) {
        var problem = toProblem(e);
        if (e instanceof UnrecognizedPropertyException unknown && source != null && problem.hasLocation()) {
            var key = java.util.regex.Pattern.compile("(^|[\\s{,\"'])" + java.util.regex.Pattern.quote(
                    unknown.getPropertyName()) + "[\"']?\\s*:");
            var lines = source.split("\n", -1);
            for (int i = Math.min(problem.line(), lines.length) - 1; i >= 0; i--) {
                var matcher = key.matcher(lines[i]);
                if (matcher.find()) {
                    return new Problem(problem.path(), problem.message(), i + 1, matcher.end(1) + 1);
                }
            }
        }
        return problem;
    }

    public static Problem toProblem(JacksonException e) {
        var syntax = e instanceof StreamReadException read ? read
                : e.getCause() instanceof StreamReadException read ? read : null;
        if (syntax != null) {
            var location = syntax.getLocation();
            return new Problem("", "malformed input: " + firstLine(syntax.getOriginalMessage()),
                    location == null ? 1 : Math.max(location.getLineNr(), 1),
                    location == null ? 1 : Math.max(location.getColumnNr(), 1));
        }
        var location = tokenLocation(e);
        int line = location == null ? 0 : location.getLineNr();
        int column = location == null ? 0 : location.getColumnNr();
        var mapping = (JsonMappingException) e;
        return new Problem(path(mapping.getPath()), describe(mapping), line, column);
    }

    /** Where the offending token starts; the exception's own location is often already past it. */
    private static JsonLocation tokenLocation(JacksonException e) {
        if (e.getProcessor() instanceof JsonParser parser && parser.currentTokenLocation() != null
                && parser.currentTokenLocation().getLineNr() > 0) {
            return parser.currentTokenLocation();
        }
        return e.getLocation();
    }

    private static String describe(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            var hint = closest(unknown.getPropertyName(), unknown.getKnownPropertyIds())
                    .map(name -> " (did you mean '" + name + "'?)").orElse("");
            return "unknown field '" + unknown.getPropertyName() + "'" + hint;
        }
        if (e instanceof ValueInstantiationException || e.getCause() instanceof IllegalArgumentException) {
            var cause = e.getCause() != null ? e.getCause() : e;
            return firstLine(cause.getMessage());
        }
        if (e instanceof InvalidFormatException format) {
            return "'" + format.getValue() + "' is not a valid " + typeName(format.getTargetType());
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "expected " + article(typeName(mismatch.getTargetType()));
        }
        return firstLine(e.getOriginalMessage());
    }

    static String path(List<JsonMappingException.Reference> references) {
        var out = new StringBuilder();
        for (var reference : references) {
            if (reference.getIndex() >= 0) {
                out.append('[').append(reference.getIndex()).append(']');
            } else if (reference.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(reference.getFieldName());
            }
        }
        return out.toString();
    }

    private static String typeName(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "whole number";
        }
        if (type == Double.class || type == double.class) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean (true or false)";
        }
        if (type == String.class) {
            return "text";
        }
        if (List.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)) {
            return "list";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "object";
        }
        return type.getSimpleName();
    }

    private static String article(String noun) {
        return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "input";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /** The known name nearest to {@code typed}, if it is near enough to be a typo of it. */
    static java.util.Optional<String> closest(String typed, Collection<Object> known) {
        return known.stream()
                .map(Object::toString)
                .map(name -> java.util.Map.entry(name, distance(typed.toLowerCase(), name.toLowerCase())))
                .filter(entry -> entry.getValue() <= Math.max(2, typed.length() / 3))
                .min(Comparator.comparingInt(java.util.Map.Entry::getValue))
                .map(java.util.Map.Entry::getKey);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        var previous = new int[b.length() + 1];
        var current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            var swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
