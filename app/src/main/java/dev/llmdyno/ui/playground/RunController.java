package dev.llmdyno.ui.playground;

import dev.llmdyno.call.Attempt;
import dev.llmdyno.call.CallEngine;
import dev.llmdyno.call.CallHandle;
import dev.llmdyno.call.CallListener;
import dev.llmdyno.call.CallOptions;
import dev.llmdyno.call.CallResult;
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

import java.time.LocalTime;
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
    private final ObservableList<RunRecord> history = FXCollections.observableArrayList();
    private CallHandle current;

    public RunController(CallEngine engine, UiThread ui, Supplier<MachineReading> machine) {
        this.engine = engine;
        this.ui = ui;
        this.machine = machine;
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
        status.set("Running " + profile.model() + "...");
        var started = LocalTime.now();
        var stream = new StreamBuffer();
        current = engine.start(profile, CallOptions.DEFAULTS.withListener(stream));
        current.result().thenAccept(done -> {
            var reading = machine.get();
            ui.post(() -> {
                stream.flush();
                running.set(false);
                result.set(done);
                status.set(done.ok() ? "Done" : "Failed: " + done.error());
                history.addFirst(new RunRecord(started, profile, done, reading));
            });
        });
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
        private long lastFlush;
        private final StringBuilder pendingAnswer = new StringBuilder();
        private final StringBuilder pendingReasoning = new StringBuilder();
        private boolean posted;

        @Override
        public void onContent(String text) {
            append(pendingAnswer, text);
        }

        @Override
        public void onReasoning(String text) {
            append(pendingReasoning, text);
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
                answer.set(answer.get() + pendingAnswer);
                pendingAnswer.setLength(0);
            }
            if (!pendingReasoning.isEmpty()) {
                reasoning.set(reasoning.get() + pendingReasoning);
                pendingReasoning.setLength(0);
            }
        }
    }
}
