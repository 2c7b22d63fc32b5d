package dev.llmdyno.experiment;

import dev.llmdyno.profile.Levers;
import org.apache.commons.text.similarity.CosineSimilarity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Which past exchanges of a conversation the next call carries, by the profile's context strategy
 * (docs/conversations.md); the token budget, if any, is applied after this by the engine. For {@code summarise}, also
 * when the oldest exchanges are folded into the summary: once {@code 2 × keepTurns} exchanges are held verbatim,
 * the oldest {@code keepTurns} go into it, so one summary serves {@code keepTurns} turns before it is made again.
 */
final class ContextKeeper {

    /** One user turn and the answer it got. */
    record Exchange(String user, String assistant) {
    }

    private static final CosineSimilarity COSINE = new CosineSimilarity();

    /**
     * Words too common to say what a turn is about, left out before comparing: Lucene's English stop words
     * ({@code EnglishAnalyzer.ENGLISH_STOP_WORDS_SET}), with the pronouns a chat is full of.
     */
    private static final java.util.Set<String> STOP_WORDS = java.util.Set.of("a", "an", "and", "are", "as", "at",
            "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not", "of", "on", "or", "such", "that",
            "the", "their", "then", "there", "these", "they", "this", "to", "was", "will", "with",
            "i", "me", "my", "you", "your", "we", "our", "can", "do", "what", "how");

    private ContextKeeper() {
    }

    /**
     * The exchanges a call carries, in the order they happened. {@code summarised} is how many of the first
     * exchanges a summary already stands for (used by {@code summarise} only); {@code current} is the user's new turn.
     */
    static List<Exchange> keep(Levers.Context context, List<Exchange> history, int summarised, String current) {
        int keep = context.keepTurnsOrDefault();
        return switch (context.strategyOrDefault()) {
            case ALL -> history;
            case WINDOW -> history.subList(Math.max(0, history.size() - keep), history.size());
            case SUMMARISE -> history.subList(Math.min(summarised, history.size()), history.size());
            case SELECTIVE -> mostAlike(history, current, keep);
            case SERVER -> List.of(); // the provider holds them: the call names the response it continues
        };
    }

    /**
     * How many of the first exchanges the summary should stand for before the next call: {@code summarised} as it is,
     * or {@code keepTurns} more when {@code 2 × keepTurns} are held verbatim.
     */
    static int summariseUpTo(Levers.Context context, int historySize, int summarised) {
        int keep = context.keepTurnsOrDefault();
        if (context.strategyOrDefault() != Levers.ContextStrategy.SUMMARISE || historySize - summarised < 2 * keep) {
            return summarised;
        }
        return summarised + keep;
    }

    /**
     * The {@code count} past exchanges whose user turns share the most words with {@code current} (cosine over the
     * counts of words other than stop words; a later exchange wins a tie), put back in the order they happened.
     */
    private static List<Exchange> mostAlike(List<Exchange> history, String current, int count) {
        if (history.size() <= count) {
            return history;
        }
        var now = words(current);
        double[] scores = history.stream().mapToDouble(exchange -> similarity(now, words(exchange.user()))).toArray();
        var chosen = IntStream.range(0, history.size()).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> scores[i]).reversed()
                        .thenComparing(Comparator.<Integer>reverseOrder()))
                .limit(count).sorted().toList();
        var kept = new ArrayList<Exchange>(count);
        chosen.forEach(i -> kept.add(history.get(i)));
        return kept;
    }

    private static double similarity(Map<CharSequence, Integer> a, Map<CharSequence, Integer> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        var value = COSINE.cosineSimilarity(a, b);
        return value == null || value.isNaN() ? 0 : value;
    }

    private static Map<CharSequence, Integer> words(String text) {
        var counts = new HashMap<CharSequence, Integer>();
        for (var word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty() && !STOP_WORDS.contains(word)) {
                counts.merge(word, 1, Integer::sum);
            }
        }
        return counts;
    }
}
