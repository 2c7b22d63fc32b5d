package dev.llmdyno.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One scrape in Prometheus's text format, read into its samples: name, labels and value (timestamps and comments
 * left out). The Prometheus Java client writes the format but does not read it, and a scrape of a vLLM server is
 * small: a line-by-line reading is all it takes.
 */
public record Exposition(List<Sample> samples) {

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    /** A name, its labels, a value and perhaps a timestamp. */
    private static final Pattern LINE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+-?\\d+)?");
    private static final Pattern LABEL = Pattern.compile(
            "\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,?");

    public Exposition {
        samples = List.copyOf(samples);
    }

    /**
     * Reads {@code text}.
     *
     * @throws IllegalArgumentException naming the line that is not a sample, a comment or blank
     */
    public static Exposition parse(String text) {
        var samples = new ArrayList<Sample>();
        var lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            var line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            var match = LINE.matcher(line);
            if (!match.matches()) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not a Prometheus sample: "
                        + (line.length() > 80 ? line.substring(0, 80) + "…" : line));
            }
            var labels = new LinkedHashMap<String, String>();
            if (match.group(2) != null) {
                var label = LABEL.matcher(match.group(2));
                while (label.find()) {
                    labels.put(label.group(1), unescape(label.group(2)));
                }
            }
            samples.add(new Sample(match.group(1), labels, value(match.group(3), i + 1)));
        }
        return new Exposition(samples);
    }

    /** The sum of every sample named {@code name} whose labels include {@code with} (name, value pairs). */
    public double sum(String name, String... with) {
        return samples.stream().filter(sample -> sample.name().equals(name) && has(sample, with))
                .mapToDouble(Sample::value).sum();
    }

    public boolean has(String name) {
        return samples.stream().anyMatch(sample -> sample.name().equals(name));
    }

    /** The samples named {@code name}. */
    public List<Sample> named(String name) {
        return samples.stream().filter(sample -> sample.name().equals(name)).toList();
    }

    private static boolean has(Sample sample, String[] with) {
        for (int i = 0; i < with.length; i += 2) {
            if (!with[i + 1].equals(sample.labels().get(with[i]))) {
                return false;
            }
        }
        return true;
    }

    private static double value(String text, int line) {
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + line + ": '" + text + "' is not a number");
                }
            }
        };
    }

    private static String unescape(String value) {
        return value.indexOf('\\') < 0 ? value
                : value.replace("\\\\", "\u0000").replace("\\\"", "\"").replace("\\n", "\n").replace("\u0000", "\\");
    }
}
