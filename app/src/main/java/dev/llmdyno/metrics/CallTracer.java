package dev.llmdyno.metrics;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.llmdyno.call.Attempt;
import dev.llmdyno.call.CallObserver;
import dev.llmdyno.call.CallOptions;
import dev.llmdyno.call.CallResult;
import dev.llmdyno.call.Route;
import dev.llmdyno.profile.Profile;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One OpenTelemetry span per call, {@code chat {model}}, with the GenAI conventions' attributes, the measured times
 * as attributes ({@code llm_dyno.ttft_ms} and the rest, as docs/monitoring.md lists), and an event per attempt.
 * The prompt and the answer go in only when {@code captureContent} is set; a key never does (the profile holds a
 * reference, and the engine refuses a credential header from an observer). The span's context goes with each
 * attempt as W3C {@code traceparent} where the propagator is on, so a provider or gateway that traces can join it.
 *
 * <p>A call's events all come on its own thread (the engine's contract), so the open span is kept per thread.
 */
public final class CallTracer implements CallObserver {

    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    private static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    private static final AttributeKey<Long> MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
    private static final AttributeKey<Double> TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
    private static final AttributeKey<Double> TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");
    private static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    private static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    private static final AttributeKey<List<String>> FINISH_REASONS =
            AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    private static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    private static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    private static final AttributeKey<Long> CACHE_READ_TOKENS =
            AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
    private static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
    private static final AttributeKey<String> VARIANT = AttributeKey.stringKey("llm_dyno.variant");
    private static final AttributeKey<String> TARGET = AttributeKey.stringKey("llm_dyno.target");
    private static final AttributeKey<Boolean> CACHED = AttributeKey.booleanKey("llm_dyno.cached");
    private static final AttributeKey<Double> TTFT = AttributeKey.doubleKey("llm_dyno.ttft_ms");
    private static final AttributeKey<Double> TTFC = AttributeKey.doubleKey("llm_dyno.ttfc_ms");
    private static final AttributeKey<Double> QUEUE = AttributeKey.doubleKey("llm_dyno.queue_ms");
    private static final AttributeKey<Double> E2E = AttributeKey.doubleKey("llm_dyno.e2e_ms");
    private static final AttributeKey<Double> TPOT = AttributeKey.doubleKey("llm_dyno.tpot_ms");
    private static final AttributeKey<Double> COST = AttributeKey.doubleKey("llm_dyno.cost_usd");
    private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("llm_dyno.attempt.number");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<Double> WAITED = AttributeKey.doubleKey("llm_dyno.attempt.waited_ms");
    private static final AttributeKey<Double> DURATION = AttributeKey.doubleKey("llm_dyno.attempt.duration_ms");

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final boolean captureContent;
    private final ThreadLocal<Span> open = new ThreadLocal<>();

    public CallTracer(Tracer tracer, TextMapPropagator propagator, boolean captureContent) {
        this.tracer = tracer;
        this.propagator = propagator;
        this.captureContent = captureContent;
    }

    @Override
    public void callStart(Profile profile, CallOptions options) {
        var params = profile.params();
        var span = tracer.spanBuilder("chat " + profile.model()).setSpanKind(SpanKind.CLIENT)
                .setAttribute(OPERATION, "chat")
                .setAttribute(PROVIDER, CallLabels.provider(profile.endpoint().kind()))
                .setAttribute(REQUEST_MODEL, profile.model())
                .setAttribute(MAX_TOKENS, (long) params.maxTokens())
                .startSpan();
        if (params.temperature() != null) {
            span.setAttribute(TEMPERATURE, params.temperature());
        }
        if (params.topP() != null) {
            span.setAttribute(TOP_P, params.topP());
        }
        if (options.label() != null) {
            span.setAttribute(VARIANT, options.label());
        }
        if (captureContent) {
            span.setAttribute(INPUT_MESSAGES, inputMessages(profile, options));
        }
        open.set(span);
    }

