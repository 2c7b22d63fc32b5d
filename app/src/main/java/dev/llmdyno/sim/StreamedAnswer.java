package dev.llmdyno.sim;

import org.HdrHistogram.Recorder;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;

/**
 * One streamed answer on its schedule. The {@link Pacer} calls {@link #sendDue} whenever the next piece has fallen
 * due; it sends that piece (after whatever a fault puts before it), works out when the following one is due (its
 * schedule, the {@link Link}'s jitter, and no sooner than the bytes just sent take at its bandwidth), and after the
 * last piece ends the stream. The request's own thread meanwhile waits in {@link #await}.
 */
final class StreamedAnswer {

    private final Plan plan;
    private final AnswerWriter writer;
    private final SimulatedModel model;
    private final Recorder lateness;
    private final Link link;
    private final LongSupplier bytesSent;
    private final ServerMetrics.Request timings;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private int next;
    private long scheduled;
    private long deadline;

    /**
     * The first piece is due when the prefill that began at {@code start} is over; {@code bytesSent} counts what
     * has gone out on the stream so far; {@code timings} hears when each piece went and when the answer ended.
     */
    StreamedAnswer(Plan plan, AnswerWriter writer, SimulatedModel model, Recorder lateness, long start, Link link,
                   LongSupplier bytesSent, ServerMetrics.Request timings) {
        this.plan = plan;
        this.writer = writer;
        this.model = model;
        this.lateness = lateness;
        this.link = link;
        this.bytesSent = bytesSent;
        this.timings = timings;
        this.scheduled = start + plan.prefillNanos() + plan.stallNanosBefore(0);
        this.deadline = scheduled + link.jitterNanos();
    }

    /** When the next piece is due, on the {@link System#nanoTime()} clock. */
    long deadline() {
        return deadline;
    }

    /** Sends the piece that is due; false once the answer has ended, well or not. */
    boolean sendDue() {
        try {
            long sentBefore = bytesSent.getAsLong();
            if (next < plan.chunkCount()) {
                sendPiece(next);
                long now = System.nanoTime();
                timings.sent(now, plan.tokensIn(next++));
                lateness.recordValue(Math.max(0, (now - deadline) / 1_000));
            }
            if (next < plan.chunkCount()) {
                long sent = System.nanoTime();
                scheduled += (long) (plan.chunkNanos()[next] * model.loadMultiplier()) + plan.stallNanosBefore(next);
                deadline = Math.max(scheduled + link.jitterNanos(), sent + link.transmitNanos(bytesSent.getAsLong() - sentBefore));
                return true;
            }
            if (plan.hasFault(FaultSpec.Type.STREAM_CUT)) {
                throw new StreamCut(); // a cut after the last piece: the answer never ends properly
            }
            writer.end(plan);
            timings.finished(System.nanoTime(), plan);
            finished.complete(null);
        } catch (IOException | RuntimeException e) {
            finished.completeExceptionally(e);
        }
        return false;
    }

    /** Ends the answer unsent: the simulator is stopping. */
    void abandon() {
        finished.completeExceptionally(new IOException("the simulator stopped"));
    }

    /** Waits until the answer has ended; rethrows why it could not be sent (a {@link StreamCut} among them). */
    void await() throws IOException, InterruptedException {
        try {
            finished.get();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException runtime -> throw runtime;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    private void sendPiece(int index) throws IOException {
        if (plan.hasFault(FaultSpec.Type.STREAM_CUT) && index == plan.fault().afterChunks()) {
            throw new StreamCut();
        }
        if (plan.hasFault(FaultSpec.Type.MALFORMED_CHUNK) && index == plan.fault().afterChunks()) {
            writer.malformed();
        }
        int reasoning = plan.reasoning().size();
        if (index < reasoning) {
            writer.reasoning(plan.reasoning(), index);
        } else {
            writer.content(plan.content(), index - reasoning);
        }
    }

    /** Thrown to drop a connection mid-answer, as the stream-cut fault asks. */
    static final class StreamCut extends RuntimeException {
        StreamCut() {
            super("stream cut by fault injection", null, false, false);
        }
    }
}
