package dev.llmdyno.ui;

/**
 * The one door onto the UI thread. Engine code calls back from its own threads; view models hand their updates to
 * this door, which runs them on the FX thread in batches (tests use {@link #DIRECT}, which runs them at once).
 */
public interface UiThread {

    UiThread DIRECT = Runnable::run;

    /** Runs {@code update} on the UI thread, soon, in order with other posted updates. */
    void post(Runnable update);
}
