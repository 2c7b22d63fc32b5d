package dev.llmdyno.sim;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.timing.NanoClock;
import dev.llmdyno.tokens.Tokenizers;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenAI- and Anthropic-compatible LLM server with a latency model, for measuring clients without a provider.
 *
 * <p>It runs on the JDK's HTTP server, which needs no dependency, with one virtual thread per request for reading
 * it, waiting for a slot and sending the headers. The streamed pieces are then sent on schedule by the
 * {@link Pacer}'s few platform threads, while the request's thread waits for the end. (Sending from each request's
 * own thread, and a Netty event loop, were measured too and were later under load; see docs/benchmarks.md.)
 */
public final class Simulator implements AutoCloseable {

    /** The JDK server's own settings (read once, when its classes load); set before the first simulator starts. */
    public static final String REQUEST_TIMEOUT_PROPERTY = "sun.net.httpserver.maxReqTime";
    public static final String MAX_CONNECTIONS_PROPERTY = "jdk.httpserver.maxConnections";

    static {
        // Send each SSE event at once rather than waiting to fill a packet (Nagle's algorithm).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // A client that sends half a request and stops would otherwise hold its connection forever: some 20,000 of
        // them used up the process's file descriptors and the simulator stopped serving. Requests must arrive
        // whole within 30 s (the answer may take as long as it likes), and connections are capped below the
        // usual descriptor limit. A value set on the command line (dyno sim --request-timeout) wins.
        if (System.getProperty(REQUEST_TIMEOUT_PROPERTY) == null) {
            System.setProperty(REQUEST_TIMEOUT_PROPERTY, "30");
        }
        if (System.getProperty(MAX_CONNECTIONS_PROPERTY) == null) {
            System.setProperty(MAX_CONNECTIONS_PROPERTY, "10000");
        }
    }

    private final SimConfig config;
    /** Mixed into the seed of everything timed (latency, faults, the network), not of the answers' text. */
    private final long timingSalt;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, SimulatedModel> models = new LinkedHashMap<>();
    private final KeyLimits limits;
    private final OpenAiProtocol openAi = new OpenAiProtocol();
    private final AnthropicProtocol anthropic = new AnthropicProtocol();
    private final ResponsesProtocol responsesApi = new ResponsesProtocol();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong responses = new AtomicLong();
    private final Recorder lateness = new Recorder(3);
    private final Pacer pacer = new Pacer();
    private final ServerMetrics metrics;

