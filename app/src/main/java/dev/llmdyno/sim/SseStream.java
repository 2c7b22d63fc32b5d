package dev.llmdyno.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes server-sent events, each flushed at once. In trace mode each event is preceded by a comment line
 * {@code : sent_ns=N}, N being the simulator's monotonic clock when it sent the event (comparable with
 * {@link System#nanoTime()} in the same process), so client measurements can be checked against it.
 *
 * <p>Events are put together in one buffer that the stream keeps, bytes written straight into it: a simulator
 * with thousands of streams sends a hundred thousand events a second, and garbage per event would come back as
 * collector pauses in the very timings it is meant to get right.
 */
final class SseStream {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final boolean trace;
    private byte[] buffer = new byte[512];
    private int length;
    private long bytesSent;

    SseStream(OutputStream out, boolean trace) {
        this.out = out;
        this.trace = trace;
    }

    /** An event whose data is {@code data}. */
    void event(String name, String data) throws IOException {
        begin(name);
        utf8(data);
        send();
    }

    /**
     * An event whose data is {@code head}, then {@code text[from, to)} as a JSON string, then {@code tail}: a
     * piece of the answer inside a chunk whose surrounding JSON is the same for the whole stream.
     */
    void event(String name, byte[] head, String text, int from, int to, byte[] tail) throws IOException {
        begin(name);
        bytes(head);
        jsonString(text, from, to);
        bytes(tail);
        send();
    }

    /** A line that is not valid JSON, as a faulty server or proxy might send. */
    void malformed() throws IOException {
        event(null, "{\"id\": \"broken\", \"choices\": [{\"delta\": {\"content\": \"unterminated");
    }

    private void begin(String name) {
        length = 0;
        if (trace) {
            utf8(": sent_ns=" + System.nanoTime() + "\n");
        }
        if (name != null) {
            utf8("event: ");
            utf8(name);
            put('\n');
        }
        utf8("data: ");
    }

    private void send() throws IOException {
        put('\n');
        put('\n');
        out.write(buffer, 0, length);
        out.flush();
        bytesSent += length;
    }

    /** Bytes of events sent so far. */
    long bytesSent() {
        return bytesSent;
    }

    /** Text written as it is, in UTF-8. */
    private void utf8(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                bytes(text.substring(i).getBytes(StandardCharsets.UTF_8));
                return;
            }
            put(c);
        }
    }

    /** {@code text[from, to)} quoted and escaped as JSON, in UTF-8. */
    private void jsonString(String text, int from, int to) {
        put('"');
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                put('\\');
                put(c);
            } else if (c < 0x20) {
                put('\\');
                switch (c) {
                    case '\n' -> put('n');
                    case '\r' -> put('r');
                    case '\t' -> put('t');
                    default -> {
                        put('u');
                        put('0');
                        put('0');
                        put(HEX[c >> 4]);
                        put(HEX[c & 0xF]);
                    }
                }
            } else if (c < 0x80) {
                put(c);
            } else if (c < 0x800) {
                put(0xC0 | c >> 6);
                put(0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                int code = Character.toCodePoint(c, text.charAt(++i));
                put(0xF0 | code >> 18);
                put(0x80 | code >> 12 & 0x3F);
                put(0x80 | code >> 6 & 0x3F);
                put(0x80 | code & 0x3F);
            } else {
                int unit = Character.isSurrogate(c) ? '\uFFFD' : c; // a lone surrogate has no UTF-8 form
                put(0xE0 | unit >> 12);
                put(0x80 | unit >> 6 & 0x3F);
                put(0x80 | unit & 0x3F);
            }
        }
        put('"');
    }

    private void bytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void put(int b) {
        ensure(1);
        buffer[length++] = (byte) b;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
