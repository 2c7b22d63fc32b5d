package dev.llmdyno;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An OpenAI-compatible streaming server whose every event goes out at a known time after the request has fully
 * arrived, so what a client measures can be compared with the truth. The sender sleeps until 0.2 ms before each
 * deadline, then spins (briefly: a longer spin takes a core from the client it measures); since a sleep on a busy
 * virtual machine can still end a millisecond late, the time each event really left is recorded too
 * ({@link #answers()}), and that is the truth. One platform thread per connection.
 */
public final class GroundTruthServer implements AutoCloseable {

    /** One event of the answer: what it carries and when it leaves, in milliseconds after the request arrived. */
    public record Event(double atMs, String deltaJson) {
    }

    /**
     * The answer: the response head goes out at {@code headersAtMs} (with every event due by then), the events at
     * their own times, then usage and the end marker.
     */
    public record Script(double headersAtMs, List<Event> events, int completionTokens) {

        /** First content (and the headers with it) at {@code firstMs}, then a token every {@code gapMs}. */
        public static Script content(double firstMs, int tokens, double gapMs) {
            var events = new ArrayList<Event>();
            for (int i = 0; i < tokens; i++) {
                events.add(new Event(firstMs + i * gapMs, "{\"content\":\"" + (i == 0 ? "Hello" : " world") + "\"}"));
            }
            return new Script(firstMs, events, tokens);
        }

        /** Headers and a role-only chunk at once, reasoning at {@code reasoningMs}, content from {@code contentMs}. */
        public static Script reasoning(double reasoningMs, double contentMs, int contentTokens, double gapMs) {
            var events = new ArrayList<Event>();
            events.add(new Event(0, "{\"role\":\"assistant\"}"));
            events.add(new Event(reasoningMs, "{\"reasoning_content\":\"Let me think.\"}"));
            for (int i = 0; i < contentTokens; i++) {
                events.add(new Event(contentMs + i * gapMs, "{\"content\":\"" + (i == 0 ? "Answer" : " more") + "\"}"));
            }
            return new Script(0, events, 4 + contentTokens);
        }

        public double firstTokenMs() {
            return events.stream().filter(e -> !e.deltaJson().contains("\"role\"")).findFirst().orElseThrow().atMs();
        }

        public double firstContentMs() {
            return events.stream().filter(e -> e.deltaJson().contains("\"content\"")).findFirst().orElseThrow().atMs();
        }
    }

    /** When the first token and the first content of one answer really left, in ms after its request arrived. */
    public record Sent(double firstTokenMs, double firstContentMs) {
    }

    private final ServerSocket socket;
    private final Script script;
    private final java.util.List<Sent> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public GroundTruthServer(Script script) throws IOException {
        this.script = script;
        socket = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofPlatform().daemon().name("ground-truth").start(this::accept);
    }

    /** Every answer sent so far, in the order they finished. */
    public List<Sent> answers() {
        return List.copyOf(answers);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                var connection = socket.accept();
                Thread.ofPlatform().daemon().name("ground-truth-connection").start(() -> serve(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            connection.setTcpNoDelay(true);
            var in = new BufferedInputStream(connection.getInputStream());
            var out = connection.getOutputStream();
            while (true) {
                int length = readHead(in);
                if (length < 0) {
                    return;
                }
                in.readNBytes(length);
                answer(out, System.nanoTime());
            }
        } catch (IOException clientWentAway) {
            // the client closed its connection; nothing to answer
        }
    }

    private void answer(OutputStream out, long arrived) throws IOException {
        var pending = new StringBuilder();
        var events = script.events();
        boolean headSent = false;
        double firstToken = Double.NaN;
        double firstContent = Double.NaN;
        boolean tokenPending = false;
        boolean contentPending = false;
        for (int i = 0; i < events.size(); i++) {
            var delta = events.get(i).deltaJson();
            pending.append(data(chunk(delta)));
            tokenPending |= !delta.contains("\"role\"");
            contentPending |= delta.contains("\"content\"");
            double due = Math.max(events.get(i).atMs(), script.headersAtMs());
            if (i + 1 == events.size() || Math.max(events.get(i + 1).atMs(), script.headersAtMs()) > due) {
                double left = sendAt(out, arrived, due, (headSent ? "" : head()) + chunked(pending));
                headSent = true;
                firstToken = tokenPending && Double.isNaN(firstToken) ? left : firstToken;
                firstContent = contentPending && Double.isNaN(firstContent) ? left : firstContent;
            }
        }
        pending.append(data("{\"id\":\"gt\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
                + "\"finish_reason\":\"stop\"}]}"));
        pending.append(data("{\"id\":\"gt\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{"
                + "\"prompt_tokens\":8,\"completion_tokens\":" + script.completionTokens() + "}}"));
        pending.append(data("[DONE]"));
        // Recorded before the last bytes go: a client may act on the answer as soon as it ends.
        answers.add(new Sent(firstToken, firstContent));
        out.write((chunked(pending) + "0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends at the planned time; returns when it really went, in ms after arrival. */
    private static double sendAt(OutputStream out, long arrived, double atMs, String text) throws IOException {
        long deadline = arrived + (long) (atMs * 1_000_000);
        long early = deadline - System.nanoTime() - TimeUnit.MICROSECONDS.toNanos(200);
        if (early > 0) {
            LockSupport.parkNanos(early);
        }
        while (System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        long left = System.nanoTime();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return (left - arrived) / 1e6;
    }

    private static String head() {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
    }

    /** The pending text as one HTTP chunk, emptying it. */
    private static String chunked(StringBuilder pending) {
        if (pending.isEmpty()) {
            return "";
        }
        int bytes = pending.toString().getBytes(StandardCharsets.UTF_8).length;
        var text = Integer.toHexString(bytes) + "\r\n" + pending + "\r\n";
        pending.setLength(0);
        return text;
    }

    private static String chunk(String delta) {
        return "{\"id\":\"gt\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"finish_reason\":null}]}";
    }

    private static String data(String json) {
        return "data: " + json + "\n\n";
    }

    /** Reads a request head; returns its Content-Length, or -1 when the connection ended. */
    private static int readHead(InputStream in) throws IOException {
        var head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                for (var line : head.toString().split("\r\n")) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        return Integer.parseInt(line.substring(15).strip());
                    }
                }
                return 0;
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        acceptor.interrupt();
    }
}