    @Override
    public void attemptStart(Profile profile, int number, Route route) {
        var span = open.get();
        if (span != null && number == 1) {
            try {
                var address = URI.create(route.baseUrl());
                if (address.getHost() != null) {
                    span.setAttribute(SERVER_ADDRESS, address.getHost());
                    span.setAttribute(SERVER_PORT, (long) (address.getPort() != -1 ? address.getPort()
                            : "https".equals(address.getScheme()) ? 443 : 80));
                }
            } catch (IllegalArgumentException e) {
                // an address that is not a URI names no server; the span goes without it
            }
        }
    }

    @Override
    public Map<String, String> attemptHeaders(Profile profile, int number) {
        var span = open.get();
        if (span == null) {
            return Map.of();
        }
        var headers = new LinkedHashMap<String, String>();
        propagator.inject(Context.current().with(span), headers, (carrier, key, value) -> carrier.put(key, value));
        return headers;
    }

    @Override
    public void attemptEnd(Profile profile, Attempt attempt) {
        var span = open.get();
        if (span == null) {
            return;
        }
        var attributes = Attributes.builder().put(ATTEMPT, (long) attempt.number())
                .put(WAITED, attempt.waitedMs()).put(DURATION, attempt.durationMs());
        if (attempt.status() != 0) {
            attributes.put(STATUS, (long) attempt.status());
        }
        if (attempt.error() != null) {
            attributes.put(ERROR_TYPE, attempt.error().type().id());
        }
        span.addEvent("llm_dyno.attempt", attributes.build());
    }

    @Override
    public void callEnd(Profile profile, CallOptions options, CallResult result) {
        var span = open.get();
        open.remove();
        if (span == null) {
            return;
        }
        span.setAttribute(RESPONSE_MODEL, result.model());
        span.setAttribute(CACHED, result.cached());
        var attempts = result.attempts();
        if (!attempts.isEmpty() && attempts.getLast().target() != null) {
            span.setAttribute(TARGET, attempts.getLast().target());
        }
        if (result.finishReason() != null) {
            span.setAttribute(FINISH_REASONS, List.of(result.finishReason()));
        }
        var metrics = result.metrics();
        if (metrics != null) {
            setIfKnown(span, INPUT_TOKENS, metrics.inputTokens());
            setIfKnown(span, OUTPUT_TOKENS, metrics.outputTokens());
            setIfKnown(span, CACHE_READ_TOKENS, metrics.cachedInputTokens());
            setIfKnown(span, TTFT, metrics.ttftMs());
            setIfKnown(span, TTFC, metrics.ttfcMs());
            setIfKnown(span, QUEUE, metrics.queueMs());
            setIfKnown(span, E2E, metrics.e2eMs());
            setIfKnown(span, TPOT, metrics.tpotMs());
            setIfKnown(span, COST, metrics.costUsd());
        }
        if (result.error() != null) {
            span.setAttribute(ERROR_TYPE, result.error().type().id());
            span.setStatus(StatusCode.ERROR, result.error().message());
        } else if (captureContent) {
            span.setAttribute(OUTPUT_MESSAGES, outputMessages(result));
        }
        span.end();
    }

    private static void setIfKnown(Span span, AttributeKey<Long> key, Integer value) {
        if (value != null) {
            span.setAttribute(key, value.longValue());
        }
    }

    private static void setIfKnown(Span span, AttributeKey<Double> key, Double value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
    }

    /** The prompt as sent, in the conventions' message shape: role and text parts. */
    private static String inputMessages(Profile profile, CallOptions options) {
        var prompt = profile.prompt().render(options.variables());
        var messages = JsonNodeFactory.instance.arrayNode();
        if (prompt.system() != null && !prompt.system().isBlank()) {
            message(messages.addObject(), "system", prompt.system());
        }
        prompt.messages().forEach(message -> message(messages.addObject(), message.role().id(), message.content()));
        return messages.toString();
    }

    private static String outputMessages(CallResult result) {
        var messages = JsonNodeFactory.instance.arrayNode();
        var message = messages.addObject();
        message(message, "assistant", result.text());
        if (result.finishReason() != null) {
            message.put("finish_reason", result.finishReason());
        }
        return messages.toString();
    }

    private static void message(com.fasterxml.jackson.databind.node.ObjectNode node, String role, String text) {
        node.put("role", role);
        node.putArray("parts").addObject().put("type", "text").put("content", text);
    }
}
