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
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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

    Outcome run(OkHttpClient client, ProviderAdapter adapter, CallSpec spec, String apiKey, Levers levers,
                CallListener listener, CallHandle handle) {
        var timeline = new Timeline(clock);
        var answer = new Answer(clock, listener);
        var headers = new LinkedHashMap<String, String>();
        var builder = adapter.request(spec, apiKey).tag(Timeline.class, timeline);
        var connection = levers.connection();
        if (!connection.keepAlive()) {
            builder.header("Connection", "close");
        }
        if (!connection.compression()) {
            builder.header("Accept-Encoding", "identity");
        }
        var call = client.newCall(builder.build());
        handle.attach(call);
        long started = clock.nanoTime();
        int status = 0;
        try (Response response = call.execute()) {
            status = response.code();
            keepHeaders(response, headers);
            if (!response.isSuccessful()) {
                var body = response.body().source();
                body.request(64 * 1024);
                var text = body.getBuffer().snapshot().utf8();
                return new Outcome(answer, timeline, status, CallError.forStatus(status, providerMessage(adapter, text)),
                        headers, clock.nanoTime());
            }
            if (spec.params().streaming()) {
                readStream(response, adapter, answer, levers.timeouts(), started);
                if (!answer.terminated) {
                    return new Outcome(answer, timeline, status, CallError.of(CallError.Type.STREAM_CUT,
                            "the stream ended before its end marker; the partial answer is kept"), headers, clock.nanoTime());
                }
            } else {
                adapter.onBody(json(response.body().string()), answer);
            }
            return new Outcome(answer, timeline, status, null, headers, clock.nanoTime());
        } catch (MalformedAnswerException e) {
            return new Outcome(answer, timeline, status, CallError.of(CallError.Type.MALFORMED, e.getMessage()), headers,
                    clock.nanoTime());
        } catch (IOException e) {
            return new Outcome(answer, timeline, status, classify(e, call.isCanceled(), handle, answer, status, started,
                    levers.timeouts()), headers, clock.nanoTime());
        }
    }

    private void readStream(Response response, ProviderAdapter adapter, Answer answer, Levers.Timeouts timeouts,
                            long started) throws IOException {
        var source = response.body().source();
        // Until the first token the read may wait as long as the first-token budget has left; after it, one idle gap.
        long firstTokenLeft = TimeUnit.MILLISECONDS.toNanos(timeouts.firstTokenMs()) - (clock.nanoTime() - started);
        source.timeout().timeout(Math.max(1, firstTokenLeft), TimeUnit.NANOSECONDS);
        SseReader.read(source, new SseReader.Handler() {
            @Override
            public boolean onEvent(String type, String data) {
                if (adapter.isTerminator(data)) {
                    answer.terminated = true;
                    return false;
                }
                boolean hadTokens = answer.hasTokens();
                answer.nextEvent();
                boolean more = adapter.onEvent(type, json(data), answer);
                if (!hadTokens && answer.hasTokens()) {
                    source.timeout().timeout(timeouts.idleMs(), TimeUnit.MILLISECONDS);
                }
                return more;
            }

            @Override
            public void onComment(String comment) {
                answer.traceComment(comment);
            }
        });
    }

    private static JsonNode json(String text) {
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
                               long started, Levers.Timeouts timeouts) {
        if (handle.isCancelled()) {
            return CallError.of(CallError.Type.CANCELLED, "cancelled");
        }
        var message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        double elapsedMs = NanoClock.toMillis(clock.nanoTime() - started);
        if (canceled || (e instanceof InterruptedIOException && message.contains("timeout") && !(e instanceof SocketTimeoutException))
                || elapsedMs >= timeouts.totalMs()) {
            return CallError.of(CallError.Type.TIMEOUT_TOTAL, "no complete answer within " + timeouts.totalMs() + " ms");
        }
        if (e instanceof SocketTimeoutException) {
            if (status == 0 && message.contains("connect")) {
                return CallError.of(CallError.Type.TIMEOUT_CONNECT, "could not connect within " + timeouts.connectMs() + " ms");
            }
            return answer.hasTokens()
                    ? CallError.of(CallError.Type.TIMEOUT_IDLE, "no chunk for " + timeouts.idleMs() + " ms; the partial answer is kept")
                    : CallError.of(CallError.Type.TIMEOUT_FIRST_TOKEN, "no token within " + timeouts.firstTokenMs() + " ms");
        }
        if (status == 0) {
            var reason = e instanceof UnknownHostException ? "unknown host " + e.getMessage()
                    : e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName() + ": " + e.getMessage();
            return CallError.of(CallError.Type.CONNECT, reason);
        }
        return CallError.of(CallError.Type.STREAM_CUT, "the connection broke mid-answer (" + e.getMessage()
                + "); the partial answer is kept");
    }

    private static void keepHeaders(Response response, Map<String, String> kept) {
        for (var name : response.headers().names()) {
            var lower = name.toLowerCase(Locale.ROOT);
            for (var prefix : KEPT_HEADER_PREFIXES) {
                if (lower.startsWith(prefix)) {
                    kept.put(lower, response.header(name));
                    break;
                }
            }
        }
    }

    private static String abbreviate(String text) {
        var flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
    }
}
