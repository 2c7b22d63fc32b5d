package dev.llmdyno.experiment;

import dev.llmdyno.call.CallEngine;
import dev.llmdyno.call.CallObserver;
import dev.llmdyno.call.CallOptions;
import dev.llmdyno.metrics.CallTracer;
import dev.llmdyno.profile.InvalidInputException;
import dev.llmdyno.profile.Mappers;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Replays against a server that keeps every request and when it came: the pace, the prompts and the lengths a trace
 * recorded are what goes out. Each tool's format is read from what the tool itself writes (the OpenTelemetry SDK's
 * OTLP JSON exporter here) or, where the tool cannot run here, from the fields its source defines.
 */
class ReplayTest {

    private RecordingChatServer server;
    private List<RecordingChatServer.Arrival> arrivals;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        server = new RecordingChatServer(body -> RecordingChatServer.text("ok"));
        arrivals = server.arrivals();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Experiment plan(String trace, String replay) throws Exception {
        Files.writeString(dir.resolve("trace.jsonl"), trace);
        var plan = dir.resolve("replay.yaml");
        Files.writeString(plan, """
                base:
                  endpoint: {name: stub, kind: openai, baseUrl: "%s"}
                  model: gpt-4o-mini
                  params: {maxTokens: 300, stream: false}
                  prompt: {system: "unused", messages: [{role: user, content: "unused"}]}
                warmup: 0
                replay: %s
                """.formatted(server.baseUrl(), replay));
        return new Plans(Experiments.CATALOG).read(plan);
    }

    private Outcome run(Experiment experiment) {
        try (var engine = Experiments.engine()) {
            return new ExperimentRun(engine, Experiments.CATALOG, experiment, List.of(), sample -> { }).run();
        }
    }

    @Test
    void callsGoOutAtTheTracesGapsDividedBySpeedAndCutToTheLongestGap() throws Exception {
        // Gaps of 200 ms, 400 ms and an hour; at speed 2, with no gap over 250 ms: 100, 200 and 250 ms.
        server.warmUp();
        arrivals.clear();
        var experiment = plan("""
                {"start": "2026-12-02T10:00:00.000Z", "inputTokens": 50, "outputTokens": 5}
                {"start": "2026-12-02T10:00:00.200Z", "inputTokens": 50, "outputTokens": 5}
                {"start": 1796205600600, "inputTokens": 50, "outputTokens": 5}
                {"start": "2026-12-02T11:00:00.600Z", "inputTokens": 50, "outputTokens": 5}
                """, "{file: trace.jsonl, speed: 2, maxGapMs: 250}");
        var outcome = run(experiment);
        var planned = outcome.samples().stream().sorted(java.util.Comparator.comparingInt(Sample::trial))
                .mapToDouble(Sample::plannedMs).toArray();
        assertThat(planned[1] - planned[0]).isCloseTo(100, within(0.5));
        assertThat(planned[2] - planned[1]).isCloseTo(200, within(0.5));
        assertThat(planned[3] - planned[2]).isCloseTo(250, within(0.5));
        // And on the wire: the server saw them that far apart (within what a loaded machine's scheduling adds).
        assertThat(arrivals).hasSize(4);
        double[] seen = arrivals.stream().mapToDouble(a -> (a.nanos() - arrivals.getFirst().nanos()) / 1e6).toArray();
        assertThat(seen[1]).isCloseTo(100, within(40.0));
        assertThat(seen[2]).isCloseTo(300, within(40.0));
        assertThat(seen[3]).isCloseTo(550, within(40.0));
    }

    @Test
    void aRecordWithoutItsPromptGetsOneOfItsLengthAndItsAnswerLengthAsMaxTokens() throws Exception {
        run(plan("""
                {"start": 0, "inputTokens": 500, "outputTokens": 37}
                {"start": 10, "inputTokens": 12}
                """, "{file: trace.jsonl}"));
        var tokenizer = dev.llmdyno.tokens.Tokenizers.forModelOrFallback(Experiments.CATALOG, "gpt-4o-mini");
        var first = arrivals.getFirst().body();
        assertThat(first.get("max_completion_tokens").asInt()).isEqualTo(37);
        var messages = first.get("messages");
        assertThat(messages).hasSize(1);
        var prompt = new dev.llmdyno.profile.Prompt(null, List.of(new dev.llmdyno.profile.Message(
                dev.llmdyno.profile.Message.Role.USER, messages.get(0).get("content").asText())), java.util.Map.of());
        assertThat(dev.llmdyno.tokens.PromptTokens.count(tokenizer, prompt).total()).isBetween(498, 502);
        // No recorded output length: the profile's own.
        assertThat(arrivals.get(1).body().get("max_completion_tokens").asInt()).isEqualTo(300);
    }

