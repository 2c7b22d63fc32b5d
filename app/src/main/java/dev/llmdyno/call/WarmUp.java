package dev.llmdyno.call;

import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Params;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.Prompt;
import dev.llmdyno.profile.ProviderKind;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the whole call path before the first measured call, so that none of the JVM's class loading and first
 * compilation falls inside a measured interval (docs/metrics.md): a cold {@code dyno call} then reports what a
 * warm engine reports. Calls go to loopback servers of its own, plain and TLS, in both wire formats, streamed and
 * whole, through the engine itself; nothing leaves the machine.
 *
 * <p>Measured on a server that sends the first reasoning token at 120 ms and content at 400 ms: without it a cold
 * process reported TTFT 152–195 ms, TTFC 430–476 ms and a queue of 31–124 ms.
 */
final class WarmUp {

    /**
     * Rounds of the four plain calls: enough for the per-chunk code to be compiled. Measured on a cold process
     * (docs/benchmarks.md, first call): 1 round left TTFT 5.3 ms late at the median, 3 rounds 4–12 ms, 20 rounds
     * 4–6 ms, at about 60 ms more start-up than 3.
     */
    private static final int ROUNDS = 20;

    private WarmUp() {
    }

    /**
     * Plain HTTP in both wire formats, streamed and whole. OpenAI-style calls open a new connection each time, so
     * the connect path is warm too; Anthropic-style ones keep theirs, as most calls after the first do.
     */
    static void plain(CallEngine engine) throws IOException {
        try (var server = new WarmUpServer(null)) {
            for (int round = 0; round < ROUNDS; round++) {
                for (var kind : List.of(ProviderKind.OPENAI_COMPATIBLE, ProviderKind.ANTHROPIC)) {
                    for (boolean stream : new boolean[]{true, false}) {
                        var origin = kind == ProviderKind.ANTHROPIC ? server.origin() : server.originByAddress();
                        engine.measureUnrouted(profile(kind, origin, stream), CallOptions.DEFAULTS, new CallHandle());
                    }
                }
            }
        }
    }

    /**
     * A TLS handshake and a streamed answer over it, on a certificate made for the purpose. Only before the first
     * https call: it costs a cold process about 0.4 s, and most local servers speak plain HTTP.
     */
    static void tls(CallEngine engine) throws IOException {
        var certificate = new HeldCertificate.Builder().addSubjectAlternativeName("localhost").build();
        var server = new HandshakeCertificates.Builder().heldCertificate(certificate).build();
        var client = new HandshakeCertificates.Builder().addTrustedCertificate(certificate.certificate()).build();
        try (var tls = new WarmUpServer(server)) {
            var https = engine.baseClient().newBuilder()
                    .sslSocketFactory(client.sslSocketFactory(), client.trustManager()).build();
            var spec = new CallSpec(Endpoint.LOCAL_SIMULATOR, tls.origin() + "/v1", "warm-up", params(true), prompt(),
                    Levers.PromptCache.AUTOMATIC);
            var adapter = ProviderAdapter.forProtocol(ProviderKind.WireProtocol.OPENAI_CHAT);
            for (int round = 0; round < ROUNDS; round++) {
                new AttemptRunner(engine.clock()).run(https, adapter, spec, "warm-up-key", Levers.DEFAULTS,
                        CallListener.NONE, new CallHandle(), TimeUnit.SECONDS.toNanos(10), java.util.Map.of());
            }
            https.connectionPool().evictAll();
        }
    }

    private static Profile profile(ProviderKind kind, String origin, boolean stream) {
        boolean openAi = kind != ProviderKind.ANTHROPIC;
        var endpoint = new Endpoint("warm-up", kind, openAi ? origin + "/v1" : origin, null, null, null);
        var levers = Levers.DEFAULTS.withConnection(new Levers.Connection(!openAi, null, null));
        return new Profile(null, "warm-up", null, endpoint, "warm-up", params(stream), prompt(), levers);
    }

    private static Params params(boolean stream) {
        return Params.DEFAULTS.withMaxTokens(16).withStream(stream);
    }

    private static Prompt prompt() {
        return Prompt.of("You are warming up.", "Say you are ready.");
    }
}
