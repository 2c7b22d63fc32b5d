package dev.llmdyno.tokens;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class IncrementalCounterTest {

    /** Prose, code, numbers, punctuation runs, blank lines, CRLF, non-Latin scripts and emoji. */
    static String mixedText(Random random, int approximateChars) {
        String[] pieces = {
                "The quick brown fox jumps over the lazy dog. ", "Don't stop; it's fine.\n", "\n\n", "\r\n",
                "    return x + y; // sum\n", "}\n", "if (a <= b) {\n", "12345678 9.75% ", "\t", "...\n/",
                "Überprüfung der Größe ", "東京は日本の首都です。", "😀👍 ", "https://example.com/path?q=1\n",
                "  \n", "ALLCAPS words ", "snake_case_name = 42\n", "'s 're 've ", "####\n", "\n1. item\n2. item\n",
        };
        var text = new StringBuilder();
        while (text.length() < approximateChars) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cl100k_base", "o200k_base"})
    void countingByRememberedPiecesEqualsTheEncodingsOwnCount(String encoding) {
        var tokenizer = Tokenizers.forEncoding(encoding);
        var random = new Random(5);
        for (int sample = 0; sample < 40; sample++) {
            var text = mixedText(random, 1 + random.nextInt(3_000));
            assertThat(tokenizer.count(text)).as(text).isEqualTo(tokenizer.countWhole(text));
            assertThat(tokenizer.count(text)).as("again, from memory").isEqualTo(tokenizer.countWhole(text));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cl100k_base", "o200k_base"})
    void equalsAWholeTextCountAfterEveryEdit(String encoding) {
        var tokenizer = Tokenizers.forEncoding(encoding);
        var counter = new IncrementalCounter(tokenizer);
        var random = new Random(11);
        var text = new StringBuilder(mixedText(random, 60_000));
        for (int edit = 0; edit < 60; edit++) {
            int at = random.nextInt(text.length());
            switch (edit % 3) {
                case 0 -> text.insert(at, mixedText(random, 1 + random.nextInt(40)));
                case 1 -> text.delete(at, Math.min(text.length(), at + random.nextInt(200)));
                default -> text.setCharAt(at, "a\n 1.{".charAt(random.nextInt(6)));
            }
            var current = text.toString();
            assertThat(counter.count(current)).as("edit %d", edit).isEqualTo(tokenizer.countWhole(current));
        }
    }
}
