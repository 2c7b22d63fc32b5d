package dev.llmdyno.sim;

import dev.llmdyno.tokens.Tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes the simulator's answers: plausible technical English, the same for the same prompt, model and seed, and
 * exactly as many tokens long (in the model's tokenizer) as the usage report then says.
 *
 * <p>Sentences are put together from phrases whose tokens are worked out once. Phrases meet only where the
 * pre-tokeniser cuts anyway (a space before a word, a word before punctuation, a line break before a word), so the
 * joined tokens are exactly the tokens of the joined text, and answering costs no tokenising per request.
 */
final class TextGenerator {

    private static final String[] SUBJECTS = {"The model", "Latency", "The first token", "Each request", "The queue",
            "Prefill", "Decoding", "The cache", "Throughput", "The server", "A longer prompt", "The batch",
            "Streaming", "The client", "Cost"};
    private static final String[] VERBS = {"depends on", "grows with", "is bounded by", "improves with",
            "trades off against", "is measured from", "hides behind", "scales with", "competes with", "follows"};
    private static final String[] OBJECTS = {"the number of prompt tokens", "the size of the batch",
            "the time spent waiting for a slot", "the decode speed of the hardware", "the length of the answer",
            "network round trips", "the cached prefix", "the rate limit of the key", "memory bandwidth",
            "the chosen temperature", "the tail of the distribution", "concurrent sequences", "the context window"};
    private static final String[] ENDINGS = {".", ".", ".", ", which is why it is worth measuring.",
            ", as the percentiles show.", " in practice.", " under load.", ", most of the time."};
    private static final String PARAGRAPH = "\n\n";

    private final Tokenizer tokenizer;
    private final Map<String, List<String>> phraseTokens = new ConcurrentHashMap<>();

    TextGenerator(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** The answer's tokens as text pieces: exactly {@code tokens} of them (or all, for a very long answer). */
    List<String> tokens(long seed, int tokens) {
        var random = new SplittableRandom(seed);
        var pieces = new ArrayList<String>(tokens + 16);
        int sentence = 0;
        while (pieces.size() < tokens) {
            boolean paragraphEnds = sentence % 4 == 3;
            add(pieces, (sentence == 0 || sentence % 4 == 0 ? "" : " ") + pick(random, SUBJECTS));
            add(pieces, " " + pick(random, VERBS));
            add(pieces, " " + pick(random, OBJECTS));
            add(pieces, pick(random, ENDINGS) + (paragraphEnds ? PARAGRAPH : ""));
            sentence++;
        }
        return new ArrayList<>(pieces.subList(0, tokens));
    }

    private void add(List<String> pieces, String phrase) {
        pieces.addAll(phraseTokens.computeIfAbsent(phrase, tokenizer::tokenTexts));
    }

    private static String pick(SplittableRandom random, String[] words) {
        return words[random.nextInt(words.length)];
    }
}
