package dev.llmdyno.call;

import dev.llmdyno.AppDirs;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.Endpoint;
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

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
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
    private final Router router;
    private final CallObserver observer;
    private final SimulatorHost simulator;
    private final AttemptRunner attempts;
    private final SplittableRandom jitter = new SplittableRandom();
    private final Once plain = new Once(WarmUp::plain);
    private final Once tls = new Once(WarmUp::tls);
    /** The threads {@link #start} runs calls on: handed over directly (no queue), idle ones kept for a minute. */
    private final ExecutorService callThreads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), Thread.ofPlatform().daemon().name("call-", 0).factory());

    private record ClientKey(Levers.Timeouts timeouts, Levers.Connection connection, boolean https) {
    }

    public CallEngine(Catalog catalog, SecretResolver secrets, NanoClock clock, SimConfig simulatorConfig) {
        this(builder(catalog).secrets(secrets).clock(clock).simulator(simulatorConfig));
    }

    /** {@code trust}: the certificate authorities https endpoints may present (the system's, or more). */
    public CallEngine(Catalog catalog, SecretResolver secrets, NanoClock clock, SimConfig simulatorConfig,
                      TrustedCertificates trust) {
        this(builder(catalog).secrets(secrets).clock(clock).simulator(simulatorConfig).trust(trust));
    }

    public CallEngine(Catalog catalog) {
        this(builder(catalog));
    }

    /** An engine with its collaborators chosen one by one; what is not chosen is the default. */
    public static Builder builder(Catalog catalog) {
        return new Builder(catalog);
    }

    /**
     * The engine's collaborators. The response cache, the rate limiters, the router and the observer are passed in
     * here, so that they can be shared, replaced (a cache on Redis) or watched (metrics, traces).
     */
    public static final class Builder {
        private final Catalog catalog;
        private SecretResolver secrets = SecretResolver.system();
        private NanoClock clock = NanoClock.SYSTEM;
        private SimConfig simulator = SimConfig.defaults();
        private TrustedCertificates trust = TrustedCertificates.system();
        private ResponseCache cache;
        private RateLimiters rateLimiters;
        private Router router;
        private CallObserver observer = CallObserver.NONE;

        private Builder(Catalog catalog) {
            this.catalog = catalog;
        }

        public Builder secrets(SecretResolver value) {
            secrets = value;
            return this;
        }

        public Builder clock(NanoClock value) {
            clock = value;
            return this;
        }

        public Builder simulator(SimConfig value) {
            simulator = value;
            return this;
        }

        public Builder trust(TrustedCertificates value) {
            trust = value;
            return this;
        }

        public Builder cache(ResponseCache value) {
            cache = value;
            return this;
        }

        public Builder rateLimiters(RateLimiters value) {
            rateLimiters = value;
            return this;
        }

        public Builder router(Router value) {
            router = value;
            return this;
        }

        public Builder observer(CallObserver value) {
            observer = value;
            return this;
        }

        public CallEngine build() {
            return new CallEngine(this);
        }
    }

    private CallEngine(Builder parts) {
        this.catalog = parts.catalog;
        this.secrets = parts.secrets;
        this.clock = parts.clock;
        var trust = parts.trust;
        var dispatcher = new Dispatcher(Executors.newVirtualThreadPerTaskExecutor());
        dispatcher.setMaxRequests(Integer.MAX_VALUE);
        dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
        var builder = new OkHttpClient.Builder();
        if (!trust.isSystem()) {
            var handshake = trust.handshake();
            builder.sslSocketFactory(handshake.sslSocketFactory(), handshake.trustManager());
        }
        this.baseClient = builder
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(2_048, 5, TimeUnit.MINUTES))
                .eventListenerFactory(call -> {
                    var timeline = call.request().tag(Timeline.class);
                    return timeline != null ? timeline : okhttp3.EventListener.NONE;
                })
                .addNetworkInterceptor(new VisibleAttempts())
                .addNetworkInterceptor(new CredentialGuard())
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .build();
        this.rateLimiters = parts.rateLimiters != null ? parts.rateLimiters : new RateLimiters(clock);
        this.cache = parts.cache != null ? parts.cache : new ResponseCache(AppDirs.data().resolve("response-cache"));
        this.router = parts.router != null ? parts.router : new ProfileRouter(clock);
        this.observer = parts.observer;
        this.simulator = new SimulatorHost(parts.simulator);
        this.attempts = new AttemptRunner(clock);
    }

    public NanoClock clock() {
        return clock;
    }

    /**
     * Runs the call on a platform thread of the engine's: an idle one if there is one, else a new one, so a call is
     * never queued behind others and no thread is started per call (starting one cost a third of the client's CPU
     * per request; docs/benchmarks.md, light client). Not a virtual thread: when hundreds of streams share two cores,
     * a virtual thread waits for the poller and a carrier before it sees its data, which put the first token
     * milliseconds late (median 4 ms at 256 streams, 0.13 ms on platform threads; docs/benchmarks.md).
     */
    public CallHandle start(Profile profile, CallOptions options) {
        var handle = new CallHandle();
        callThreads.execute(() -> call(profile, options, handle));
        return handle;
    }

    /** Forgets the answers kept for {@code profile}'s cache namespace (on its Redis, if it has one); how many. */
    public long clearCache(Profile profile) {
        return cache.clear(profile.levers().cache(), secrets::resolve);
    }

    /** Runs the call on this thread. */
    public CallResult call(Profile profile, CallOptions options) {
        return call(profile, options, new CallHandle());
    }

    /**
     * Runs the call on this thread, to be cancelled through {@code handle}, which also gets the result. A failure of
     * the engine itself ends the handle's future exceptionally (and is logged), so no one waits for a result.
     */
    public CallResult call(Profile profile, CallOptions options, CallHandle handle) {
        try {
            warmUp(profile);
            var result = measure(profile, options, handle, router, observer);
            handle.complete(result);
            return result;
        } catch (RuntimeException e) {
            System.getLogger(CallEngine.class.getName()).log(System.Logger.Level.ERROR, "a call failed inside the engine", e);
            handle.fail(e);
            throw e;
        } catch (Error e) {
            handle.fail(e);
            throw e;
        }
    }

    /**
     * Runs the call path once against loopback servers of the engine's own ({@link WarmUp}), so the first measured
     * call pays none of the JVM's start-up: plain HTTP always, TLS too when {@code profile} calls an https address,
     * and the in-process simulator is started when it is the profile's endpoint.
     * Done once per engine; {@link #call} does it first, so it may be started early on a background thread (the
     * desktop does). A failed warm-up is logged and only costs accuracy.
     */
    public void warmUp(Profile profile) {
        // The model's encoding takes 350-450 ms to load on its first use: a cold engine loads it beside its warm-up
        // calls rather than after them.
        var encoding = plain.done ? null : Thread.ofPlatform().daemon().name("warm-up-encoding").start(() -> {
            try {
                Tokenizers.forModelOrFallback(catalog, profile.model());
            } catch (RuntimeException e) {
                // counted below, on the caller's thread, which reports it
            }
        });
        plain.run();
        var endpoint = profile.endpoint();
        if (endpoint.effectiveBaseUrl().filter(url -> url.startsWith("https:")).isPresent()) {
            tls.run();
        }
        if (endpoint.kind() == ProviderKind.SIMULATOR && endpoint.effectiveBaseUrl().isEmpty()) {
            try {
                simulator.baseUrl(); // starts the in-process simulator now rather than inside the first call's prep
            } catch (java.io.UncheckedIOException e) {
                // the call itself reports it, as a config error
            }
        }
        // Loaded before the first measured call: 350-450 ms of a cold process's prep otherwise.
        if (encoding != null) {
            try {
                encoding.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Tokenizers.forModelOrFallback(catalog, profile.model()).count("warm up");
        if (profile.levers().cache().enabled()) {
            // A Redis client's first use loads its classes and connects: 0.9 s of a cold process's prep otherwise.
            cache.prepare(profile.levers().cache(), secrets::resolve);
        }
    }

    /** A warm-up step that runs once per engine, however many threads ask for it at once. */
    private final class Once {
        private final WarmUpStep step;
        private volatile boolean done;

        Once(WarmUpStep step) {
            this.step = step;
        }

        void run() {
            if (done) {
                return;
            }
            synchronized (this) {
                if (done) {
                    return;
                }
                try {
                    step.run(CallEngine.this);
                } catch (IOException | RuntimeException e) {
                    System.getLogger(CallEngine.class.getName()).log(System.Logger.Level.WARNING,
                            "warming up the call path failed; the first call may include start-up time", e);
                }
                baseClient.connectionPool().evictAll();
                done = true;
            }
        }
    }

    private interface WarmUpStep {
        void run(CallEngine engine) throws IOException;
    }

    /**
     * The warm-up's own calls: straight to their loopback server, whatever the router would choose, and unseen by
     * the observer (they are not the user's calls).
     */
    CallResult measureUnrouted(Profile profile, CallOptions options, CallHandle handle) {
        return measure(profile, options, handle, Router.SINGLE, CallObserver.NONE);
    }

    /** The call itself, without the warm-up, between the observer's callStart and callEnd on every path. */
    private CallResult measure(Profile profile, CallOptions options, CallHandle handle, Router router,
                               CallObserver observer) {
        observe(() -> observer.callStart(profile, options));
        var result = send(profile, options, handle, router, observer);
        observe(() -> observer.callEnd(profile, options, result));
        return result;
    }

    private CallResult send(Profile profile, CallOptions options, CallHandle handle, Router router,
                            CallObserver observer) {
        // The call's time begins at its planned start (an experiment's send time); without one, on arrival here.
        long planned = options.plannedStartNanos() != 0 ? options.plannedStartNanos() : clock.nanoTime();
        var model = catalog.find(profile.model()).orElse(null);
        var tokenizer = Tokenizers.forModelOrFallback(catalog, profile.model());
        var levers = profile.levers();
        Prompt prompt;
        String cacheUser = null;
        CallResult.Trim trim = null;
        try {
            prompt = profile.prompt().render(options.variables());
            if (levers.cache().user() != null) {
                cacheUser = Template.render(levers.cache().user(), profile.prompt().variablesWith(options.variables()));
            }
            if (options.freshPrefix() != null) {
                prompt = prompt.prefixedWith(options.freshPrefix());
            }
            var budget = levers.context().maxInputTokens();
            if (budget != null) {
                var trimmed = ContextTrimmer.trim(tokenizer, prompt, budget);
                prompt = trimmed.prompt();
                trim = trimmed.trimmed() ? new CallResult.Trim(trimmed.droppedMessages(), trimmed.droppedTokens()) : null;
            }
        } catch (Template.MissingVariableException | ContextTrimmer.BudgetTooSmallException e) {
            return failedBeforeSending(profile, CallError.of(CallError.Type.CONFIG, e.getMessage()), planned);
        }
        int estimatedInput = PromptTokens.count(tokenizer, prompt).total();
        var history = new ArrayList<Attempt>();
        Route route;
        String apiKey;
        try {
            route = router.route(profile, List.of(), this::baseUrlOf);
            apiKey = keyFor(route);
        } catch (SecretResolver.MissingSecretException | IllegalArgumentException | java.io.UncheckedIOException e) {
            return failedBeforeSending(profile, CallError.of(CallError.Type.CONFIG, e.getMessage()), planned);
        }
        var spec = new CallSpec(route.endpoint(), route.baseUrl(), route.modelOr(profile.model()), profile.params(), prompt,
                levers.promptCache(), options.previousResponseId(), options.sender());
        var adapter = ProviderAdapter.of(route.endpoint(), levers.context());
        // The key is the request as its protocol sends it, and where it goes, for the caller's key; only worth its
        // hashing when the cache is on. (An OpenAI and an Anthropic request for the same prompt are different requests.)
        var cacheKey = levers.cache().enabled() ? ResponseCache.key(levers.cache().namespace(), ResponseCache.tenant(apiKey, cacheUser),
                adapter.body(spec).put("endpoint", route.baseUrl()).toString()) : null;
        if (cacheKey != null && options.cacheUse().read()) {
            var hit = cache.get(cacheKey, levers.cache(), secrets::resolve);
            if (hit.isPresent()) {
                return fromCache(profile, hit.get(), trim, options.listener(), NanoClock.toMillis(clock.nanoTime() - planned));
            }
        }
        long limiterWait = waitNanos(rateLimiters.reserve(route.baseUrl(), apiKey, levers.rateLimit(),
                estimatedInput + profile.params().maxTokens()));
        var before = new MetricsBuilder.BeforeSending(planned, options.heldNanos(), limiterWait);

        var backoff = new Backoff(levers.retry(), jitter.split());
        // totalMs bounds the whole call, its retries and the waits between them included.
        long deadline = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(levers.timeouts().totalMs());
        long firstStart = 0;
        double waited = 0;
        AttemptRunner.Outcome outcome;
        CallError finalError;
        while (true) {
            var client = client(levers, route.baseUrl().startsWith("https"));
            var sent = route;
            router.attemptStarted(profile, sent);
            observe(() -> observer.attemptStart(profile, history.size() + 1, sent));
            var extraHeaders = headersFrom(observer, profile, history.size() + 1);
            long attemptStart = clock.nanoTime();
            outcome = attempts.run(client, adapter, spec, apiKey, levers, options.listener(), handle,
                    deadline - attemptStart, extraHeaders);
            if (firstStart == 0) {
                firstStart = outcome.timeline().callStart != 0 ? outcome.timeline().callStart : attemptStart;
            }
            var error = outcome.error();
            var attempt = new Attempt(history.size() + 1, outcome.status(), error, waited,
                    NanoClock.toMillis(outcome.endNanos() - attemptStart), route.target());
            history.add(attempt);
            // This attempt's first token, from its own start: what a latency-aware router learns from.
            long sentAt = outcome.timeline().callStart != 0 ? outcome.timeline().callStart : attemptStart;
            router.attemptEnded(profile, route, attempt, outcome.answer().firstTokenAt == 0 ? null
                    : NanoClock.toMillis(outcome.answer().firstTokenAt - sentAt));
            observe(() -> observer.attemptEnd(profile, attempt));
            finalError = error;
            boolean retry = error != null && error.type().retryable() && !outcome.answer().hasTokens()
                    && history.size() <= levers.retry().maxRetries() && !handle.isCancelled();
            if (!retry) {
                break;
            }
            waited = backoff.delayMs(history.size(), outcome.headers().get("retry-after-ms"), outcome.headers().get("retry-after"));
            if (clock.nanoTime() + (long) (waited * 1_000_000) >= deadline) {
                finalError = CallError.of(CallError.Type.TIMEOUT_TOTAL, "no complete answer within "
                        + levers.timeouts().totalMs() + " ms (levers.timeouts.totalMs, retries included); the "
                        + "next try was due after it. Last attempt: " + error);
                break;
            }
            // The next try may go elsewhere: the router sees what the tries so far met.
            try {
                var next = router.route(profile, List.copyOf(history), this::baseUrlOf);
                if (!next.equals(route)) {
                    apiKey = keyFor(next);
                    route = next;
                    spec = new CallSpec(route.endpoint(), route.baseUrl(), route.modelOr(profile.model()), profile.params(),
                            prompt, levers.promptCache(), options.previousResponseId(), options.sender());
                    adapter = ProviderAdapter.of(route.endpoint(), levers.context());
                }
            } catch (SecretResolver.MissingSecretException | IllegalArgumentException | java.io.UncheckedIOException e) {
                finalError = CallError.of(CallError.Type.CONFIG, "the next try has no route: " + e.getMessage()
                        + ". Last attempt: " + error);
                break;
            }
            options.listener().onRetry(attempt, waited);
            waitNanos((long) (waited * 1_000_000));
        }
        var metrics = MetricsBuilder.build(outcome, profile.params().streaming(), before, firstStart, estimatedInput,
                tokenizer, model);
        var answer = outcome.answer();
        var redactor = new Redactor(apiKey);
        var text = redactor.redact(answer.text.toString());
        var reasoning = redactor.redact(answer.reasoning.toString());
        var error = finalError;
        if (error == null && cacheKey != null && options.cacheUse().store()) {
            cache.put(cacheKey, new ResponseCache.Entry(text, reasoning,
                    answer.finishReason, metrics.inputTokens(), metrics.cachedInputTokens(), metrics.outputTokens(),
                    System.currentTimeMillis() + levers.cache().ttlSeconds() * 1000L), levers.cache(), secrets::resolve);
        }
        // The model asked for where the last try went: a target may name its own.
        return new CallResult(spec.model(), text, reasoning, answer.finishReason, error, history, metrics,
                outcome.headers(), false, trim, answer.responseId);
    }

    private String keyFor(Route route) {
        var ref = route.endpoint().apiKeyRef();
        return ref == null ? null : secrets.resolve(ref);
    }

    /** An observer that fails is logged; the call goes on. */
    static void observe(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            System.getLogger(CallEngine.class.getName()).log(System.Logger.Level.WARNING, "a call observer failed", e);
        }
    }

    /** The observer's headers for an attempt; none where it fails (logged), so the attempt still goes. */
    static Map<String, String> headersFrom(CallObserver observer, Profile profile, int number) {
        try {
            var headers = observer.attemptHeaders(profile, number);
            return headers == null ? Map.of() : headers;
        } catch (RuntimeException e) {
            System.getLogger(CallEngine.class.getName()).log(System.Logger.Level.WARNING, "a call observer failed", e);
            return Map.of();
        }
    }

    /**
     * Where calls to {@code endpoint} go: its own or its provider's usual address; for the built-in simulator, the
     * in-process one's (started if need be, so this may block). Throws IllegalArgumentException when it has none.
     */
    public String baseUrlOf(Endpoint endpoint) {
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
            // The base client's TLS set-up is shared: building it again would reload the trust store.
            var builder = baseClient.newBuilder()
                    .sslSocketFactory(baseClient.sslSocketFactory(), baseClient.x509TrustManager())
                    .connectTimeout(Duration.ofMillis(timeouts.connectMs()))
                    .readTimeout(Duration.ofMillis(timeouts.firstTokenMs()))
                    .writeTimeout(Duration.ofMillis(timeouts.connectMs()));
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

    /**
     * A kept answer: flagged as cached, with the caller's wait ({@code latencyMs}, the lookup) and none of the
     * provider's timings, so a hit never enters TTFT, TTFC, TPOT or e2e figures as if a provider had answered.
     */
    private CallResult fromCache(Profile profile, ResponseCache.Entry entry, CallResult.Trim trim, CallListener listener,
                                 double latencyMs) {
        listener.onReasoning(entry.reasoning());
        listener.onContent(entry.text());
        var metrics = new Metrics(null, null, null, null, null, null, null, null, null, null, latencyMs, entry.inputTokens(),
                entry.cachedInputTokens(), 0, entry.outputTokens(), null, Metrics.TokenSource.USAGE, null, null, 0.0, null,
                null, List.of(), List.of());
        return new CallResult(profile.model(), entry.text(), entry.reasoning(), entry.finishReason(), null, List.of(),
                metrics, Map.of(), true, trim);
    }

    private CallResult failedBeforeSending(Profile profile, CallError error, long planned) {
        var metrics = new Metrics(NanoClock.toMillis(clock.nanoTime() - planned), null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, List.of(), List.of());
        return new CallResult(profile.model(), "", "", null, error, List.of(new Attempt(1, 0, error, 0, 0, null)), metrics,
                Map.of(), false, null);
    }

    /** Waits, and returns how long it really waited. */
    private long waitNanos(long nanos) {
        if (nanos <= 0) {
            return 0;
        }
        long start = clock.nanoTime();
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return clock.nanoTime() - start;
    }

    OkHttpClient baseClient() {
        return baseClient;
    }

    @Override
    public void close() {
        callThreads.shutdown();
        simulator.close();
        baseClient.dispatcher().executorService().shutdown();
        baseClient.connectionPool().evictAll();
    }
}
