package dev.llmdyno.sim;

import dev.llmdyno.SimulatorProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that send half a request and stop: they used to hold their connections forever, until some 20,000 of
 * them had used up the simulator's file descriptors and it served no one.
 */
class HalfSentRequestsTest {

    private static final int FLOOD = 300;

    @Test
    void halfSentRequestsAreClosedSoOthersAreServedAgain() throws Exception {
        try (var sim = new SimulatorProcess("models: [{id: m, ttftMs: 5, decodeMsPerToken: 1}]\n",
                "--request-timeout", "1", "--max-connections", "200")) {
            var port = URI.create(sim.baseUrl).getPort();
            var flood = new ArrayList<Socket>();
            try {
                for (int i = 0; i < FLOOD; i++) {
                    var socket = new Socket(InetAddress.getLoopbackAddress(), port);
                    socket.getOutputStream().write("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 90\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    flood.add(socket);
                }
                // Past the cap a new connection is refused until the request timeout frees the held ones.
                await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> Http.post(
                        sim.baseUrl + "/v1/chat/completions",
                        "{\"model\":\"m\",\"max_tokens\":4,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                        .status() == 200);
                assertThat(closedByTheServer(flood)).as("half-sent connections the server closed").isEqualTo(FLOOD);
            } finally {
                for (var socket : flood) {
                    socket.close();
                }
            }
        }
    }

    /** How many of the connections the server has closed: each is read until it ends, waiting at most 10 s. */
    private static int closedByTheServer(List<Socket> sockets) throws IOException {
        int closed = 0;
        for (var socket : sockets) {
            socket.setSoTimeout(10_000);
            try {
                while (socket.getInputStream().read() >= 0) {
                    // whatever the server says before it closes
                }
                closed++;
            } catch (SocketTimeoutException stillOpen) {
                // held open: the flaw this test is about
            } catch (IOException reset) {
                closed++;
            }
        }
        return closed;
    }
}
