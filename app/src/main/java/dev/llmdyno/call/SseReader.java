package dev.llmdyno.call;

import okio.BufferedSource;
import okio.ByteString;

import java.io.IOException;

/**
 * Reads server-sent events from a response body on the calling thread. Written here rather than taken from
 * okhttp-sse so that each event is timed the moment its blank line arrives and comment lines reach the caller
 * (the simulator's trace mode puts its send time in one). Lines may end in CR, LF or CRLF, as the format allows;
 * a line longer than the cap fails as {@link TooLargeException} before it is held in memory whole.
 */
final class SseReader {

    private static final ByteString LINE_ENDS = ByteString.encodeUtf8("\r\n");

    /** A step between reads that may fail the read (a deadline that has passed). */
    @FunctionalInterface
    interface Step {
        void run() throws IOException;
    }

    interface Handler {
        /** One complete event; {@code type} is null when the server named none. Returns false to stop reading. */
        boolean onEvent(String type, String data) throws IOException;

        default void onComment(String comment) throws IOException {
        }
    }

    private final BufferedSource source;
    private final long maxLineBytes;
    /** A line ended in CR: an LF right after it belongs to the same line end. */
    private boolean skipLf;

    private SseReader(BufferedSource source, long maxLineBytes) {
        this.source = source;
        this.maxLineBytes = maxLineBytes;
    }

    /** Reads until the body ends or the handler stops; returns false when the body ended first. */
    static boolean read(BufferedSource source, long maxLineBytes, Handler handler) throws IOException {
        return new SseReader(source, maxLineBytes).read(handler);
    }

    private boolean read(Handler handler) throws IOException {
        String type = null;
        var data = new StringBuilder();
        boolean hasData = false;
        String line;
        while ((line = nextLine()) != null) {
            if (line.isEmpty()) {
                if (hasData && !handler.onEvent(type, data.toString())) {
                    return true;
                }
                type = null;
                data.setLength(0);
                hasData = false;
            } else if (line.startsWith(":")) {
                handler.onComment(line.substring(1).strip());
            } else {
                int colon = line.indexOf(':');
                var field = colon < 0 ? line : line.substring(0, colon);
                var value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                if (field.equals("data")) {
                    if (hasData) {
                        data.append('\n');
                    }
                    if (data.length() + value.length() > maxLineBytes) {
                        throw new TooLargeException("an event's data is over " + maxLineBytes + " bytes");
                    }
                    data.append(value);
                    hasData = true;
                } else if (field.equals("event")) {
                    type = value;
                }
            }
        }
        return false;
    }

    /** The next line without its end, or null at the end of the body. Never holds more than the cap. */
    private String nextLine() throws IOException {
        var buffer = source.getBuffer();
        if (skipLf) {
            skipLf = false;
            if (source.request(1) && buffer.getByte(0) == '\n') {
                source.skip(1);
            }
        }
        long from = 0;
        long end;
        while ((end = buffer.indexOfElement(LINE_ENDS, from)) < 0) {
            if (buffer.size() > maxLineBytes) {
                throw tooLong();
            }
            from = buffer.size();
            if (!source.request(buffer.size() + 1)) {
                return buffer.size() == 0 ? null : source.readUtf8();
            }
        }
        if (end > maxLineBytes) {
            throw tooLong();
        }
        var line = source.readUtf8(end);
        skipLf = source.readByte() == '\r';
        return line;
    }

    private TooLargeException tooLong() {
        return new TooLargeException("a line of the event stream is over " + maxLineBytes + " bytes");
    }
}
