package dev.llmdyno.ui.playground;

import dev.llmdyno.call.Attempt;
import dev.llmdyno.call.CallEngine;
import dev.llmdyno.call.CallHandle;
import dev.llmdyno.call.CallListener;
import dev.llmdyno.call.CallOptions;
import dev.llmdyno.call.CallResult;
import dev.llmdyno.call.PromptCacheState;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.telemetry.MachineReading;
import dev.llmdyno.ui.UiThread;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.store.Store;
import dev.llmdyno.store.StoreException;
import dev.llmdyno.tokens.Tokenizer;
import dev.llmdyno.tokens.Tokenizers;

import java.time.LocalDateTime;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Runs the playground's profile: streams the answer into properties (coalesced through the {@link UiThread}),
 * then records the result, with the machine's state, in the session history.
 */
public final class RunController {

    private final CallEngine engine;
    private final UiThread ui;
    private final Supplier<MachineReading> machine;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper answer = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper reasoning = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Ready");
    private final ReadOnlyObjectWrapper<CallResult> result = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<RunRecord> lastRun = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper live = new ReadOnlyStringWrapper("");
    private final ObservableList<RunRecord> history = FXCollections.observableArrayList();
    private final Catalog catalog;
    private CallHandle current;
    private StreamBuffer stream;
    /** How many runs of earlier sessions the history shows. */
    static final int REMEMBERED = 500;
    private Store store;
    private java.util.concurrent.Executor background;

    public RunController(CallEngine engine, Catalog catalog, UiThread ui, Supplier<MachineReading> machine) {
        this.engine = engine;
        this.catalog = catalog;
        this.ui = ui;
        this.machine = machine;
    }

    /**
     * The run's figures while it streams ("1.4 s · 85 tokens · 71 tok/s · TTFT 268 ms"), from this side's clock and
     * the tokenizer; empty when no run is going. The measured figures replace them when the call ends.
     */
    public ReadOnlyStringProperty liveProperty() {
        return live.getReadOnlyProperty();
    }

