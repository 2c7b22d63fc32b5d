package dev.llmdyno.call;

import okhttp3.tls.HandshakeCertificates;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A loopback server that answers the warm-up calls with fixed OpenAI and Anthropic answers, streamed (chunked, like
 * real servers) or whole. It only has to be correct for the engine's own requests: keep-alive, a thread per
 * connection, {@code Content-Length} bodies.
 */
final class WarmUpServer implements AutoCloseable {

    private static final String OPENAI_STREAM = event(null, chunk("{\"role\":\"assistant\"}"))
            + event(null, chunk("{\"reasoning_content\":\"Thinking.\"}"))
            + event(null, chunk("{\"content\":\"Warm\"}"))
            + event(null, chunk("{\"content\":\" and ready.\"}"))
            + ": keep-alive\n\n"
            + event(null, "{\"id\":\"w\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
            + "\"finish_reason\":\"stop\"}]}")
            + event(null, "{\"id\":\"w\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{"
            + "\"prompt_tokens\":9,\"completion_tokens\":4,\"prompt_tokens_details\":{\"cached_tokens\":0},"
            + "\"completion_tokens_details\":{\"reasoning_tokens\":1}}}")
            + event(null, "[DONE]");
    private static final String OPENAI_BODY = "{\"id\":\"w\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"Warm and ready.\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4}}";
    private static final String ANTHROPIC_STREAM = event("message_start", "{\"type\":\"message_start\",\"message\":{"
            + "\"id\":\"w\",\"role\":\"assistant\",\"content\":[],\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}")
            + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{"
            + "\"type\":\"thinking\",\"thinking\":\"\"}}")
            + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{"
            + "\"type\":\"thinking_delta\",\"thinking\":\"Thinking.\"}}")
            + event("ping", "{\"type\":\"ping\"}")
            + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{"
            + "\"type\":\"text_delta\",\"text\":\"Warm and ready.\"}}")
            + event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
            + "\"usage\":{\"output_tokens\":4}}")
            + event("message_stop", "{\"type\":\"message_stop\"}");
    private static final String ANTHROPIC_BODY = "{\"id\":\"w\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"Warm and ready.\"}],\"stop_reason\":\"end_turn\","
            + "\"usage\":{\"input_tokens\":9,\"output_tokens\":4}}";

    private final ServerSocket socket;
    private final Thread acceptor;

    private final String scheme;

    /** Plain HTTP, or TLS with the given server certificates. */
    WarmUpServer(HandshakeCertificates tls) throws IOException {
        var loopback = InetAddress.getLoopbackAddress();
        socket = tls == null ? new ServerSocket(0, 8, loopback)
                : tls.sslContext().getServerSocketFactory().createServerSocket(0, 8, loopback);
        scheme = tls == null ? "http" : "https";
        acceptor = Thread.ofPlatform().daemon().name("warm-up-server").start(this::serve);
    }

    /** Where Anthropic calls go, by name (so a name is looked up, as for a real host); OpenAI-style calls add /v1. */
    String origin() {
        return scheme + "://localhost:" + socket.getLocalPort();
    }

    /** The same server by address, as local servers are usually given. */
    String originByAddress() {
        return scheme + "://127.0.0.1:" + socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try {
                var connection = socket.accept();
                Thread.ofPlatform().daemon().name("warm-up-connection").start(() -> serve(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void serve(Socket connection) {
        try (connection) {
            connection.setTcpNoDelay(true);
            var in = new BufferedInputStream(connection.getInputStream());
            // Whole writes: a head and a body in small pieces would wait out the client's delayed ACK.
            var out = new BufferedOutputStream(connection.getOutputStream(), 16 * 1024);
            while (answer(in, out)) {
                out.flush();
            }
        } catch (IOException closedOrBroken) {
            // a broken warm-up connection only means less warming
        }
    }

    /** Answers one request; false when the connection ended. */
    private static boolean answer(InputStream in, OutputStream out) throws IOException {
        var head = readHead(in);
        if (head == null) {
            return false;
        }
        int length = 0;
        for (var line : head.split("\r\n")) {
            var lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).strip());
            }
        }
        var body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        boolean anthropic = head.startsWith("POST /v1/messages");
        boolean stream = body.contains("\"stream\":true");
        if (stream) {
            // Head and events a moment apart, so the client waits for data as it does on a real server: the
            // blocking read that parks and wakes is a path of its own.
            pause();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
                    + "x-request-id: warm-up\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            pause();
            var events = (anthropic ? ANTHROPIC_STREAM : OPENAI_STREAM).getBytes(StandardCharsets.UTF_8);
            out.write((Integer.toHexString(events.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(events);
            out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            var json = (anthropic ? ANTHROPIC_BODY : OPENAI_BODY).getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + json.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(json);
        }
        return true;
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String readHead(InputStream in) throws IOException {
        var head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                return head.toString();
            }
        }
        return null;
    }

    private static String chunk(String delta) {
        return "{\"id\":\"w\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"finish_reason\":null}]}";
    }

    private static String event(String type, String data) {
        return (type == null ? "" : "event: " + type + "\n") + "data: " + data + "\n\n";
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a listening socket on loopback does not fail in a way worth reporting
        }
        acceptor.interrupt();
    }
}
