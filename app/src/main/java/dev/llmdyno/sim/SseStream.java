package dev.llmdyno.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes server-sent events, each flushed at once. In trace mode each event is preceded by a comment line
 * {@code : sent_ns=N}, N being the simulator's monotonic clock when it sent the event (comparable with
 * {@link System#nanoTime()} in the same process), so client measurements can be checked against it.
 */
final class SseStream {

    private final OutputStream out;
    private final boolean trace;

    SseStream(OutputStream out, boolean trace) {
        this.out = out;
        this.trace = trace;
    }

    void event(String name, String data) throws IOException {
        var text = new StringBuilder(data.length() + 48);
        if (trace) {
            text.append(": sent_ns=").append(System.nanoTime()).append('\n');
        }
        if (name != null) {
            text.append("event: ").append(name).append('\n');
        }
        text.append("data: ").append(data).append("\n\n");
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A line that is not valid JSON, as a faulty server or proxy might send. */
    void malformed() throws IOException {
        event(null, "{\"id\": \"broken\", \"choices\": [{\"delta\": {\"content\": \"unterminated");
    }
}
