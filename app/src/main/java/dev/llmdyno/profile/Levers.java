package dev.llmdyno.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** The client-side levers around a call: each one can be varied in an experiment. */
@JsonPropertyOrder({"timeouts", "retry", "rateLimit", "cache", "promptCache", "context", "priority", "connection"})
public record Levers(Timeouts timeouts, Retry retry,
                     @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Unset.class) RateLimit rateLimit,
                     Cache cache,
                     @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Unset.class) PromptCache promptCache,
                     @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Unset.class) Context context,
                     @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Unset.class) Priority priority,
                     Connection connection) {

    public static final Levers DEFAULTS = new Levers(null, null, null, null, null, null);

    public Levers {
        timeouts = timeouts == null ? Timeouts.DEFAULTS : timeouts;
        retry = retry == null ? Retry.DEFAULTS : retry;
        rateLimit = rateLimit == null ? RateLimit.NONE : rateLimit;
        cache = cache == null ? Cache.OFF : cache;
        promptCache = promptCache == null ? PromptCache.AUTOMATIC : promptCache;
        context = context == null ? Context.NONE : context;
        priority = priority == null ? Priority.NONE : priority;
        connection = connection == null ? Connection.DEFAULTS : connection;
    }

    /** Levers with the provider's prompt cache left as it is. */
    public Levers(Timeouts timeouts, Retry retry, RateLimit rateLimit, Cache cache, Context context,
                  Connection connection) {
        this(timeouts, retry, rateLimit, cache, null, context, null, connection);
    }

    public Levers withTimeouts(Timeouts value) {
        return new Levers(value, retry, rateLimit, cache, promptCache, context, priority, connection);
    }

    public Levers withRetry(Retry value) {
        return new Levers(timeouts, value, rateLimit, cache, promptCache, context, priority, connection);
    }

    public Levers withRateLimit(RateLimit value) {
        return new Levers(timeouts, retry, value, cache, promptCache, context, priority, connection);
    }

    public Levers withCache(Cache value) {
        return new Levers(timeouts, retry, rateLimit, value, promptCache, context, priority, connection);
    }

    public Levers withPromptCache(PromptCache value) {
        return new Levers(timeouts, retry, rateLimit, cache, value, context, priority, connection);
    }

    public Levers withContext(Context value) {
        return new Levers(timeouts, retry, rateLimit, cache, promptCache, value, priority, connection);
    }

    public Levers withConnection(Connection value) {
        return new Levers(timeouts, retry, rateLimit, cache, promptCache, context, priority, value);
    }

    public Levers withPriority(Priority value) {
        return new Levers(timeouts, retry, rateLimit, cache, promptCache, context, value, connection);
    }

    /** Leaves out levers that are not set at all (no rate limit, no prompt-cache settings, no context budget). */
    static final class Unset {
        @Override
        public boolean equals(Object value) {
            return value == null || RateLimit.NONE.equals(value) || Context.NONE.equals(value) || Priority.NONE.equals(value)
                    || PromptCache.AUTOMATIC.equals(value);
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    /** Milliseconds: to connect, from request start to the first token, between two chunks, and in all. */
    @JsonPropertyOrder({"connectMs", "firstTokenMs", "idleMs", "totalMs"})
    public record Timeouts(Integer connectMs, Integer firstTokenMs, Integer idleMs, Integer totalMs) {
        public static final Timeouts DEFAULTS = new Timeouts(null, null, null, null);

        public Timeouts {
            connectMs = connectMs == null ? 10_000 : connectMs;
            firstTokenMs = firstTokenMs == null ? 60_000 : firstTokenMs;
            idleMs = idleMs == null ? 30_000 : idleMs;
            totalMs = totalMs == null ? 600_000 : totalMs;
        }
    }

    /**
     * Exponential backoff: attempt n waits {@code min(maxDelayMs, baseDelayMs * 2^(n-1))}, with full jitter when
     * {@code jitter} is set. A server's {@code retry-after} wins when {@code respectRetryAfter}, up to
     * {@code retryAfterCapMs}.
     */
    @JsonPropertyOrder({"maxRetries", "baseDelayMs", "maxDelayMs", "jitter", "respectRetryAfter", "retryAfterCapMs"})
    public record Retry(Integer maxRetries, Integer baseDelayMs, Integer maxDelayMs, Boolean jitter,
                        Boolean respectRetryAfter, Integer retryAfterCapMs) {
        public static final Retry DEFAULTS = new Retry(null, null, null, null, null, null);

        public Retry {
            maxRetries = maxRetries == null ? 2 : maxRetries;
            baseDelayMs = baseDelayMs == null ? 500 : baseDelayMs;
            maxDelayMs = maxDelayMs == null ? 8_000 : maxDelayMs;
            jitter = jitter == null ? Boolean.TRUE : jitter;
            respectRetryAfter = respectRetryAfter == null ? Boolean.TRUE : respectRetryAfter;
            retryAfterCapMs = retryAfterCapMs == null ? 60_000 : retryAfterCapMs;
        }
    }

    /** Client-side token buckets per endpoint; null means no limit. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RateLimit(Integer rpm, Integer tpm) {
        public static final RateLimit NONE = new RateLimit(null, null);
    }

    /**
     * Response cache over the canonical request, per tenant (a hash of the API key and of {@code user}, where set):
     * in memory, also on disk ({@code onDisk}), or shared on Redis ({@code redis}); keys start with {@code namespace}.
     * {@code user} may use the prompt's {@code {{variables}}}, so each user of a dataset has answers of their own.
     * An answer whose text is over {@code maxEntryBytes} (UTF-8) is not kept.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"enabled", "ttlSeconds", "maxEntries", "maxEntryBytes", "onDisk", "namespace", "user", "redis"})
    public record Cache(Boolean enabled, Integer ttlSeconds, Integer maxEntries, Boolean onDisk, String namespace,
                        Redis redis, Integer maxEntryBytes, String user) {
        public static final Cache OFF = new Cache(null, null, null, null, null, null);
        public static final String DEFAULT_NAMESPACE = "llm-dyno";

        public Cache {
            enabled = enabled == null ? Boolean.FALSE : enabled;
            ttlSeconds = ttlSeconds == null ? 3_600 : ttlSeconds;
            maxEntries = maxEntries == null ? 1_000 : maxEntries;
            onDisk = onDisk == null ? Boolean.FALSE : onDisk;
            namespace = namespace == null ? DEFAULT_NAMESPACE : namespace;
            maxEntryBytes = maxEntryBytes == null ? 1 << 20 : maxEntryBytes;
        }

        public Cache(Boolean enabled, Integer ttlSeconds, Integer maxEntries, Boolean onDisk, String namespace,
                     Redis redis) {
            this(enabled, ttlSeconds, maxEntries, onDisk, namespace, redis, null, null);
        }

        public Cache(Boolean enabled, Integer ttlSeconds, Integer maxEntries, Boolean onDisk) {
            this(enabled, ttlSeconds, maxEntries, onDisk, null, null);
        }

        /** This cache switched on or off, kept for {@code seconds}, everything else as it is. */
        public Cache withUse(boolean on, Integer seconds) {
            return new Cache(on, seconds, maxEntries, onDisk, namespace, redis, maxEntryBytes, user);
        }
    }

    /**
     * A Redis server shared by every client that points at it: {@code redis://host:port/db} or {@code rediss://} for
     * TLS, with the password as a secret reference ({@code env:REDIS_PASSWORD}), never in the URL.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Redis(String url, String passwordRef) {
    }

    /**
     * The provider's prompt cache. {@code breakpoints} are where an Anthropic request marks its prefix for caching
     * ({@code cache_control}): {@code system}, {@code last} (the last message) or a message's number from 0; at most
     * four, as Anthropic allows. OpenAI caches prefixes of 1,024 tokens or more by itself and takes no breakpoints.
     * {@code prepare} is the cache state a measurement starts from.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"breakpoints", "prepare"})
    public record PromptCache(List<String> breakpoints, CacheState prepare) {
        public static final PromptCache AUTOMATIC = new PromptCache(null, null);
        public static final String SYSTEM = "system";
        public static final String LAST = "last";
        public static final int MAX_BREAKPOINTS = 4;

        public PromptCache {
            breakpoints = breakpoints == null ? List.of() : List.copyOf(breakpoints);
            prepare = prepare == null ? CacheState.AS_IS : prepare;
        }

        /** The message numbers with a breakpoint among {@code messageCount} messages; -1 stands for the system. */
        public SortedSet<Integer> positions(int messageCount) {
            var positions = new TreeSet<Integer>();
            for (var breakpoint : breakpoints) {
                if (breakpoint.equals(SYSTEM)) {
                    positions.add(-1);
                } else if (breakpoint.equals(LAST)) {
                    positions.add(messageCount - 1);
                } else {
                    positions.add(Integer.parseInt(breakpoint));
                }
            }
            return positions;
        }
    }

    /**
     * The prompt-cache state a measurement starts from: {@code as-is} (whatever earlier calls left); {@code prime}
     * (one unmeasured call per distinct prompt first, so the measured ones read the cache); {@code flush} (a prefix
     * of this run's own, so nothing earlier runs cached matches, while this run's calls still warm it); {@code miss}
     * (a prefix of each call's own: nothing is ever read from the cache, the baseline to compare with).
     */
    public enum CacheState {
        AS_IS("as-is"), PRIME("prime"), FLUSH("flush"), MISS("miss");

        private final String id;

        CacheState(String id) {
            this.id = id;
        }

        @JsonValue
        public String id() {
            return id;
        }

        @JsonCreator
        public static CacheState fromId(String id) {
            for (var state : values()) {
                if (state.id.equalsIgnoreCase(id)) {
                    return state;
                }
            }
            throw new IllegalArgumentException("'" + id + "' is not a prompt-cache state; use as-is, prime, flush or miss");
        }
    }

    /**
     * How much of a conversation each call carries (docs/conversations.md). {@code maxInputTokens}: a token budget,
     * the oldest turns trimmed to fit (system prompt kept; null: no trimming), on every call. The rest shapes the
     * history of a conversation run before that budget applies: {@code strategy} (all turns, a window of the last
     * {@code keepTurns}, a summary of the older ones made by {@code summaryModel} beside the last {@code keepTurns},
     * the {@code keepTurns} past turns most like the current one, or none: {@code server} has the provider carry
     * them, through OpenAI's Responses API and {@code previous_response_id}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"maxInputTokens", "strategy", "keepTurns", "summaryModel"})
    public record Context(Integer maxInputTokens, ContextStrategy strategy, Integer keepTurns, String summaryModel) {
        public static final Context NONE = new Context(null, null, null, null);

        public Context(Integer maxInputTokens) {
            this(maxInputTokens, null, null, null);
        }

        /** The same with another budget, the conversation settings (which the playground does not edit) kept. */
        public Context withMaxInputTokens(Integer value) {
            return new Context(value, strategy, keepTurns, summaryModel);
        }

        public ContextStrategy strategyOrDefault() {
            return strategy == null ? ContextStrategy.ALL : strategy;
        }

        /** The turns a window, a summary or a selection keeps as they were: 4 unless set. */
        public int keepTurnsOrDefault() {
            return keepTurns == null ? 4 : keepTurns;
        }
    }

    /**
     * How a run with simulated users shares the client's capacity among their classes (docs/users.md):
     * {@code policy} first-come (in order of arrival), strict (the lowest priority number first, yet every waiting
     * class gets at least {@code floor} of the places, 0.1 unless set, so none starves) or fair (weighted fair
     * queueing by the classes' weights); the capacity shared is {@code requestsPerMinute} (a token bucket) and
     * {@code maxInFlight} (requests at once), either or both. {@code server} also sends each request's class
     * priority in the request body as {@code priority}, which vLLM's priority scheduling and the simulator honour.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"policy", "requestsPerMinute", "maxInFlight", "floor", "server"})
    public record Priority(PriorityPolicy policy, Integer requestsPerMinute, Integer maxInFlight, Double floor,
                           Boolean server) {
        public static final Priority NONE = new Priority(null, null, null, null, null);
        public static final double DEFAULT_FLOOR = 0.1;

        public PriorityPolicy policyOrDefault() {
            return policy == null ? PriorityPolicy.FIRST_COME : policy;
        }

        public double floorOrDefault() {
            return floor == null ? DEFAULT_FLOOR : floor;
        }

        public boolean sendsToServer() {
            return Boolean.TRUE.equals(server);
        }

        /** Whether the client holds requests back at all: only with a capacity to share. */
        public boolean gates() {
            return requestsPerMinute != null || maxInFlight != null;
        }
    }

    /** In which order waiting requests of simulated users get the client's capacity; see {@link Priority}. */
    public enum PriorityPolicy {
        FIRST_COME("first-come"), STRICT("strict"), FAIR("fair");

        private final String id;

        PriorityPolicy(String id) {
            this.id = id;
        }

        @JsonValue
        public String id() {
            return id;
        }

        @JsonCreator
        public static PriorityPolicy fromId(String id) {
            for (var policy : values()) {
                if (policy.id.equalsIgnoreCase(id)) {
                    return policy;
                }
            }
            throw new IllegalArgumentException("'" + id + "' is not a priority policy; use first-come, strict or fair");
        }
    }

    /** Which past turns of a conversation a call carries; see {@link Context}. */
    public enum ContextStrategy {
        ALL("all"), WINDOW("window"), SUMMARISE("summarise"), SELECTIVE("selective"), SERVER("server");

        private final String id;

        ContextStrategy(String id) {
            this.id = id;
        }

        @JsonValue
        public String id() {
            return id;
        }

        @JsonCreator
        public static ContextStrategy fromId(String id) {
            for (var strategy : values()) {
                if (strategy.id.equalsIgnoreCase(id) || ("summarize".equalsIgnoreCase(id) && strategy == SUMMARISE)) {
                    return strategy;
                }
            }
            throw new IllegalArgumentException("'" + id + "' is not a context strategy; use all, window, summarise, "
                    + "selective or server");
        }
    }

    /**
     * How the connection is used, and how much a server may send: one event-stream line ({@code maxLineBytes}) and
     * a whole answer or error body ({@code maxAnswerBytes}); past either the call fails as {@code too_large} with
     * what came before kept, instead of filling the memory.
     */
    @JsonPropertyOrder({"keepAlive", "httpVersion", "compression", "maxLineBytes", "maxAnswerBytes"})
    public record Connection(Boolean keepAlive, HttpVersion httpVersion, Boolean compression, Integer maxLineBytes,
                             Integer maxAnswerBytes) {
        public static final Connection DEFAULTS = new Connection(null, null, null, null, null);

        public Connection {
            keepAlive = keepAlive == null ? Boolean.TRUE : keepAlive;
            httpVersion = httpVersion == null ? HttpVersion.AUTO : httpVersion;
            compression = compression == null ? Boolean.TRUE : compression;
            maxLineBytes = maxLineBytes == null ? 1 << 20 : maxLineBytes;
            maxAnswerBytes = maxAnswerBytes == null ? 8 << 20 : maxAnswerBytes;
        }

        public Connection(Boolean keepAlive, HttpVersion httpVersion, Boolean compression) {
            this(keepAlive, httpVersion, compression, null, null);
        }

        public Connection withUse(Boolean newKeepAlive, HttpVersion newHttpVersion) {
            return new Connection(newKeepAlive, newHttpVersion, compression, maxLineBytes, maxAnswerBytes);
        }
    }

    public enum HttpVersion {
        AUTO("auto"), HTTP_1_1("http/1.1"), HTTP_2("h2");

        private final String id;

        HttpVersion(String id) {
            this.id = id;
        }

        @JsonValue
        public String id() {
            return id;
        }

        @JsonCreator
        public static HttpVersion fromId(String id) {
            for (var version : values()) {
                if (version.id.equalsIgnoreCase(id)) {
                    return version;
                }
            }
            throw new IllegalArgumentException("'" + id + "' is not an HTTP version; use auto, http/1.1 or h2");
        }
    }
}
