package dev.llmdyno.sim;

import dev.llmdyno.tokens.PromptTokens;
import dev.llmdyno.tokens.Tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One model's runtime state: its sequence slots (waiting requests served by priority, then first come, first
 * served), how many sequences decode now, and its prompt cache. Plans answers from the {@link ModelSpec}.
 */
final class SimulatedModel {

    private static final long NANOS_PER_MS = 1_000_000L;

    private final ModelSpec spec;
    private final Tokenizer tokenizer;
    private final TextGenerator generator;
    private final PrioritySlots slots;
    private final AtomicInteger active = new AtomicInteger();
    private final PromptCache cache;

    /** {@code cacheLifetimeNanos}: how long a prompt-cache entry lives after its last use. */
    SimulatedModel(ModelSpec spec, Tokenizer tokenizer, long cacheLifetimeNanos) {
        this.cache = new PromptCache(cacheLifetimeNanos, System::nanoTime);
        this.spec = spec;
        this.tokenizer = tokenizer;
        this.generator = new TextGenerator(tokenizer);
        this.slots = new PrioritySlots(spec.maxConcurrent());
    }

    ModelSpec spec() {
        return spec;
    }

    int promptTokens(SimRequest request) {
        int total = PromptTokens.REPLY_PRIMING;
        if (!request.system().isEmpty()) {
            total += PromptTokens.messageTokens(tokenizer, "system", request.system());
        }
        for (var turn : request.turns()) {
            total += PromptTokens.messageTokens(tokenizer, turn.role(), turn.content());
        }
        return total;
    }

    /**
     * Decides the answer to a request. {@code textSeed} fixes what is said and how long it is (the same prompt
     * and seed give the same answer); {@code timingSeed} fixes how long each part takes.
     */
    Plan plan(SimRequest request, int promptTokens, long textSeed, long timingSeed, FaultSpec fault) {
        var random = new SplittableRandom(timingSeed);
        var text = new SplittableRandom(textSeed);
        var cacheUse = promptCacheUse(request, promptTokens);
        int cached = cacheUse.read();
        double prefillMs = spec.ttftMs()
                + (promptTokens - cached) * spec.prefillMsPer1kTokens() / 1000.0
                + cached * spec.prefillMsPer1kTokens() * spec.cachedPrefillFactor() / 1000.0;
        long prefillNanos = (long) (prefillMs * jitter(random) * NANOS_PER_MS);

        int natural = spec.minOutputTokens() + text.nextInt(spec.maxOutputTokens() - spec.minOutputTokens() + 1);
        int reasoningTokens = Math.min(spec.reasoningTokens(), Math.max(0, request.maxTokens() - 1));
        int contentBudget = request.maxTokens() - reasoningTokens;
        var content = generator.tokens(text.nextLong(), Math.min(natural, contentBudget));
        var finish = natural > contentBudget ? Plan.FinishReason.LENGTH : Plan.FinishReason.STOP;
        String stopSequence = null;
        var stopped = cutAtStop(content, request.stop());
        if (stopped != null) {
            stopSequence = stopped.sequence();
            content = stopped.tokens();
            finish = Plan.FinishReason.STOP;
        }
        var reasoning = reasoningTokens == 0 ? List.<String>of() : generator.tokens(text.nextLong(), reasoningTokens);
        var reasoningChunks = Chunks.of(reasoning, spec.tokensPerChunk());
        var contentChunks = Chunks.of(content, spec.tokensPerChunk());
        var chunkNanos = new long[reasoningChunks.size() + contentChunks.size()];
        int index = 0;
        for (var group : List.of(reasoning, content)) {
            for (int start = 0; start < group.size(); start += spec.tokensPerChunk()) {
                int tokens = Math.min(spec.tokensPerChunk(), group.size() - start);
                double ms = 0;
                for (int t = 0; t < tokens; t++) {
                    ms += spec.decodeMsPerToken() * jitter(random)
                            * (random.nextDouble() < spec.tailProbability() ? spec.tailFactor() : 1);
                }
                chunkNanos[index++] = (long) (ms * NANOS_PER_MS);
            }
        }
        return new Plan(promptTokens, cached, cacheUse.written(), reasoningChunks, contentChunks, reasoning.size(),
                reasoning.size() + content.size(), finish, stopSequence, prefillNanos, chunkNanos, fault);
    }

    /** What the prompt cache gives and takes: read at most the prompt, written at most what was not read. */
    private PromptCache.Use promptCacheUse(SimRequest request, int promptTokens) {
        if (promptTokens < PromptCache.MINIMUM) {
            return PromptCache.Use.NONE;
        }
        var text = request.promptText();
        var marks = request.cacheMarks();
        var use = marks == null
                ? new PromptCache.Use(cache.automatic(request.apiKey(), tokenizer.tokenIds(text)), 0)
                : cache.marked(request.apiKey(), text, marks.breakpoints(), marks.boundaries(), tokenizer::count);
        int read = Math.min(promptTokens, use.read());
        return new PromptCache.Use(read, Math.min(promptTokens - read, use.written()));
    }

    private record Stopped(List<String> tokens, String sequence) {
    }

    /** Cuts the answer before the earliest stop sequence, to whole tokens, as servers do. */
    private static Stopped cutAtStop(List<String> tokens, List<String> stops) {
        if (stops.isEmpty()) {
            return null;
        }
        var text = String.join("", tokens);
        int earliest = Integer.MAX_VALUE;
        String sequence = null;
        for (var stop : stops) {
            int at = stop.isEmpty() ? -1 : text.indexOf(stop);
            if (at >= 0 && at < earliest) {
                earliest = at;
                sequence = stop;
            }
        }
        if (sequence == null) {
            return null;
        }
        var kept = new ArrayList<String>();
        int length = 0;
        for (var token : tokens) {
            if (length + token.length() > earliest) {
                break;
            }
            kept.add(token);
            length += token.length();
        }
        return new Stopped(kept, sequence);
    }

    /** Lognormal with mean 1. */
    private double jitter(SplittableRandom random) {
        double sigma = spec.jitter();
        if (sigma == 0) {
            return 1;
        }
        double gaussian = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
        return Math.exp(sigma * gaussian - sigma * sigma / 2);
    }

    /** Waits for a free sequence slot: the lowest {@code priority} first, then first come, first served. */
    void acquireSlot(int priority) throws InterruptedException {
        slots.acquire(priority);
        active.incrementAndGet();
    }

    void releaseSlot() {
        active.decrementAndGet();
        slots.release();
    }

    /** Requests holding a sequence slot now. */
    int running() {
        return active.get();
    }

    /** Requests waiting for a slot now. */
    int waiting() {
        return slots.waiting();
    }

    /** How much slower each token decodes now: 1 alone, {@code 1 + loadFactor} with a full batch. */
    double loadMultiplier() {
        int running = active.get();
        int capacity = spec.maxConcurrent();
        return capacity <= 1 ? 1 : 1 + spec.loadFactor() * Math.max(0, running - 1) / (capacity - 1);
    }
}
