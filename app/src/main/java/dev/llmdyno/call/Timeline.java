package dev.llmdyno.call;

import dev.llmdyno.timing.NanoClock;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.Protocol;
import okhttp3.Response;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;

/**
 * The phases of one HTTP attempt, from OkHttp's paired start/end events, on the injected clock. A phase that
 * did not happen (DNS and connect on a reused connection) stays at 0; {@link #connectionReused()} says why.
 */
final class Timeline extends EventListener {

    private final NanoClock clock;
    long callStart;
    private long dnsStart;
    private long dnsEnd;
    private long connectStart;
    private long connectEnd;
    private long tlsStart;
    private long tlsEnd;
    long responseHeadersEnd;
    private boolean connected;
    private Protocol protocol;

    Timeline(NanoClock clock) {
        this.clock = clock;
    }

    @Override
    public void callStart(Call call) {
        callStart = clock.nanoTime();
    }

    @Override
    public void dnsStart(Call call, String domainName) {
        dnsStart = clock.nanoTime();
    }

    @Override
    public void dnsEnd(Call call, String domainName, List<InetAddress> addresses) {
        dnsEnd = clock.nanoTime();
    }

    @Override
    public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
        if (connectStart == 0) {
            connectStart = clock.nanoTime();
        }
        connected = true;
    }

    @Override
    public void secureConnectStart(Call call) {
        tlsStart = clock.nanoTime();
    }

    @Override
    public void secureConnectEnd(Call call, Handshake handshake) {
        tlsEnd = clock.nanoTime();
    }

    @Override
    public void connectEnd(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol) {
        connectEnd = clock.nanoTime();
    }

    @Override
    public void connectionAcquired(Call call, Connection connection) {
        protocol = connection.protocol();
    }

    @Override
    public void responseHeadersEnd(Call call, Response response) {
        responseHeadersEnd = clock.nanoTime();
    }

    boolean connectionReused() {
        return !connected;
    }

    double dnsMs() {
        return span(dnsStart, dnsEnd);
    }

    double connectMs() {
        return span(connectStart, connectEnd);
    }

    double tlsMs() {
        return span(tlsStart, tlsEnd);
    }

    Double ttfbMs() {
        return responseHeadersEnd == 0 ? null : NanoClock.toMillis(responseHeadersEnd - callStart);
    }

    String httpVersion() {
        return protocol == null ? null : protocol.toString();
    }

    private static double span(long start, long end) {
        return start == 0 || end == 0 ? 0 : NanoClock.toMillis(end - start);
    }
}
