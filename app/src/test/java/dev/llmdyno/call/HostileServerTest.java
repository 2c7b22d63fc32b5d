package dev.llmdyno.call;

import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Params;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProviderKind;
import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.timing.NanoClock;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Servers that misbehave, on purpose: every failure comes back typed, bounded and without the key. */
class HostileServerTest {

    private static final String KEY = "sk-hostile-0123456789abcdefghijklmnop";
    private MockWebServer server;
    private CallEngine engine;

    @TempDir
    Path folder;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        engine = engine(TrustedCertificates.system());
    }

    @AfterEach
    void stop() {
        engine.close();
        server.close();
    }

    private static CallEngine engine(TrustedCertificates trust) {
        return new CallEngine(Catalog.builtIn(), SecretResolver.of(Map.of("TEST_KEY", KEY)), NanoClock.SYSTEM,
                SimConfig.defaults(), trust);
    }

    private Profile profile(ProviderKind kind, String baseUrl, Levers levers) {
        var endpoint = new Endpoint("test", kind, baseUrl, "env:TEST_KEY", null, null);
        return Profile.starter().withEndpoint(endpoint).withModel("gpt-4o-mini")
                .withParams(Params.DEFAULTS.withMaxTokens(50)).withLevers(levers);
    }

    private Profile openAi(Levers levers) {
        return profile(ProviderKind.OPENAI, server.url("/v1").toString(), levers);
    }

    private static Levers noRetries() {
        return Levers.DEFAULTS.withRetry(new Levers.Retry(0, null, null, null, null, null));
    }

    private static Levers connection(int maxLineBytes, int maxAnswerBytes) {
        return noRetries().withConnection(new Levers.Connection(null, null, null, maxLineBytes, maxAnswerBytes));
    }

    @Test
    void anEndlessLineFailsAsTooLargeInsteadOfFillingTheMemory() {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
                .body("data: " + "x".repeat(3 << 20)).build());
        var result = engine.call(openAi(connection(64 * 1024, 1 << 20)), CallOptions.DEFAULTS);
        assertThat(result.error().type()).isEqualTo(CallError.Type.TOO_LARGE);
        assertThat(result.error().message()).contains("65536 bytes", "levers.connection");
    }

    @Test
    void anAnswerOverItsCapIsCutTypedWithWhatCameFirstKept() {
        var sse = new Sse().data(Sse.delta("{\"content\":\"Hello\"}"));
        for (int i = 0; i < 40; i++) {
            sse.data(Sse.delta("{\"content\":\"" + "y".repeat(1_000) + "\"}"));
        }
        server.enqueue(sse.data("[DONE]").response().build());
        var result = engine.call(openAi(connection(64 * 1024, 16 * 1024)), CallOptions.DEFAULTS);
        assertThat(result.error().type()).isEqualTo(CallError.Type.TOO_LARGE);
        assertThat(result.text()).startsWith("Hello").hasSizeLessThanOrEqualTo(16 * 1024);
    }

    @Test
    void aHugeChunkUnderTheCapIsCountedAndKept() {
        var word = "z".repeat(200_000);
        server.enqueue(new Sse().data(Sse.delta("{\"content\":\"" + word + "\"}")).data("[DONE]").response().build());
        var result = engine.call(openAi(noRetries()), CallOptions.DEFAULTS);
        assertThat(result.ok()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.text()).isEqualTo(word);
        assertThat(result.metrics().outputTokens()).isPositive();
    }

    @Test
    void keepAliveCommentsDoNotHoldOffTheFirstTokenTimeout() {
        var pings = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            pings.append(": ping\n\n");
        }
        // A ping every 50 ms for 2 s, never a token; the first-token budget is 300 ms.
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(pings.toString())
                .throttleBody(8, 50, TimeUnit.MILLISECONDS).build());
        var levers = noRetries().withTimeouts(new Levers.Timeouts(null, 300, null, null));
        var result = engine.call(openAi(levers), CallOptions.DEFAULTS);
        assertThat(result.error().type()).isEqualTo(CallError.Type.TIMEOUT_FIRST_TOKEN);
        assertThat(result.metrics().e2eMs()).isLessThan(1_500);
    }

    @Test
    void keepAliveCommentsDoNotHoldOffTheIdleTimeoutOnceTokensFlow() {
        var body = new StringBuilder("data: " + Sse.delta("{\"content\":\"Hi\"}") + "\n\n");
        for (int i = 0; i < 40; i++) {
            body.append(": ping\n\n");
        }
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(body.toString())
                .throttleBody(8, 50, TimeUnit.MILLISECONDS).build());
        var levers = noRetries().withTimeouts(new Levers.Timeouts(null, null, 300, null));
        var result = engine.call(openAi(levers), CallOptions.DEFAULTS);
        assertThat(result.error().type()).isEqualTo(CallError.Type.TIMEOUT_IDLE);
        assertThat(result.text()).isEqualTo("Hi");
    }

    @Test
    void totalMsBoundsTheWholeCallWithItsRetries() {
        for (int i = 0; i < 6; i++) {
            server.enqueue(new MockResponse.Builder().code(429).setHeader("retry-after", "1").body("{}").build());
        }
        var levers = Levers.DEFAULTS.withTimeouts(new Levers.Timeouts(null, null, null, 1_500))
                .withRetry(new Levers.Retry(5, null, null, null, null, null));
        var result = engine.call(openAi(levers), CallOptions.DEFAULTS);
        assertThat(result.error().type()).isEqualTo(CallError.Type.TIMEOUT_TOTAL);
        assertThat(result.error().message()).contains("retries included", "rate_limited");
        assertThat(result.attempts()).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void aRedirectToAnotherOriginLosesTheKeyInEveryHeader() throws Exception {
        try (var other = new MockWebServer()) {
            other.start();
            other.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(
                    "{\"content\":[{\"type\":\"text\",\"text\":\"moved\"}],\"stop_reason\":\"end_turn\","
                            + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}").build());
            server.enqueue(new MockResponse.Builder().code(307)
                    .setHeader("Location", other.url("/v1/messages").toString()).build());
            var profile = profile(ProviderKind.ANTHROPIC, server.url("/").toString(), noRetries());
            var result = engine.call(profile.withParams(profile.params().withStream(false)), CallOptions.DEFAULTS);
            assertThat(result.ok()).as(String.valueOf(result.error())).isTrue();
            assertThat(server.takeRequest().getHeaders().get("x-api-key")).isEqualTo(KEY);
            var moved = other.takeRequest();
            assertThat(moved.getHeaders().get("x-api-key")).isNull();
            assertThat(moved.getHeaders().get("Authorization")).isNull();
        }
    }

    @Test
    void aRedirectFromHttpsToHttpIsRefusedAndTheCleartextServerHearsNothing() throws Exception {
        var certificate = new HeldCertificate.Builder().addSubjectAlternativeName("localhost").build();
        var pem = Files.writeString(folder.resolve("ca.pem"), certificate.certificatePem());
        var serverCerts = new HandshakeCertificates.Builder().heldCertificate(certificate).build();
        try (var secure = new MockWebServer(); var trusting = engine(TrustedCertificates.fromFile(pem))) {
            secure.useHttps(serverCerts.sslSocketFactory());
            secure.start(InetAddress.getByName("localhost"), 0);
            secure.enqueue(new MockResponse.Builder().code(302)
                    .setHeader("Location", server.url("/v1/messages").toString()).build());
            var base = "https://localhost:" + secure.getPort();
            var result = trusting.call(profile(ProviderKind.ANTHROPIC, base, noRetries()), CallOptions.DEFAULTS);
            assertThat(result.error().type()).isEqualTo(CallError.Type.REDIRECT);
            assertThat(result.error().message()).contains("https to http is refused");
            assertThat(server.getRequestCount()).isZero();
        }
    }

    @Test
    void anUntrustedCertificateIsATlsErrorNotRetriedAndAnAddedAuthorityIsTrusted() throws Exception {
        var certificate = new HeldCertificate.Builder().addSubjectAlternativeName("localhost").build();
        var serverCerts = new HandshakeCertificates.Builder().heldCertificate(certificate).build();
        try (var secure = new MockWebServer()) {
            secure.useHttps(serverCerts.sslSocketFactory());
            secure.start(InetAddress.getByName("localhost"), 0);
            var base = "https://localhost:" + secure.getPort() + "/v1";
            var untrusted = engine.call(profile(ProviderKind.OPENAI, base, Levers.DEFAULTS), CallOptions.DEFAULTS);
            assertThat(untrusted.error().type()).isEqualTo(CallError.Type.TLS);
            assertThat(untrusted.error().message()).contains("docs/calls.md");
            assertThat(untrusted.attempts()).hasSize(1);

            var pem = Files.writeString(folder.resolve("ca.pem"), certificate.certificatePem());
            secure.enqueue(new Sse().data(Sse.delta("{\"content\":\"trusted\"}")).data("[DONE]").response().build());
            try (var trusting = engine(TrustedCertificates.fromFile(pem))) {
                var result = trusting.call(profile(ProviderKind.OPENAI, base, Levers.DEFAULTS), CallOptions.DEFAULTS);
                assertThat(result.ok()).as(String.valueOf(result.error())).isTrue();
                assertThat(result.text()).isEqualTo("trusted");
            }
        }
    }

    @Test
    void theKeyIsRedactedFromHeadersFromATruncatedBodyAndFromTheAnswer() {
        server.enqueue(new MockResponse.Builder().code(400).setHeader("x-request-id", "req-" + KEY)
                .body("{\"error\":{\"message\":\"" + "x".repeat(290) + KEY + "\"}}").build());
        var failed = engine.call(openAi(noRetries()), CallOptions.DEFAULTS);
        assertThat(failed.error().message()).doesNotContain(KEY.substring(0, 8)).contains(Redactor.MARK.substring(0, 4));
        assertThat(failed.headers().get("x-request-id")).isEqualTo("req-" + Redactor.MARK);

        server.enqueue(new Sse().data(Sse.delta("{\"content\":\"your key is " + KEY + "\"}")).data("[DONE]")
                .response().build());
        var cached = noRetries().withCache(new Levers.Cache(true, null, null, null));
        var answered = engine.call(openAi(cached), CallOptions.DEFAULTS);
        assertThat(answered.text()).isEqualTo("your key is " + Redactor.MARK);
        var again = engine.call(openAi(cached), CallOptions.DEFAULTS);
        assertThat(again.cached()).isTrue();
        assertThat(again.text()).doesNotContain(KEY);
    }

    @Test
    void anAnthropicOverloadedEventIsAServerErrorAndIsRetried() {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(
                "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n")
                .build());
        server.enqueue(new Sse().event("content_block_delta",
                        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"ok\"}}")
                .event("message_stop", "{\"type\":\"message_stop\"}").response().build());
        var levers = Levers.DEFAULTS.withRetry(new Levers.Retry(1, 10, 10, false, null, null));
        var result = engine.call(profile(ProviderKind.ANTHROPIC, server.url("/").toString(), levers), CallOptions.DEFAULTS);
        assertThat(result.ok()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.attempts()).hasSize(2);
        assertThat(result.attempts().getFirst().error().type()).isEqualTo(CallError.Type.SERVER_ERROR);
        assertThat(result.attempts().getFirst().error().message()).contains("overloaded_error", "Overloaded");
    }

    @Test
    void anOpenAiErrorInsideTheStreamKeepsTheProvidersMessage() {
        server.enqueue(new Sse().data("{\"error\":{\"message\":\"The model is overloaded, try later\","
                + "\"type\":\"server_error\"}}").response().build());
        var result = engine.call(openAi(noRetries()), CallOptions.DEFAULTS);
        assertThat(result.error().type()).isEqualTo(CallError.Type.SERVER_ERROR);
        assertThat(result.error().message()).contains("The model is overloaded, try later");
    }

    @Test
    void aPageInsteadOfAStreamSaysWhatCameAndAJsonAnswerIsRead() {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/html")
                .body("<html><title>Proxy login</title></html>").build());
        var page = engine.call(openAi(noRetries()), CallOptions.DEFAULTS);
        assertThat(page.error().type()).isEqualTo(CallError.Type.MALFORMED);
        assertThat(page.error().message()).contains("event stream", "text/html", "Proxy login");

        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(
                "{\"choices\":[{\"message\":{\"content\":\"whole\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}").build());
        var whole = engine.call(openAi(noRetries()), CallOptions.DEFAULTS);
        assertThat(whole.ok()).as(String.valueOf(whole.error())).isTrue();
        assertThat(whole.text()).isEqualTo("whole");
    }

    @Test
    void aBadStatusLineIsMalformedNotAConnectionError() throws Exception {
        try (var raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (var socket = raw.accept()) {
                    socket.getInputStream().read(new byte[4096]);
                    socket.getOutputStream().write("HELLO THERE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the test sees what the client made of it
                }
            });
            var result = engine.call(profile(ProviderKind.OPENAI, "http://127.0.0.1:" + raw.getLocalPort() + "/v1",
                    noRetries()), CallOptions.DEFAULTS);
            assertThat(result.error().type()).isEqualTo(CallError.Type.MALFORMED);
            assertThat(result.error().message()).contains("not HTTP").doesNotContain("null");
        }
    }

    @Test
    void anUnknownHostIsNotRetried() {
        var result = engine.call(profile(ProviderKind.OPENAI, "http://no-such-host.invalid/v1", Levers.DEFAULTS),
                CallOptions.DEFAULTS);
        assertThat(result.error().type()).isEqualTo(CallError.Type.DNS);
        assertThat(result.error().message()).contains("no-such-host.invalid");
        assertThat(result.attempts()).hasSize(1);
    }

    @Test
    void aRetryAfterThatIsNotANumberToWaitForFallsBackToBackoff() {
        for (var value : new String[]{"NaN", "-5"}) {
            server.enqueue(new MockResponse.Builder().code(429).setHeader("retry-after", value).body("{}").build());
        }
        server.enqueue(new Sse().data(Sse.delta("{\"content\":\"ok\"}")).data("[DONE]").response().build());
        var levers = Levers.DEFAULTS.withRetry(new Levers.Retry(2, 40, 1_000, false, true, null));
        var result = engine.call(openAi(levers), CallOptions.DEFAULTS);
        assertThat(result.ok()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.attempts().get(1).waitedMs()).isEqualTo(40);
        assertThat(result.attempts().get(2).waitedMs()).isEqualTo(80);
    }

    @Test
    void carriageReturnLineEndsAreEventBoundariesToo() {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(
                "data: " + Sse.delta("{\"content\":\"one\"}") + "\r\r"
                        + "data: " + Sse.delta("{\"content\":\" two\"}") + "\r\n\r\n"
                        + "data: [DONE]\r\r").build());
        var result = engine.call(openAi(noRetries()), CallOptions.DEFAULTS);
        assertThat(result.ok()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.text()).isEqualTo("one two");
    }
}