    @Test
    void aRecordedPromptIsSentAsItWasBracesAndAll() throws Exception {
        run(plan("""
                {"start": 0, "messages": [{"role": "system", "content": "Be {{terse}}."}, {"role": "user", "content": "Hi {{name}}"}]}
                """, "{file: trace.jsonl}"));
        var messages = arrivals.getFirst().body().get("messages");
        assertThat(messages.get(0).get("content").asText()).isEqualTo("Be {{terse}}.");
        assertThat(messages.get(1).get("content").asText()).isEqualTo("Hi {{name}}");
    }

    /**
     * What our tracer recorded of three calls, written by the OpenTelemetry SDK's own OTLP JSON encoding (the
     * {@code TraceRequestMarshaler} that its OTLP/HTTP exporter sends as JSON), one export request per line as the
     * Collector's file exporter writes them; read back, the trace has each call's start, tokens and prompt.
     */
    @Test
    void anOtlpJsonExportOfGenAiSpansIsReadAsTheCallsItRecorded() throws Exception {
        var spans = InMemorySpanExporter.create();
        List<io.opentelemetry.sdk.trace.data.SpanData> finished;
        try (var provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()) {
            var tracer = new CallTracer(provider.get("test"), W3CTraceContextPropagator.getInstance(), true);
            try (var engine = CallEngine.builder(Experiments.CATALOG).observer(CallObserver.all(List.of(tracer)))
                    .build()) {
                var base = new Plans(Experiments.CATALOG).read(writePlanForBase()).base();
                for (var question : List.of("What is TTFT?", "And TPOT?", "Why does it grow?")) {
                    engine.call(base.withPrompt(dev.llmdyno.profile.Prompt.of("Be brief.", question)),
                            CallOptions.DEFAULTS);
                    Thread.sleep(30);
                }
            }
            finished = spans.getFinishedSpanItems(); // before the provider's shutdown empties the exporter
        }
        var file = dir.resolve("spans.jsonl");
        try (var out = Files.newOutputStream(file)) {
            for (var span : finished) {
                TraceRequestMarshaler.create(List.of(span)).writeJsonTo(out);
                out.write('\n');
            }
        }
        var problems = new ArrayList<dev.llmdyno.profile.Problem>();
        var trace = TraceFiles.read(file, TraceFiles.Format.AUTO, problems);
        assertThat(problems).isEmpty();
        assertThat(trace).hasSize(3);
        assertThat(trace).extracting(r -> r.messages().getFirst().content())
                .containsExactly("What is TTFT?", "And TPOT?", "Why does it grow?");
        assertThat(trace).allSatisfy(r -> {
            assertThat(r.system()).isEqualTo("Be brief.");
            assertThat(r.inputTokens()).isEqualTo(10); // what the server reported, as the span keeps it
            assertThat(r.outputTokens()).isEqualTo(5);
        });
        assertThat(trace.get(1).startMs() - trace.get(0).startMs()).isGreaterThanOrEqualTo(30);
    }

    private Path writePlanForBase() throws Exception {
        var plan = dir.resolve("base.yaml");
        Files.writeString(plan, """
                base:
                  endpoint: {name: stub, kind: openai, baseUrl: "%s"}
                  model: gpt-4o-mini
                  params: {maxTokens: 5, stream: false}
                  prompt: {messages: [{role: user, content: hi}]}
                """.formatted(server.baseUrl()));
        return plan;
    }

