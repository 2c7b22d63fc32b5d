package dev.llmdyno.ui.playground;

import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.catalog.Cost;
import dev.llmdyno.profile.Template;
import dev.llmdyno.tokens.IncrementalCounter;
import dev.llmdyno.tokens.PromptTokens;
import dev.llmdyno.tokens.Tokenizer;
import dev.llmdyno.tokens.Tokenizers;
import dev.llmdyno.ui.UiThread;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts the prompt's tokens off the UI thread as it is typed. Only the newest text is ever counted: a burst of
 * keystrokes costs one count, and a 100k-token prompt re-counts only the pieces an edit touched.
 */
final class PromptCounter {

    /**
     * What to count: the system prompt, the messages (by row, as typed), the variables to fill them with, the
     * model, and max_tokens for the worst case.
     */
    record Request(String system, List<Map.Entry<MessageRow, String>> messages, List<String> roles,
                   Map<String, String> variables, String model, int maxTokens) {
    }

    /** The counts and what they cost. */
    record Counts(int total, int system, List<Integer> messages, String label, boolean approximate, Integer contextWindow,
                  Cost.Estimate cost) {
    }

    private final Catalog catalog;
    private final Executor background;
    private final UiThread ui;
    private final AtomicReference<Request> newest = new AtomicReference<>();
    private final Map<Object, IncrementalCounter> counters = new IdentityHashMap<>();
    private final Object systemKey = new Object();
    private Tokenizer tokenizer;

    PromptCounter(Catalog catalog, Executor background, UiThread ui) {
        this.catalog = catalog;
        this.background = background;
        this.ui = ui;
    }

    /** Asks for a count; {@code done} runs on the UI thread with the newest result. */
    void count(Request request, java.util.function.Consumer<Counts> done) {
        if (newest.getAndSet(request) == null) {
            background.execute(() -> {
                var latest = newest.getAndSet(null);
                if (latest != null) {
                    var counts = compute(latest);
                    ui.post(() -> done.accept(counts));
                }
            });
        }
    }

    private synchronized Counts compute(Request request) {
        var model = catalog.find(request.model());
        var wanted = Tokenizers.forModelOrFallback(catalog, request.model());
        if (wanted != tokenizer) {
            tokenizer = wanted;
            counters.clear();
        }
        var systemText = filled(request.system(), request.variables());
        int system = systemText.isEmpty() ? 0 : PromptTokens.PER_MESSAGE_OVERHEAD
                + tokenizer.count("system") + counter(systemKey).count(systemText);
        int total = system + PromptTokens.REPLY_PRIMING;
        var perMessage = new ArrayList<Integer>();
        var live = new IdentityHashMap<Object, IncrementalCounter>();
        live.put(systemKey, counter(systemKey));
        for (int i = 0; i < request.messages().size(); i++) {
            var entry = request.messages().get(i);
            int tokens = PromptTokens.PER_MESSAGE_OVERHEAD + tokenizer.count(request.roles().get(i))
                    + counter(entry.getKey()).count(filled(entry.getValue(), request.variables()));
            live.put(entry.getKey(), counter(entry.getKey()));
            perMessage.add(tokens);
            total += tokens;
        }
        counters.keySet().retainAll(live.keySet());
        var info = model.orElse(null);
        return new Counts(total, system, perMessage, tokenizer.label(), tokenizer.approximate(),
                info == null ? null : info.contextWindow(), Cost.estimate(info, total, request.maxTokens()));
    }

    /** The text as sent: variables with a value filled in, the others left as typed. */
    private static String filled(String text, Map<String, String> variables) {
        if (text == null) {
            return "";
        }
        if (variables.isEmpty() || !text.contains("{{")) {
            return text;
        }
        var values = new java.util.HashMap<>(variables);
        Template.variables(text).forEach(name -> values.putIfAbsent(name, "{{" + name + "}}"));
        return Template.render(text, values);
    }

    private IncrementalCounter counter(Object key) {
        return counters.computeIfAbsent(key, k -> new IncrementalCounter(tokenizer));
    }
}
