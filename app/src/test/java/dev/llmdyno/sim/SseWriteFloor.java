package dev.llmdyno.sim;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The least a server can do for the streaming benchmark, to tell the simulator's cost from the machine's: it
 * accepts {@code streams} connections, and for each writes a prebuilt HTTP response header and then a prebuilt SSE
 * event every {@code intervalMs}, {@code tokens} times, from one thread per processor, each write a single
 * non-blocking socket write of bytes made once. No HTTP parsing, no JSON, no allocation per event. What remains is
 * the operating system's cost of one small TCP write per event and the client's reads.
 */
final class SseWriteFloor implements AutoCloseable {

    private static final byte[] HEADERS = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = ("data: {\"id\":\"chatcmpl-floor\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" token\"},\"finish_reason\":null}]}\n\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocketChannel server;
    private final Histogram lateness = new Histogram(3);

    SseWriteFloor() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0), 4_096);
    }

    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /** Serves {@code streams} connections as they come, then returns how late the events went out (µs). */
    Histogram serve(int streams, int tokens, long intervalMs, long firstMs) throws Exception {
        int lanes = Runtime.getRuntime().availableProcessors();
        var perLane = new ArrayList<List<SocketChannel>>();
        for (int i = 0; i < lanes; i++) {
            perLane.add(new ArrayList<>());
        }
        var starts = new long[streams];
        for (int i = 0; i < streams; i++) {
            var channel = server.accept();
            channel.read(ByteBuffer.allocate(4_096)); // the request; its content does not matter here
            channel.configureBlocking(false);
            channel.write(ByteBuffer.wrap(HEADERS));
            starts[i] = System.nanoTime() + firstMs * 1_000_000;
            perLane.get(i % lanes).add(channel);
        }
        var threads = new ArrayList<Thread>();
        for (int lane = 0; lane < lanes; lane++) {
            int first = lane;
            var channels = perLane.get(lane);
            threads.add(Thread.ofPlatform().start(() -> send(channels, starts, first, lanes, tokens, intervalMs)));
        }
        for (var thread : threads) {
            thread.join();
        }
        synchronized (lateness) {
            return lateness.copy();
        }
    }

    private void send(List<SocketChannel> channels, long[] starts, int first, int stride, int tokens, long intervalMs) {
        var event = ByteBuffer.allocateDirect(EVENT.length).put(EVENT).flip();
        var local = new Histogram(3);
        var sent = new int[channels.size()];
        int finished = 0;
        try {
            while (finished < channels.size()) {
                LockSupport.parkNanos(500_000);
                long now = System.nanoTime();
                for (int i = 0; i < channels.size(); i++) {
                    if (sent[i] == tokens) {
                        continue;
                    }
                    long due = starts[first + i * stride] + sent[i] * intervalMs * 1_000_000;
                    if (due - now > 0) {
                        continue;
                    }
                    channels.get(i).write(event.clear());
                    local.recordValue(Math.max(0, (System.nanoTime() - due) / 1_000));
                    if (++sent[i] == tokens) {
                        channels.get(i).write(ByteBuffer.wrap(DONE));
                        channels.get(i).close();
                        finished++;
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        synchronized (lateness) {
            lateness.add(local);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
