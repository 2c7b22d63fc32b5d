package dev.llmdyno;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A scrape in Prometheus's text format, read into samples: name, labels, value. */
public record PrometheusText(List<Sample> samples) {

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    public static PrometheusText parse(String text) {
        var samples = new ArrayList<Sample>();
        for (var line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            var match = LINE.matcher(line);
            if (!match.matches()) {
                throw new AssertionError("not a sample line: " + line);
            }
            var labels = new LinkedHashMap<String, String>();
            if (match.group(3) != null) {
                var label = LABEL.matcher(match.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(match.group(1), labels, Double.parseDouble(match.group(4))));
        }
        return new PrometheusText(samples);
    }

    /** The sum of every sample named {@code name} whose labels include {@code with} (name, value pairs). */
    public double sum(String name, String... with) {
        return samples.stream().filter(sample -> sample.name().equals(name) && has(sample, with))
                .mapToDouble(Sample::value).sum();
    }

    public boolean has(String name) {
        return samples.stream().anyMatch(sample -> sample.name().equals(name));
    }

    private static boolean has(Sample sample, String[] with) {
        for (int i = 0; i < with.length; i += 2) {
            if (!with[i + 1].equals(sample.labels().get(with[i]))) {
                return false;
            }
        }
        return true;
    }
}
