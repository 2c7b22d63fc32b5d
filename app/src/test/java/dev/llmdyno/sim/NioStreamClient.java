package dev.llmdyno.sim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * A lean load client for benchmarks: one thread and a selector open many streaming requests at once and count the
 * content events that arrive, so the simulator, not the client, is what gets measured.
 */
public final class NioStreamClient {

    private static final byte[] MARKER = "\"delta\":{\"content\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    record Result(int completed, long events) {
    }

    /** {@code PORT STREAMS TOKENS}: opens the streams, prints "completed events seconds". */
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int streams = Integer.parseInt(args[1]);
        int tokens = Integer.parseInt(args[2]);
        var body = "{\"model\":\"bench\",\"stream\":true,\"max_tokens\":" + tokens
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}";
        long start = System.nanoTime();
        var result = run(new InetSocketAddress("127.0.0.1", port), body, streams, 300_000);
        System.out.println(result.completed() + " " + result.events() + " " + (System.nanoTime() - start) / 1e9);
    }

    private static final class Stream {
        final ByteBuffer request;
        long events;
        boolean done;
        final byte[] carry = new byte[32];
        int carried;

        Stream(ByteBuffer request) {
            this.request = request;
        }
    }

    static Result run(InetSocketAddress server, String body, int streams, long timeoutMillis) throws IOException {
        var http = ("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8);
        try (var selector = Selector.open()) {
            for (int i = 0; i < streams; i++) {
                var channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                channel.connect(server);
                channel.register(selector, SelectionKey.OP_CONNECT, new Stream(ByteBuffer.wrap(http)));
            }
            var buffer = ByteBuffer.allocateDirect(64 * 1024);
            var bytes = new byte[64 * 1024 + 32];
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
            int open = streams;
            int completed = 0;
            long events = 0;
            while (open > 0 && System.nanoTime() < deadline) {
                selector.select(100);
                for (var key : selector.selectedKeys()) {
                    var channel = (SocketChannel) key.channel();
                    var stream = (Stream) key.attachment();
                    try {
                        if (key.isConnectable() && channel.finishConnect()) {
                            key.interestOps(SelectionKey.OP_WRITE);
                        } else if (key.isWritable()) {
                            channel.write(stream.request);
                            if (!stream.request.hasRemaining()) {
                                key.interestOps(SelectionKey.OP_READ);
                            }
                        } else if (key.isReadable()) {
                            buffer.clear();
                            int read = channel.read(buffer);
                            if (read < 0) {
                                key.cancel();
                                channel.close();
                                open--;
                                events += stream.events;
                                completed += stream.done ? 1 : 0;
                                continue;
                            }
                            buffer.flip();
                            System.arraycopy(stream.carry, 0, bytes, 0, stream.carried);
                            buffer.get(bytes, stream.carried, read);
                            int length = stream.carried + read;
                            stream.events += count(bytes, length, MARKER);
                            stream.done |= count(bytes, length, DONE) > 0;
                            stream.carried = Math.min(MARKER.length - 1, length);
                            System.arraycopy(bytes, length - stream.carried, stream.carry, 0, stream.carried);
                        }
                    } catch (IOException e) {
                        key.cancel();
                        channel.close();
                        open--;
                    }
                }
                selector.selectedKeys().clear();
            }
            return new Result(completed, events);
        }
    }

    /** Occurrences of {@code marker} in the first {@code length} bytes. */
    private static int count(byte[] bytes, int length, byte[] marker) {
        int found = 0;
        outer:
        for (int i = 0; i <= length - marker.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (bytes[i + j] != marker[j]) {
                    continue outer;
                }
            }
            found++;
        }
        return found;
    }
}