    /** Brings {@link #liveProperty()} up to date; the view calls it on a timer so that the elapsed time moves. */
    public void refreshLive() {
        if (running.get() && stream != null) {
            live.set(stream.figures(System.nanoTime()));
        }
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty answerProperty() {
        return answer.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty reasoningProperty() {
        return reasoning.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<CallResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** This session's latest finished run, with the profile it ran; set before {@link #resultProperty()} changes. */
    public ReadOnlyObjectProperty<RunRecord> lastRunProperty() {
        return lastRun.getReadOnlyProperty();
    }

    public ObservableList<RunRecord> history() {
        return history;
    }

    /** Starts a run of {@code profile}; does nothing while one is running. */
    public void run(Profile profile) {
        if (running.get()) {
            return;
        }
        running.set(true);
        answer.set("");
        reasoning.set("");
        result.set(null);
        lastRun.set(null);
        var started = LocalDateTime.now();
        if (!PromptCacheState.needsPrimer(profile)) {
            measure(profile, started);
            return;
        }
        // The priming call is a call of its own: it can be stopped, and a failure ends the run with its error.
        status.set("Priming the prompt cache of " + profile.model() + "...");
        current = engine.start(profile, PromptCacheState.primerOptions(CallOptions.DEFAULTS));
        current.result().thenAccept(primer -> {
            var reading = primer.ok() ? null : machine.get();
            ui.post(() -> {
                if (primer.ok()) {
                    measure(profile, started);
                } else {
                    finish(profile, started, primer, reading, "Priming the prompt cache failed: ");
                }
            });
        });
    }

    private void measure(Profile profile, LocalDateTime started) {
        status.set("Running " + profile.model() + "...");
        var buffer = new StreamBuffer(Tokenizers.forModelOrFallback(catalog, profile.model()));
        stream = buffer;
        live.set(buffer.figures(buffer.startNanos));
        current = engine.start(profile, PromptCacheState.measuredOptions(profile, CallOptions.DEFAULTS.withListener(buffer)));
        current.result().thenAccept(done -> {
            var reading = machine.get();
            ui.post(() -> {
                buffer.flush();
                finish(profile, started, done, reading, "Failed: ");
            });
        });
    }

    private void finish(Profile profile, LocalDateTime started, CallResult done, MachineReading reading,
                        String failure) {
        running.set(false);
        live.set("");
        var record = new RunRecord(started, profile, done, reading);
        lastRun.set(record);
        result.set(done);
        status.set(done.ok() ? "Done" + stopped(done) : failure + done.error());
        history.addFirst(record);
        keep(record);
    }

    /**
     * Keeps runs in {@code store} from now on, and shows the last {@value #REMEMBERED} runs of earlier sessions after
     * this one's. Reading and writing happen on {@code background}; a failure is shown in the status, never lost
     * silently, and the run stays in this session's list.
     */
    public void keepIn(Store store, java.util.concurrent.Executor background) {
        this.store = store;
        this.background = background;
        background.execute(() -> {
            try {
                var earlier = store.runs(REMEMBERED).stream().map(RunRecord::of).toList();
                ui.post(() -> history.addAll(earlier));
            } catch (StoreException e) {
                ui.post(() -> status.set("History not read: " + e.getMessage()));
            }
        });
    }

    private void keep(RunRecord record) {
        if (store == null) {
            return;
        }
        background.execute(() -> {
            try {
                store.addRun(record.toStored());
            } catch (StoreException e) {
                ui.post(() -> status.set("Run not saved to the history: " + e.getMessage()));
            }
        });
    }

    /** Why the answer ended, where that is news: the token limit, a stop sequence, a content filter. */
    static String stopped(CallResult done) {
        var reason = done.finishReason();
        if (reason == null) {
            return "";
        }
        return switch (reason) {
            case "length", "max_tokens" -> " · stopped at max_tokens: the answer is cut off";
            case "stop", "end_turn" -> " · the model finished";
            case "stop_sequence" -> " · stopped at a stop sequence";
            case "content_filter", "refusal" -> " · stopped by the provider's content filter";
            case "tool_calls", "tool_use" -> " · the model called a tool";
            default -> " · finish reason: " + reason;
        };
    }

    /** After an edit the last run's outcome is history: the status goes back to ready (the result stays shown). */
    public void edited() {
        if (!running.get() && !"Ready".equals(status.get())) {
            status.set("Ready");
        }
    }

    public void cancel() {
        if (current != null) {
            current.cancel();
        }
    }

    /**
     * Collects deltas from the call's thread and hands them to the UI in batches, at most one every
     * {@link #MIN_UPDATE_NANOS}: faster than anyone reads, and cheap for the FX thread at hundreds of tokens a second.
     */
    private final class StreamBuffer implements CallListener {
        private static final long MIN_UPDATE_NANOS = 50_000_000;
        private final long startNanos = System.nanoTime();
        /** When the first token of either kind arrived; read by the FX thread, written once by the call's. */
        private volatile long firstTokenNanos;
        private long lastFlush;
        private final StringBuilder pendingAnswer = new StringBuilder();
        private final StringBuilder pendingReasoning = new StringBuilder();
        private boolean posted;
        /** Tokens shown so far, counted on the FX thread piece by piece so the call's thread does no extra work. */
        private final Tokenizer tokenizer;
        private int tokens;

        StreamBuffer(Tokenizer tokenizer) {
            this.tokenizer = tokenizer;
        }

        @Override
        public void onContent(String text) {
            markFirstToken();
            append(pendingAnswer, text);
        }

        @Override
        public void onReasoning(String text) {
            markFirstToken();
            append(pendingReasoning, text);
        }

        private void markFirstToken() {
            if (firstTokenNanos == 0) {
                firstTokenNanos = System.nanoTime();
            }
        }

        String figures(long now) {
            var text = new StringBuilder(String.format(Locale.ROOT, "%.1f s", (now - startNanos) / 1e9));
            long first = firstTokenNanos;
            if (first == 0) {
                return text.append(" · waiting for the first token").toString();
            }
            text.append(String.format(Locale.ROOT, " · %,d tokens", tokens));
            double generating = (now - first) / 1e9;
            if (tokens > 1 && generating > 0) {
                text.append(String.format(Locale.ROOT, " · %.0f tok/s", (tokens - 1) / generating));
            }
            return text.append(String.format(Locale.ROOT, " · TTFT %.0f ms", (first - startNanos) / 1e6)).toString();
        }

        @Override
        public void onRetry(Attempt failed, double waitMs) {
            ui.post(() -> status.set(String.format("Attempt %d failed (%s); retrying in %.0f ms", failed.number(),
                    failed.error().type().id(), waitMs)));
        }

        private void append(StringBuilder target, String text) {
            boolean schedule;
            synchronized (this) {
                target.append(text);
                schedule = !posted && System.nanoTime() - lastFlush >= MIN_UPDATE_NANOS;
                posted |= schedule;
            }
            if (schedule) {
                ui.post(this::flush);
            }
        }

        synchronized void flush() {
            posted = false;
            lastFlush = System.nanoTime();
            if (!pendingAnswer.isEmpty()) {
                tokens += tokenizer.count(pendingAnswer.toString());
                answer.set(answer.get() + pendingAnswer);
                pendingAnswer.setLength(0);
            }
            if (!pendingReasoning.isEmpty()) {
                tokens += tokenizer.count(pendingReasoning.toString());
                reasoning.set(reasoning.get() + pendingReasoning);
                pendingReasoning.setLength(0);
            }
            if (running.get()) {
                live.set(figures(System.nanoTime()));
            }
        }
    }
}
