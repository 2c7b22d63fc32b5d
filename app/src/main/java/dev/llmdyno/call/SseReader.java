package dev.llmdyno.call;

import okio.BufferedSource;

import java.io.IOException;

/**
 * Reads server-sent events from a response body on the calling thread. Written here rather than taken from
 * okhttp-sse so that each event is timed the moment its blank line arrives and comment lines reach the caller
 * (the simulator's trace mode puts its send time in one).
 */
final class SseReader {

    interface Handler {
        /** One complete event; {@code type} is null when the server named none. Returns false to stop reading. */
        boolean onEvent(String type, String data) throws IOException;

        default void onComment(String comment) {
        }
    }

    private SseReader() {
    }

    /** Reads until the body ends or the handler stops; returns false when the body ended first. */
    static boolean read(BufferedSource source, Handler handler) throws IOException {
        String type = null;
        var data = new StringBuilder();
        boolean hasData = false;
        String line;
        while ((line = source.readUtf8Line()) != null) {
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
                    data.append(value);
                    hasData = true;
                } else if (field.equals("event")) {
                    type = value;
                }
            }
        }
        return false;
    }
}
