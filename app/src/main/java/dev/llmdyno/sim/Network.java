package dev.llmdyno.sim;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The network between the simulator and its client, added on top of loopback's: {@code rttMs} of round trip before
 * each response begins, {@code jitterMs} of extra delay drawn per response and per streamed event (exponential, that
 * mean; events never overtake each other), and {@code bytesPerSecond} of bandwidth per response. The TCP handshake
 * itself is loopback's: connect and TLS figures do not grow with {@code rttMs}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"rttMs", "jitterMs", "bytesPerSecond"})
public record Network(Double rttMs, Double jitterMs, Long bytesPerSecond) {

    public static final Network LOOPBACK = new Network(null, null, null);

    public Network {
        rttMs = rttMs == null ? 0.0 : rttMs;
        jitterMs = jitterMs == null ? 0.0 : jitterMs;
    }

    boolean isLoopback() {
        return rttMs == 0 && jitterMs == 0 && bytesPerSecond == null;
    }
}
