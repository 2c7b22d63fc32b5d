package dev.llmdyno.tokens;

import dev.llmdyno.BenchReport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token counting speed: single-thread throughput on a few MB of mixed prose and code, and the time from one edit
 * of a 100k-token prompt to its updated count. Run: {@code ./mvnw -pl app test -Pbench -Dtest=TokenCountingBenchmark}.
 */
@Tag("benchmark")
class TokenCountingBenchmark {

    private static final int CORPUS_BYTES = 4 * 1024 * 1024;

    @Test
    void throughputAndEditLatency() {
        var report = new BenchReport("tokens");
        var corpus = corpus();
        int bytes = corpus.getBytes(StandardCharsets.UTF_8).length;
        report.line(String.format("corpus: %.1f MB of mixed prose and code", bytes / 1e6));
        for (var encoding : new String[]{"cl100k_base", "o200k_base"}) {
            Tokenizers.fresh(encoding).count(corpus); // warm-up: JIT and lazy encoding load
            var cold = new double[6];
            var warm = new double[6];
            int tokens = 0;
            for (int run = 0; run < cold.length; run++) {
                var tokenizer = Tokenizers.fresh(encoding); // nothing remembered: every piece is new to it
                cold[run] = rate(bytes, () -> tokenizer.count(corpus));
                warm[run] = rate(bytes, () -> tokenizer.count(corpus));
                tokens = tokenizer.count(corpus);
                assertThat(tokens).isEqualTo(tokenizer.countWhole(corpus));
            }
            report.line(String.format("%s throughput, first pass: median %.1f MB/s, best %.1f MB/s; second pass over the same text: median %.1f MB/s (%d runs, %d tokens)",
                    encoding, BenchReport.quantile(cold, 0.5), BenchReport.quantile(cold, 1.0),
                    BenchReport.quantile(warm, 0.5), cold.length, tokens));
            var whole = Tokenizers.fresh(encoding);
            report.line(String.format("%s throughput of the encoding alone (jtokkit, no pieces): %.1f MB/s", encoding,
                    rate(bytes, () -> whole.countWhole(corpus))));
        }
        for (var encoding : new String[]{"cl100k_base", "o200k_base"}) {
            editLatency(report, Tokenizers.fresh(encoding), corpus);
        }
    }

    private static double rate(int bytes, Runnable work) {
        long start = System.nanoTime();
        work.run();
        return bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    /** Types 300 single characters and 30 pastes at random places of a 100k-token prompt. */
    private static void editLatency(BenchReport report, Tokenizer tokenizer, String corpus) {
        var text = new StringBuilder(prefixOfTokens(tokenizer, corpus, 100_000));
        var counter = new IncrementalCounter(Tokenizers.fresh(tokenizer.encodingName()));
        counter.count(text.toString());
        var random = new Random(3);
        int edits = 330;
        var millis = new double[edits];
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(text.length());
            if (i % 11 == 10) {
                text.insert(at, corpus, 0, 2_000);
            } else {
                text.insert(at, "ab \n1".charAt(random.nextInt(5)));
            }
            long start = System.nanoTime();
            int count = counter.count(text.toString());
            millis[i] = (System.nanoTime() - start) / 1e6;
            if (i % 50 == 0) {
                assertThat(count).isEqualTo(tokenizer.countWhole(text.toString()));
            }
        }
        int finalCount = counter.count(text.toString());
        assertThat(finalCount).isEqualTo(tokenizer.countWhole(text.toString()));
        report.line(String.format("%s edit of a %d-token prompt: p50 %.2f ms, p95 %.2f ms, max %.2f ms (%d edits, counts equal to whole-text counts)",
                tokenizer.encodingName(), finalCount, BenchReport.quantile(millis, 0.5), BenchReport.quantile(millis, 0.95),
                BenchReport.quantile(millis, 1.0), edits));
    }

    private static String prefixOfTokens(Tokenizer tokenizer, String corpus, int tokens) {
        int chars = tokens * 4;
        while (tokenizer.count(corpus.substring(0, chars)) < tokens) {
            chars += 4_000;
        }
        return corpus.substring(0, chars);
    }

    /** The repository's own Java sources and Markdown docs, plus the system's licence texts, interleaved. */
    static String corpus() {
        var code = new StringBuilder();
        var prose = new StringBuilder();
        try (var files = Stream.concat(Files.walk(Path.of("src")), Stream.concat(Files.walk(Path.of("..", "docs")),
                Files.exists(Path.of("/usr/share/common-licenses")) ? Files.walk(Path.of("/usr/share/common-licenses")) : Stream.empty()))) {
            files.filter(Files::isRegularFile).sorted().forEach(file -> {
                var name = file.toString();
                if (name.endsWith(".java")) {
                    code.append(read(file));
                } else if (name.endsWith(".md") || name.contains("common-licenses")) {
                    prose.append(read(file));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var mixed = new StringBuilder();
        int i = 0;
        while (mixed.length() < CORPUS_BYTES) {
            int codeAt = (i * 7_919) % Math.max(1, code.length() - 8_000);
            int proseAt = (i * 6_007) % Math.max(1, prose.length() - 8_000);
            mixed.append(code, codeAt, Math.min(code.length(), codeAt + 8_000));
            mixed.append(prose, proseAt, Math.min(prose.length(), proseAt + 8_000));
            i++;
        }
        return mixed.toString();
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
