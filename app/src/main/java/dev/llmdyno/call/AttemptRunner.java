package dev.llmdyno.call;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.timing.NanoClock;
import okhttp3.OkHttpClient;
import okhttp3.Response;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

/** Runs one HTTP attempt of a call and says how it went; it never throws for a failed call. */
final class AttemptRunner {

    /** Response headers worth keeping: request ids, rate-limit state, server timing. */
    private static final String[] KEPT_HEADER_PREFIXES = {"x-request-id", "request-id", "x-ratelimit-",
            "anthropic-ratelimit-", "retry-after", "openai-processing-ms", "server-timing", "openai-model",
            "x-groq-", "cf-ray"};

    record Outcome(Answer answer, Timeline timeline, int status, CallError error, Map<String, String> headers,
                   long endNanos) {
    }

    private final NanoClock clock;

    AttemptRunner(NanoClock clock) {
        this.clock = clock;
    }

    /** Headers that carry a credential: an observer's headers never replace these. */
    private static final java.util.Set<String> CREDENTIAL_HEADERS = java.util.Set.of("authorization", "x-api-key",
            "api-key", "proxy-authorization", "cookie");

    /**
     * Runs one attempt. {@code callBudgetNanos} is what is left of the call's {@code totalMs} (its retries
     * included); the attempt is cut there. {@code extraHeaders} go with the request (a trace context).
     */
    Outcome run(OkHttpClient client, ProviderAdapter adapter, CallSpec spec, String apiKey, Levers levers,
                CallListener listener, CallHandle handle, long callBudgetNanos, Map<String, String> extraHeaders) {
        var timeline = new Timeline(clock);
        var answer = new Answer(clock, listener, levers.connection().maxAnswerBytes());
        var headers = new LinkedHashMap<String, String>();
        var redactor = new Redactor(apiKey);
        var builder = adapter.request(spec, apiKey).tag(Timeline.class, timeline)
                .tag(CredentialGuard.Origin.class, CredentialGuard.Origin.of(spec.baseUrl()));
        var connection = levers.connection();
        if (!connection.keepAlive()) {
            builder.header("Connection", "close");
        }
        if (!connection.compression()) {
            builder.header("Accept-Encoding", "identity");
        }
        extraHeaders.forEach((name, value) -> {
            if (!CREDENTIAL_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                builder.header(name, value);
            }
        });
        var call = client.newCall(builder.build());
        call.timeout().timeout(Math.max(1, callBudgetNanos), TimeUnit.NANOSECONDS);
        handle.attach(call);
        long started = clock.nanoTime();
        int status = 0;
        try (Response response = call.execute()) {
            status = response.code();
            keepHeaders(response, headers, redactor);
            if (response.isRedirect()) {
                return new Outcome(answer, timeline, status, refusedRedirect(response, redactor), headers, clock.nanoTime());
            }
            if (!response.isSuccessful()) {
                var text = redactor.redact(prefix(response, Math.min(64 * 1024, connection.maxAnswerBytes())));
                return new Outcome(answer, timeline, status, CallError.forStatus(status, providerMessage(adapter, text)),
                        headers, clock.nanoTime());
            }
            var contentType = response.header("Content-Type", "");
            if (spec.params().streaming() && contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
                readStream(response, adapter, answer, levers, started);
                if (!answer.terminated) {
                    return new Outcome(answer, timeline, status, CallError.of(CallError.Type.STREAM_CUT,
                            "the stream ended before its end marker; the partial answer is kept"), headers, clock.nanoTime());
                }
            } else {
                // A whole body: asked for, or a server that ignored the request to stream; anything but JSON is
                // no answer at all (a proxy's login page, an HTML error).
                var body = whole(response, connection.maxAnswerBytes());
                answer.nextEvent();
                if (!contentType.toLowerCase(Locale.ROOT).contains("json") && !body.stripLeading().startsWith("{")) {
                    return new Outcome(answer, timeline, status, CallError.of(CallError.Type.MALFORMED,
                            "expected " + (spec.params().streaming() ? "an event stream" : "JSON") + " but got "
                                    + (contentType.isEmpty() ? "no content type" : contentType) + ": "
                                    + abbreviate(redactor.redact(body))), headers, clock.nanoTime());
                }
                var json = json(body);
                if (json.path("error").isObject()) {
                    throw new StreamErrorException(providerError(status, json.path("error")));
                }
                adapter.onBody(json, answer);
            }
            return new Outcome(answer, timeline, status, null, headers, clock.nanoTime());
        } catch (MalformedAnswerException e) {
            return new Outcome(answer, timeline, status, CallError.of(CallError.Type.MALFORMED,
                    redactor.redact(e.getMessage())), headers, clock.nanoTime());
        } catch (StreamErrorException e) {
            var error = e.error();
            return new Outcome(answer, timeline, status, new CallError(error.type(), error.status(),
                    redactor.redact(error.message())), headers, clock.nanoTime());
        } catch (TooLargeException e) {
            return new Outcome(answer, timeline, status, CallError.of(CallError.Type.TOO_LARGE, e.getMessage()
                    + " (levers.connection caps it); what came before is kept"), headers, clock.nanoTime());
        } catch (IOException e) {
            return new Outcome(answer, timeline, status, classify(e, call.isCanceled(), handle, answer, status, started,
                    levers.timeouts(), redactor), headers, clock.nanoTime());
        }
    }

