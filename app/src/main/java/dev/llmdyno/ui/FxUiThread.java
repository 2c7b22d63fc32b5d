package dev.llmdyno.ui;

import javafx.application.Platform;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Posts updates to the FX thread coalesced: however many arrive between two runs, they cost one
 * {@code Platform.runLater}, drained in order. A stream at hundreds of tokens a second therefore touches the FX
 * thread about once per pulse, not once per token.
 */
public final class FxUiThread implements UiThread {

    private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    @Override
    public void post(Runnable update) {
        pending.add(update);
        if (scheduled.compareAndSet(false, true)) {
            Platform.runLater(this::drain);
        }
    }

    private void drain() {
        scheduled.set(false);
        Runnable update;
        while ((update = pending.poll()) != null) {
            update.run();
        }
    }
}
