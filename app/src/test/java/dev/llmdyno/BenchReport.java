package dev.llmdyno;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Prints a benchmark's figures and keeps them in {@code app/target/benchmarks/NAME.txt}. */
public final class BenchReport {

    private final Path file;
    private final StringBuilder text = new StringBuilder();

    public BenchReport(String name) {
        this.file = Path.of("target", "benchmarks", name + ".txt");
        line("# " + name + " on " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + Runtime.version() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }

    public void line(String line) {
        System.out.println(line);
        text.append(line).append('\n');
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The q-quantile (0..1) of samples, nearest rank. */
    public static double quantile(double[] samples, double q) {
        var sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
