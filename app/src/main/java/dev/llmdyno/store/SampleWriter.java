package dev.llmdyno.store;

import dev.llmdyno.experiment.Sample;

import java.util.ArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Saves an experiment's samples as they arrive without slowing the run: {@link #add} only queues, and a writer
 * thread commits whatever has queued every {@link #FLUSH_MILLIS} ms in one transaction. A process killed mid-run
 * loses at most the samples of the last interval. A write that fails (a full disk) is tried again with the next
 * one, holding at most {@link #MOST_UNSAVED} samples; the first failure is reported at once, while the run goes on.
 */
public final class SampleWriter implements AutoCloseable {

    public static final long FLUSH_MILLIS = 250;
    /** Samples kept for another try when writes fail; the run itself keeps them all for its results. */
    static final int MOST_UNSAVED = 100_000;

    private final Store store;
    private final long experimentId;
    private final LinkedBlockingQueue<Sample> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closing;
    private volatile RuntimeException failure;
    private volatile java.util.function.Consumer<RuntimeException> onFirstFailure = e -> {
    };

    public SampleWriter(Store store, long experimentId) {
        this.store = store;
        this.experimentId = experimentId;
        this.thread = Thread.ofPlatform().daemon().name("sample-writer-" + experimentId).start(this::loop);
    }

    public void add(Sample sample) {
        queue.add(sample);
    }

    /** The last failure to write, if any: the run goes on, and the caller decides how to tell the user. */
    public RuntimeException failure() {
        return failure;
    }

    /** Who hears the first failure to write, on the writer's thread, as it happens. */
    public void onFirstFailure(java.util.function.Consumer<RuntimeException> listener) {
        onFirstFailure = listener;
    }

    private void loop() {
        var batch = new ArrayList<Sample>();
        while (!closing || !queue.isEmpty()) {
            try {
                var first = queue.poll(FLUSH_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    Thread.sleep(FLUSH_MILLIS);
                    queue.drainTo(batch);
                }
            } catch (InterruptedException e) {
                closing = true;
            }
            write(batch);
        }
    }

    private void write(ArrayList<Sample> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            store.addSamples(experimentId, batch);
            batch.clear();
        } catch (StoreException e) {
            if (failure == null) {
                onFirstFailure.accept(e);
            }
            failure = e;
            if (batch.size() > MOST_UNSAVED) {
                batch.subList(0, batch.size() - MOST_UNSAVED).clear();
            }
        }
    }

    /** Writes what is queued and stops. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