    /**
     * Reads the stream. Until the first token the read may wait what the first-token budget has left, after it
     * what the idle budget has left since the last token; comments and empty events (keep-alive pings) do not
     * move either deadline, so a server that only pings still times out.
     */
    private void readStream(Response response, ProviderAdapter adapter, Answer answer, Levers levers, long started)
            throws IOException {
        var timeouts = levers.timeouts();
        var source = response.body().source();
        long firstTokenDeadline = started + TimeUnit.MILLISECONDS.toNanos(timeouts.firstTokenMs());
        long idleNanos = TimeUnit.MILLISECONDS.toNanos(timeouts.idleMs());
        // After every event or comment: fail if the deadline has passed, else let the next read wait what is left.
        SseReader.Step rearm = () -> {
            long left = (answer.hasTokens() ? answer.lastChunkAt + idleNanos : firstTokenDeadline) - clock.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("no token before the deadline");
            }
            source.timeout().timeout(left, TimeUnit.NANOSECONDS);
        };
        rearm.run();
        SseReader.read(source, levers.connection().maxLineBytes(), new SseReader.Handler() {
            @Override
            public boolean onEvent(String type, String data) throws IOException {
                if (adapter.isTerminator(data)) {
                    answer.terminated = true;
                    return false;
                }
                answer.nextEvent();
                boolean more = adapter.onEvent(type, json(data), answer);
                rearm.run();
                return more;
            }

            @Override
            public void onComment(String comment) throws IOException {
                answer.traceComment(comment);
                rearm.run();
            }
        });
    }

    /** The error a provider described in an {@code error} object, typed by its {@code type} or {@code code}. */
    static CallError providerError(int status, JsonNode error) {
        var type = error.path("type").isTextual() ? error.path("type").asText()
                : error.path("code").isTextual() ? error.path("code").asText() : null;
        var message = error.path("message").isTextual() ? error.path("message").asText() : null;
        return CallError.forProviderType(status >= 400 ? status : 0, type, message);
    }

    private static CallError refusedRedirect(Response response, Redactor redactor) {
        var location = redactor.redact(String.valueOf(response.header("Location", "nowhere")));
        boolean downgrade = response.request().isHttps() && location.startsWith("http:");
        return new CallError(CallError.Type.REDIRECT, response.code(), "HTTP " + response.code() + " to " + abbreviate(location)
                + (downgrade ? ": a redirect from https to http is refused (the request and its key would travel in "
                + "cleartext)" : ": not followed"));
    }

    /** Up to {@code max} bytes of the body, for an error message. */
    private static String prefix(Response response, long max) throws IOException {
        var body = response.body().source();
        body.request(max);
        var buffer = body.getBuffer();
        return buffer.snapshot((int) Math.min(buffer.size(), max)).utf8();
    }

    /** The whole body, refused past {@code max} bytes before it is held whole. */
    private static String whole(Response response, long max) throws IOException {
        var body = response.body().source();
        if (body.request(max + 1)) {
            throw new TooLargeException("the answer is over " + max + " bytes");
        }
        return body.readUtf8();
    }

    static JsonNode json(String text) {
        try {
            var node = Mappers.json().readTree(text);
            if (node == null || !node.isObject()) {
                throw new MalformedAnswerException("expected a JSON object but got: " + abbreviate(text));
            }
            return node;
        } catch (JacksonException e) {
            throw new MalformedAnswerException("a chunk is not valid JSON: " + abbreviate(text));
        }
    }

    private static String providerMessage(ProviderAdapter adapter, String body) {
        try {
            var node = Mappers.json().readTree(body);
            var message = node == null ? null : adapter.errorMessage(node);
            return message != null ? message : abbreviate(body);
        } catch (JacksonException e) {
            return abbreviate(body);
        }
    }

    private CallError classify(IOException e, boolean canceled, CallHandle handle, Answer answer, int status,
                               long started, Levers.Timeouts timeouts, Redactor redactor) {
        if (handle.isCancelled()) {
            return CallError.of(CallError.Type.CANCELLED, "cancelled");
        }
        var detail = redactor.redact(describe(e));
        var message = detail.toLowerCase(Locale.ROOT);
        double elapsedMs = NanoClock.toMillis(clock.nanoTime() - started);
        if (canceled || (e instanceof InterruptedIOException && message.contains("timeout") && !(e instanceof SocketTimeoutException))
                || elapsedMs >= timeouts.totalMs()) {
            return CallError.of(CallError.Type.TIMEOUT_TOTAL, "no complete answer within " + timeouts.totalMs()
                    + " ms (levers.timeouts.totalMs, retries included)");
        }
        if (e instanceof SocketTimeoutException) {
            if (status == 0 && message.contains("connect")) {
                return CallError.of(CallError.Type.TIMEOUT_CONNECT, "could not connect within " + timeouts.connectMs() + " ms");
            }
            return answer.hasTokens()
                    ? CallError.of(CallError.Type.TIMEOUT_IDLE, "no token for " + timeouts.idleMs() + " ms; the partial answer is kept")
                    : CallError.of(CallError.Type.TIMEOUT_FIRST_TOKEN, "no token within " + timeouts.firstTokenMs() + " ms");
        }
        if (e instanceof UnknownHostException) {
            return CallError.of(CallError.Type.DNS, "unknown host " + detail);
        }
        if (e instanceof SSLException) {
            return CallError.of(CallError.Type.TLS, "TLS handshake failed: " + detail
                    + " (to trust another certificate authority, see docs/calls.md)");
        }
        if (e instanceof ProtocolException) {
            return CallError.of(CallError.Type.MALFORMED, "the reply is not HTTP as expected: " + abbreviate(detail));
        }
        if (status == 0) {
            return CallError.of(CallError.Type.CONNECT, e instanceof ConnectException ? "connection refused" : detail);
        }
        return CallError.of(CallError.Type.STREAM_CUT, "the connection broke mid-answer (" + detail
                + "); the partial answer is kept");
    }

    /** An exception in words: its message, or its kind when it has none (never "null"). */
    private static String describe(Throwable e) {
        var message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static void keepHeaders(Response response, Map<String, String> kept, Redactor redactor) {
        for (var name : response.headers().names()) {
            var lower = name.toLowerCase(Locale.ROOT);
            for (var prefix : KEPT_HEADER_PREFIXES) {
                if (lower.startsWith(prefix)) {
                    kept.put(lower, redactor.redact(response.header(name)));
                    break;
                }
            }
        }
    }

    static String abbreviate(String text) {
        var flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
    }
}