    /**
     * LiteLLM's StandardLoggingPayload, with the fields and types of docs/my-website/docs/proxy/logging_spec.md in
     * BerriAI/litellm: {@code startTime} in epoch seconds, {@code prompt_tokens}, {@code completion_tokens},
     * {@code messages} (content as text or as parts).
     */
    @Test
    void aLiteLlmLogIsReadByItsStandardLoggingFields() throws Exception {
        Files.writeString(dir.resolve("litellm.jsonl"), """
                {"id": "a", "call_type": "acompletion", "status": "success", "model": "gpt-4o-mini", "startTime": 1764669600.25, "endTime": 1764669601.0, "completionStartTime": 1764669600.5, "prompt_tokens": 21, "completion_tokens": 8, "total_tokens": 29, "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": [{"type": "text", "text": "Hello"}]}]}
                {"id": "b", "call_type": "acompletion", "status": "success", "model": "gpt-4o-mini", "startTime": 1764669601.75, "endTime": 1764669602.0, "prompt_tokens": 40, "completion_tokens": 3, "total_tokens": 43, "messages": null}
                """);
        var trace = TraceFiles.read(dir.resolve("litellm.jsonl"), TraceFiles.Format.AUTO, new ArrayList<>());
        assertThat(trace).hasSize(2);
        assertThat(trace.getFirst()).isEqualTo(new TraceRecord(1764669600250.0, 21, 8, "Be brief.",
                List.of(new dev.llmdyno.profile.Message(dev.llmdyno.profile.Message.Role.USER, "Hello"))));
        assertThat(trace.get(1)).isEqualTo(new TraceRecord(1764669601750.0, 40, 3, null, null));
    }

    /**
     * Langfuse's observations as GET /api/public/observations lists them, with the fields of the Observation in
     * fern/apis/server/definition/commons.yml of langfuse/langfuse (commit 62751446): only generations are calls,
     * {@code usageDetails} before the older {@code usage}.
     */
    @Test
    void aLangfuseObservationListIsReadByItsGenerations() throws Exception {
        Files.writeString(dir.resolve("observations.json"), """
                {"data": [
                  {"id": "o1", "traceId": "t", "type": "SPAN", "startTime": "2026-12-02T10:00:00.000Z"},
                  {"id": "o2", "traceId": "t", "type": "GENERATION", "startTime": "2026-12-02T10:00:01.500Z",
                   "completionStartTime": "2026-12-02T10:00:01.900Z", "model": "gpt-4o-mini",
                   "input": [{"role": "user", "content": "Where is my parcel?"}], "usageDetails": {"input": 15, "output": 9, "total": 24}},
                  {"id": "o3", "traceId": "t", "type": "GENERATION", "startTime": "2026-12-02T10:00:00.500Z",
                   "input": "plain text prompt", "usage": {"input": 7, "output": 2, "total": 9, "unit": "TOKENS"}}
                ], "meta": {"page": 1, "limit": 50, "totalItems": 3, "totalPages": 1}}
                """);
        var trace = TraceFiles.read(dir.resolve("observations.json"), TraceFiles.Format.AUTO, new ArrayList<>());
        assertThat(trace).extracting(TraceRecord::inputTokens).containsExactly(7, 15); // in the order they started
        assertThat(trace.get(1).messages().getFirst().content()).isEqualTo("Where is my parcel?");
        assertThat(trace.getFirst().messages().getFirst().content()).isEqualTo("plain text prompt");
    }

    @Test
    void badRecordsAreNamedByFileLineAndField() {
        var problems = new ArrayList<String>();
        assertThatThrownBy(() -> plan("""
                {"start": "yesterday", "inputTokens": 5}
                {"inputTokens": -3, "start": 0}
                {"start": 0}
                """, "{file: trace.jsonl, speed: 0}")).isInstanceOfSatisfying(InvalidInputException.class,
                e -> e.problems().forEach(p -> problems.add(p.toString())));
        assertThat(problems).containsExactlyInAnyOrder(
                "replay.file: trace.jsonl: start: 'yesterday' is not an ISO-8601 time such as 2026-12-02T10:15:30.250Z "
                        + "(line 1, column 1)",
                "replay.file: trace.jsonl: inputTokens: -3 is not a whole number of tokens (line 2, column 1)",
                "replay.file: trace.jsonl: inputTokens: is required where the record has no messages (line 2, column 1)",
                "replay.file: trace.jsonl: inputTokens: is required where the record has no messages (line 3, column 1)",
                "replay.speed: 0.0 is outside (0, 100000]: 1 is the trace's own pace, 10 ten times as fast");
    }
}