    private Simulator(SimConfig config, InetSocketAddress address, long timingSalt) throws IOException {
        this.config = config;
        this.timingSalt = timingSalt;
        var tokenizer = Tokenizers.forEncoding("o200k_base");
        for (var spec : config.models()) {
            models.put(spec.id(), new SimulatedModel(spec, tokenizer, config.promptCacheSeconds() * 1_000_000_000L));
        }
        this.metrics = new ServerMetrics(models.values());
        this.limits = new KeyLimits(config, NanoClock.SYSTEM);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        keepIdleConnections();
        this.server = HttpServer.create(address, 4_096);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * The JDK's server closes keep-alive connections beyond 200 idle ones, which a load test with hundreds of
     * callers meets between every two requests: the client then finds its pooled connection closed and must
     * reconnect. Read once, when the server classes first load; a value set on the command line wins.
     */
    private static void keepIdleConnections() {
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "16384");
        }
    }

    /** Starts on 127.0.0.1 at a free port. */
    public static Simulator startLocal(SimConfig config) throws IOException {
        return start(config, InetAddress.getLoopbackAddress(), 0);
    }

    public static Simulator start(SimConfig config, InetAddress bind, int port) throws IOException {
        return start(config, bind, port, 0);
    }

    /**
     * A simulator whose timings are drawn apart from others' with the same seed ({@code timingSalt}), while the
     * same prompt still gets the same answer: replicas of one model.
     */
    static Simulator start(SimConfig config, InetAddress bind, int port, long timingSalt) throws IOException {
        var problems = config.validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid simulator config: " + problems);
        }
        return new Simulator(config, new InetSocketAddress(bind, port), timingSalt);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT}; OpenAI clients use this plus {@code /v1}. */
    public String baseUrl() {
        var address = server.getAddress().getAddress();
        var host = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    public SimConfig config() {
        return config;
    }

    public long requestsReceived() {
        return requests.get();
    }

    /** How late events went out against their schedule, in microseconds, since the last call. */
    public Histogram takeScheduleLag() {
        return lateness.getIntervalHistogram();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        pacer.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        var link = config.network().isLoopback() ? Link.LOOPBACK
                : new Link(config.network(), mix(config.seed() ^ timingSalt ^ 0x5DEECE66DL, responses.incrementAndGet()));
        var path = exchange.getRequestURI().getPath();
        WireProtocol protocol = switch (path) {
            case "/v1/chat/completions", "/chat/completions" -> openAi;
            case "/v1/messages" -> anthropic;
            case "/v1/responses", "/responses" -> responsesApi;
            default -> null;
        };
        try {
            pause(link.responseDelayNanos());
            if (path.equals("/v1/models") || path.equals("/models")) {
                listModels(exchange);
            } else if (path.equals("/metrics")) {
                serveMetrics(exchange);
            } else if (protocol == null) {
                throw new SimError(SimError.Kind.NOT_FOUND, "Unknown request URL: " + exchange.getRequestMethod()
                        + " " + path + ". Use /v1/chat/completions, /v1/responses, /v1/messages or /v1/models.", null);
            } else if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                throw new SimError(SimError.Kind.METHOD_NOT_ALLOWED, "Method " + exchange.getRequestMethod()
                        + " is not allowed on " + path + "; use POST.", null);
            } else {
                serve(exchange, protocol, link);
            }
        } catch (SimError error) {
            sendError(exchange, protocol == null ? openAi : protocol, error);
        } catch (StreamedAnswer.StreamCut cut) {
            throw cut; // the HTTP server drops the connection without ending the response
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away
        } catch (RuntimeException e) {
            sendError(exchange, protocol == null ? openAi : protocol,
                    new SimError(SimError.Kind.SERVER_ERROR, "The simulator failed: " + e, null));
        }
        exchange.close();
    }

    private void serve(HttpExchange exchange, WireProtocol protocol, Link link) throws SimError, IOException, InterruptedException {
        long arrived = System.nanoTime();
        var headers = exchange.getRequestHeaders();
        var apiKey = protocol.apiKey(headers);
        if (!config.apiKeys().isEmpty() && (apiKey == null || !config.apiKeys().contains(apiKey))) {
            throw new SimError(SimError.Kind.UNAUTHORIZED, "Incorrect API key provided.", null);
        }
        protocol.checkHeaders(headers);
        var request = protocol.parse(readJson(exchange), apiKey);
        var model = models.get(request.model());
        if (model == null) {
            throw new SimError(SimError.Kind.NOT_FOUND, "The model `" + request.model()
                    + "` does not exist or you do not have access to it.", "model");
        }
        long index = requests.incrementAndGet();
        long timingSeed = mix(config.seed() ^ timingSalt, index);
        var fault = pickFault(index, request.model(), timingSeed);
        int promptTokens = model.promptTokens(request);
        var decision = limits.admit(apiKey, promptTokens + request.maxTokens());
        protocol.rateLimitHeaders(exchange.getResponseHeaders(), decision.state());
        var id = protocol.idPrefix() + HexFormat.of().toHexDigits(timingSeed);
        exchange.getResponseHeaders().set(protocol == anthropic ? "request-id" : "x-request-id", "req_" + id);
        if (!decision.admitted()) {
            throw new SimError(SimError.Kind.RATE_LIMITED, "Rate limit reached for " + decision.exceeded()
                    + " per minute. Please try again later.", null, decision.retryAfterNanos());
        }
        if (fault != null) {
            switch (fault.type()) {
                case HTTP_500 -> throw new SimError(SimError.Kind.SERVER_ERROR,
                        "The server had an error while processing your request.", null);
                case HTTP_503 -> throw new SimError(SimError.Kind.OVERLOADED,
                        "The engine is currently overloaded, please try again later.", null);
                case RATE_LIMIT -> throw new SimError(SimError.Kind.RATE_LIMITED,
                        "Rate limit reached for requests per minute. Please try again later.", null, 1_000_000_000L);
                default -> {
                }
            }
        }
        long textSeed = mix(mix(config.seed(), request.promptText().hashCode()),
                request.seed() != null ? request.seed() : request.model().hashCode());
        var plan = model.plan(request, promptTokens, textSeed, timingSeed, fault);
        var timings = metrics.request(request.model(), arrived);
        long queued = System.nanoTime();
        model.acquireSlot(priorityOf(request));
        try {
            long slotted = System.nanoTime();
            timings.scheduled(queued, slotted, plan);
            // The prefill begins when the request arrived, or later if it waited for a slot: the simulator's own
            // work on it (reading, parsing, counting its tokens) is not the model's and must not make it late.
            answer(exchange, protocol, request, model, plan, id, link, timings, arrived + (slotted - queued));
        } finally {
            model.releaseSlot();
        }
    }

    /** The request's own priority, else its key's, else 0: lower is served first. */
    private int priorityOf(SimRequest request) {
        if (request.priority() != null) {
            return request.priority();
        }
        return config.settingsOf(request.apiKey()).map(SimConfig.KeySettings::priority).filter(java.util.Objects::nonNull)
                .orElse(0);
    }

    /**
     * Sends the answer on its schedule, which begins at {@code prefillFrom}: headers when a slot is free, then each
     * piece when it falls due.
     */
    private void answer(HttpExchange exchange, WireProtocol protocol, SimRequest request, SimulatedModel model,
                        Plan plan, String id, Link link, ServerMetrics.Request timings, long prefillFrom)
            throws IOException, InterruptedException {
        long start = prefillFrom;
        if (plan.hasFault(FaultSpec.Type.SLOW_HEADERS)) {
            Thread.sleep(plan.fault().durationMs());
            start = System.nanoTime();
        }
        if (request.stream()) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            var stream = new SseStream(exchange.getResponseBody(), config.trace());
            var writer = protocol.streaming(stream, request, id);
            writer.begin(plan);
            var answer = new StreamedAnswer(plan, writer, model, lateness, start, link, stream::bytesSent, timings);
            pacer.schedule(answer);
            answer.await();
            return;
        }
        long ready = start + plan.durationNanos(model.loadMultiplier());
        Thread.sleep(Duration.ofNanos(Math.max(0, ready - System.nanoTime())));
        if (plan.hasFault(FaultSpec.Type.STREAM_CUT)) {
            throw new StreamedAnswer.StreamCut();
        }
        exchange.getResponseHeaders().set("openai-processing-ms", String.valueOf((System.nanoTime() - start) / 1_000_000));
        var body = protocol.completeBody(request, plan, id);
        pause(link.transmitNanos(body.length()));
        sendJson(exchange, 200, body);
        // Unstreamed, the first token was ready when the prefill ended, and the rest is not seen apart.
        timings.sent(start + plan.prefillNanos(), 1);
        timings.finished(System.nanoTime(), plan);
    }

    /** Waits what the network adds; on loopback that is nothing, and nothing is scheduled. */
    private static void pause(long nanos) throws InterruptedException {
        if (nanos > 0) {
            Thread.sleep(Duration.ofNanos(nanos));
        }
    }

    private FaultSpec pickFault(long index, String model, long seed) {
        double roll = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L).nextDouble();
        for (var fault : config.faults()) {
            if (fault.hits(index, model, roll)) {
                return fault;
            }
        }
        return null;
    }

    private JsonNode readJson(HttpExchange exchange) throws SimError, IOException {
        var length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > config.maxBodyBytes()) {
            throw tooLarge();
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(config.maxBodyBytes() + 1);
        }
        if (body.length > config.maxBodyBytes()) {
            throw tooLarge();
        }
        try {
            var json = Mappers.json().readTree(body);
            if (json == null || !json.isObject()) {
                throw SimError.badRequest("The request body must be a JSON object.", null);
            }
            return json;
        } catch (JacksonException e) {
            throw SimError.badRequest("We could not parse the JSON body of your request. (" + e.getOriginalMessage() + ")", null);
        }
    }

    private SimError tooLarge() {
        return new SimError(SimError.Kind.TOO_LARGE, "Request body is larger than " + config.maxBodyBytes() + " bytes.", null);
    }

    private void listModels(HttpExchange exchange) throws IOException, SimError {
        if (!exchange.getRequestMethod().equals("GET")) {
            exchange.getResponseHeaders().set("Allow", "GET");
            throw new SimError(SimError.Kind.METHOD_NOT_ALLOWED, "Use GET on /v1/models.", null);
        }
        var root = JsonNodeFactory.instance.objectNode();
        root.put("object", "list");
        var data = root.putArray("data");
        for (var id : models.keySet()) {
            data.addObject().put("id", id).put("object", "model").put("created", 1_735_689_600L).put("owned_by", "llm-dyno");
        }
        sendJson(exchange, 200, root.toString());
    }

    /** The series in Prometheus's text format, at {@code /metrics} as vLLM serves them. */
    private void serveMetrics(HttpExchange exchange) throws IOException, SimError {
        if (!exchange.getRequestMethod().equals("GET")) {
            exchange.getResponseHeaders().set("Allow", "GET");
            throw new SimError(SimError.Kind.METHOD_NOT_ALLOWED, "Use GET on /metrics.", null);
        }
        var text = new java.io.ByteArrayOutputStream();
        metrics.write(text);
        exchange.getResponseHeaders().set("Content-Type", ServerMetrics.CONTENT_TYPE);
        exchange.sendResponseHeaders(200, text.size());
        text.writeTo(exchange.getResponseBody());
    }

    private static void sendError(HttpExchange exchange, WireProtocol protocol, SimError error) throws IOException {
        if (exchange.getResponseCode() != -1) {
            return; // the answer has begun; nothing more can be said
        }
        if (error.retryAfterNanos() > 0) {
            exchange.getResponseHeaders().set("retry-after", String.valueOf((error.retryAfterNanos() + 999_999_999L) / 1_000_000_000L));
            exchange.getResponseHeaders().set("retry-after-ms", String.valueOf((error.retryAfterNanos() + 999_999L) / 1_000_000L));
        }
        sendJson(exchange, error.status(), protocol.errorBody(error));
    }

    private static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
        var bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
