package dev.llmdyno.call;

import okhttp3.Call;

import java.util.concurrent.CompletableFuture;

/** A call in flight: its future result, and a way to cancel it (the result then has a CANCELLED error). */
public final class CallHandle {

    private final CompletableFuture<CallResult> result = new CompletableFuture<>();
    private volatile boolean cancelled;
    private volatile Call current;

    public CompletableFuture<CallResult> result() {
        return result;
    }

    public void cancel() {
        cancelled = true;
        var call = current;
        if (call != null) {
            call.cancel();
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Makes {@code call} the one {@link #cancel()} stops; cancels it at once if cancel came first. */
    void attach(Call call) {
        current = call;
        if (cancelled) {
            call.cancel();
        }
    }

    void complete(CallResult value) {
        result.complete(value);
    }

    /** Ends the future with the failure of the engine itself, so no one waits for a result that will not come. */
    void fail(Throwable failure) {
        result.completeExceptionally(failure);
    }
}
