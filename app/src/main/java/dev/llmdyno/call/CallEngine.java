package dev.llmdyno.call;

import dev.llmdyno.AppDirs;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.Prompt;
import dev.llmdyno.profile.ProviderKind;
import dev.llmdyno.profile.Template;
import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.timing.NanoClock;
import dev.llmdyno.tokens.ContextTrimmer;
import dev.llmdyno.tokens.PromptTokens;
import dev.llmdyno.tokens.Tokenizers;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Executes a {@link Profile} and returns a {@link CallResult} whose numbers can be trusted. Each call runs on the
 * calling thread (use {@link #start} for a thread of its own); every failure comes back as a value.
 *
 * <p>Calls are made synchronously, each on its own thread, so OkHttp's dispatcher limits for
 * asynchronous calls (64 in all, 5 per host) can never hold a call back unseen; the only waits before a request
 * are the profile's own rate limits, and they are reported as {@code queueMs}.
 */
public final class CallEngine implements AutoCloseable {

    private final Catalog catalog;
    private final SecretResolver secrets;
    private final NanoClock clock;
    private final OkHttpClient baseClient;
    private final Map<ClientKey, OkHttpClient> clients = new ConcurrentHashMap<>();
    private final RateLimiters rateLimiters;
    private final ResponseCache cache;
    private final SimulatorHost simulator;
    private final AttemptRunner attempts;
    private final SplittableRandom jitter = new SplittableRandom();

    private record ClientKey(Levers.Timeouts timeouts, Levers.Connection connection, boolean https) {
    }

    public CallEngine(Catalog catalog, SecretResolver secrets, NanoClock clock, SimConfig simulatorConfig) {
        this.catalog = catalog;
        this.secrets = secrets;
        this.clock = clock;
        var dispatcher = new Dispatcher(Executors.newVirtualThreadPerTaskExecutor());
        dispatcher.setMaxRequests(Integer.MAX_VALUE);
        dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
        this.baseClient = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(2_048, 5, TimeUnit.MINUTES))
                .eventListenerFactory(call -> {
                    var timeline = call.request().tag(Timeline.class);
                    return timeline != null ? timeline : okhttp3.EventListener.NONE;
                })
                .addNetworkInterceptor(new VisibleAttempts())
                .retryOnConnectionFailure(false)
                .build();
        this.rateLimiters = new RateLimiters(clock);
        this.cache = new ResponseCache(AppDirs.data().resolve("response-cache"));
        this.simulator = new SimulatorHost(simulatorConfig);
        this.attempts = new AttemptRunner(clock);
    }

    public CallEngine(Catalog catalog) {
        this(catalog, SecretResolver.system(), NanoClock.SYSTEM, SimConfig.defaults());
    }

    public NanoClock clock() {
        return clock;
    }

    /**
     * Runs the call on a platform thread of its own. Not a virtual thread: when hundreds of streams share two cores,
     * a virtual thread waits for the poller and a carrier before it sees its data, which put the first token
     * milliseconds late (median 4 ms at 256 streams, 0.13 ms on platform threads; docs/benchmarks.md).
     */
    public CallHandle start(Profile profile, CallOptions options) {
        var handle = new CallHandle();
        Thread.ofPlatform().daemon().name("call-" + profile.model())
                .start(() -> {
                    try {
                        handle.complete(call(profile, options, handle));
                    } catch (RuntimeException | Error e) {
                        handle.fail(e);
                        throw e;
                    }
                });
        return handle;
    }

    /** Runs the call on this thread. */
    public CallResult call(Profile profile, CallOptions options) {
        return call(profile, options, new CallHandle());
    }

    CallResult call(Profile profile, CallOptions options, CallHandle handle) {
        long arrived = clock.nanoTime();
        var model = catalog.find(profile.model()).orElse(null);
        var tokenizer = Tokenizers.forModelOrFallback(catalog, profile.model());
        var levers = profile.levers();
        Prompt prompt;
        CallResult.Trim trim = null;
        try {
            prompt = profile.prompt().render(options.variables());
            var budget = levers.context().maxInputTokens();
            if (budget != null) {
                var trimmed = ContextTrimmer.trim(tokenizer, prompt, budget);
                prompt = trimmed.prompt();
                trim = trimmed.trimmed() ? new CallResult.Trim(trimmed.droppedMessages(), trimmed.droppedTokens()) : null;
            }
        } catch (Template.MissingVariableException | ContextTrimmer.BudgetTooSmallException e) {
            return failedBeforeSending(profile, CallError.of(CallError.Type.CONFIG, e.getMessage()), arrived);
        }
        int estimatedInput = PromptTokens.count(tokenizer, prompt).total();
        String apiKey;
        String baseUrl;
        try {
            apiKey = profile.endpoint().apiKeyRef() == null ? null : secrets.resolve(profile.endpoint().apiKeyRef());
            baseUrl = baseUrl(profile);
        } catch (SecretResolver.MissingSecretException | IllegalArgumentException | java.io.UncheckedIOException e) {
            return failedBeforeSending(profile, CallError.of(CallError.Type.CONFIG, e.getMessage()), arrived);
        }
        var spec = new CallSpec(profile.endpoint(), baseUrl, profile.model(), profile.params(), prompt);
        var adapter = ProviderAdapter.forProtocol(profile.endpoint().kind().protocol());
        var cacheKey = ResponseCache.key(OpenAiAdapter.body(spec).put("endpoint", baseUrl).toString());
        if (levers.cache().enabled()) {
            var hit = cache.get(cacheKey, levers.cache().onDisk());
            if (hit.isPresent()) {
                return fromCache(profile, hit.get(), trim, options.listener());
            }
        }
        // Without a planned start, the queue begins now: one-time setup before this point is not the call's wait.
        long planned = options.plannedStartNanos() != 0 ? options.plannedStartNanos() : clock.nanoTime();
        waitNanos(rateLimiters.reserve(baseUrl, levers.rateLimit(), estimatedInput + profile.params().maxTokens()));

        var client = client(levers, baseUrl.startsWith("https"));
        var backoff = new Backoff(levers.retry(), jitter.split());
        var history = new ArrayList<Attempt>();
        long firstStart = 0;
        double waited = 0;
        AttemptRunner.Outcome outcome;
        while (true) {
            long attemptStart = clock.nanoTime();
            outcome = attempts.run(client, adapter, spec, apiKey, levers, options.listener(), handle);
            if (firstStart == 0) {
                firstStart = outcome.timeline().callStart != 0 ? outcome.timeline().callStart : attemptStart;
            }
            var error = redact(outcome.error(), apiKey);
            var attempt = new Attempt(history.size() + 1, outcome.status(), error, waited,
                    NanoClock.toMillis(outcome.endNanos() - attemptStart));
            history.add(attempt);
            boolean retry = error != null && error.type().retryable() && !outcome.answer().hasTokens()
                    && history.size() <= levers.retry().maxRetries() && !handle.isCancelled();
            if (!retry) {
                break;
            }
            waited = backoff.delayMs(history.size(), outcome.headers().get("retry-after-ms"), outcome.headers().get("retry-after"));
            options.listener().onRetry(attempt, waited);
            waitNanos((long) (waited * 1_000_000));
        }
        var metrics = MetricsBuilder.build(outcome, profile.params().streaming(), planned, firstStart, estimatedInput, tokenizer, model);
        var answer = outcome.answer();
        var error = history.getLast().error();
        if (error == null && levers.cache().enabled()) {
            cache.put(cacheKey, new ResponseCache.Entry(answer.text.toString(), answer.reasoning.toString(),
                    answer.finishReason, metrics.inputTokens(), metrics.cachedInputTokens(), metrics.outputTokens(),
                    System.currentTimeMillis() + levers.cache().ttlSeconds() * 1000L), levers.cache().maxEntries(),
                    levers.cache().onDisk());
        }
        return new CallResult(profile.model(), answer.text.toString(), answer.reasoning.toString(), answer.finishReason,
                error, history, metrics, outcome.headers(), false, trim);
    }

    private String baseUrl(Profile profile) {
        var endpoint = profile.endpoint();
        var configured = endpoint.effectiveBaseUrl();
        if (configured.isPresent()) {
            return configured.get();
        }
        if (endpoint.kind() == ProviderKind.SIMULATOR) {
            return simulator.baseUrl() + "/v1";
        }
        throw new IllegalArgumentException("endpoint.baseUrl is required for " + endpoint.kind().id());
    }

    private OkHttpClient client(Levers levers, boolean https) {
        var key = new ClientKey(levers.timeouts(), levers.connection(), https);
        return clients.computeIfAbsent(key, k -> {
            var timeouts = k.timeouts();
            var builder = baseClient.newBuilder()
                    .connectTimeout(Duration.ofMillis(timeouts.connectMs()))
                    .readTimeout(Duration.ofMillis(timeouts.firstTokenMs()))
                    .writeTimeout(Duration.ofMillis(timeouts.connectMs()))
                    .callTimeout(Duration.ofMillis(timeouts.totalMs()));
            switch (k.connection().httpVersion()) {
                case HTTP_1_1 -> builder.protocols(List.of(Protocol.HTTP_1_1));
                case HTTP_2 -> builder.protocols(https ? List.of(Protocol.HTTP_2, Protocol.HTTP_1_1)
                        : List.of(Protocol.H2_PRIOR_KNOWLEDGE));
                case AUTO -> {
                }
            }
            return builder.build();
        });
    }

    private CallResult fromCache(Profile profile, ResponseCache.Entry entry, CallResult.Trim trim, CallListener listener) {
        listener.onReasoning(entry.reasoning());
        listener.onContent(entry.text());
        var metrics = new Metrics(null, null, null, null, null, null, null, null, null, null, entry.inputTokens(),
                entry.cachedInputTokens(), entry.outputTokens(), null, Metrics.TokenSource.USAGE, null, null, 0.0, null,
                null, List.of(), List.of());
        return new CallResult(profile.model(), entry.text(), entry.reasoning(), entry.finishReason(), null, List.of(),
                metrics, Map.of(), true, trim);
    }

    private CallResult failedBeforeSending(Profile profile, CallError error, long planned) {
        var metrics = new Metrics(NanoClock.toMillis(clock.nanoTime() - planned), null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, List.of(), List.of());
        return new CallResult(profile.model(), "", "", null, error, List.of(new Attempt(1, 0, error, 0, 0)), metrics,
                Map.of(), false, null);
    }

    /** Never lets a key into a result, even when a server echoes it back. */
    private static CallError redact(CallError error, String apiKey) {
        if (error == null || apiKey == null || apiKey.length() < 4 || !error.message().contains(apiKey)) {
            return error;
        }
        return new CallError(error.type(), error.status(), error.message().replace(apiKey, "[redacted]"));
    }

    private static void waitNanos(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        simulator.close();
        baseClient.dispatcher().executorService().shutdown();
        baseClient.connectionPool().evictAll();
    }
}
