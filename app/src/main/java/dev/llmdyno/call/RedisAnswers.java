package dev.llmdyno.call;

import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Mappers;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The response cache on Redis, through Jedis: one pooled client per server (and password), each answer a JSON
 * value under its key with the cache's time to live. A Redis that cannot be reached is a miss, never a failed call:
 * the call goes to the provider, and the failure is logged once until the server answers again.
 */
final class RedisAnswers {

    private static final Logger LOG = Logger.getLogger(RedisAnswers.class.getName());

    private final Map<String, RedisClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Boolean> failing = new ConcurrentHashMap<>();

    /** Creates the server's client and connects it (a PING), unless that was done before. */
    void prepare(Levers.Redis redis, Function<String, String> secrets) {
        try {
            if (!clients.containsKey(clientKey(redis))) {
                client(redis, secrets).ping();
                answered(redis);
            }
        } catch (JedisException | SecretResolver.MissingSecretException e) {
            failed(redis, e);
        }
    }

    Optional<ResponseCache.Entry> get(Levers.Redis redis, Function<String, String> secrets, String key) {
        try {
            var value = client(redis, secrets).get(key);
            answered(redis);
            return value == null ? Optional.empty() : Optional.of(Mappers.json().readValue(value, ResponseCache.Entry.class));
        } catch (JedisException | SecretResolver.MissingSecretException e) {
            failed(redis, e);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // not an answer this version wrote: a miss
        }
    }

    void put(Levers.Redis redis, Function<String, String> secrets, String key, ResponseCache.Entry entry, int ttlSeconds) {
        try {
            client(redis, secrets).set(key, Mappers.json().writeValueAsString(entry), SetParams.setParams().ex(ttlSeconds));
            answered(redis);
        } catch (JedisException | SecretResolver.MissingSecretException e) {
            failed(redis, e);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes every key of the namespace (SCAN, not KEYS, so a large Redis is not blocked); returns how many. */
    long clear(Levers.Redis redis, Function<String, String> secrets, String namespace) {
        var client = client(redis, secrets);
        var params = new ScanParams().match(namespace + ":*").count(500);
        long removed = 0;
        var cursor = ScanParams.SCAN_POINTER_START;
        do {
            var page = client.scan(cursor, params);
            if (!page.getResult().isEmpty()) {
                removed += client.del(page.getResult().toArray(String[]::new));
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return removed;
    }

    /**
     * The server's client, made on first use. Clients are kept by address and password reference, so the secret is
     * resolved (an environment lookup, or a keyring process) only when a client is made, not on every lookup.
     */
    private RedisClient client(Levers.Redis redis, Function<String, String> secrets) {
        return clients.computeIfAbsent(clientKey(redis), ignored -> {
            var password = redis.passwordRef() == null ? null : secrets.apply(redis.passwordRef());
            var uri = URI.create(redis.url());
            var config = DefaultJedisClientConfig.builder().password(password)
                    .ssl("rediss".equals(uri.getScheme()))
                    .database(uri.getPath() == null || uri.getPath().length() <= 1 ? 0
                            : Integer.parseInt(uri.getPath().substring(1).replace("/", "")))
                    .connectionTimeoutMillis(2_000).socketTimeoutMillis(2_000).build();
            return RedisClient.builder()
                    .hostAndPort(new HostAndPort(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379))
                    .clientConfig(config).build();
        });
    }

    private static String clientKey(Levers.Redis redis) {
        return redis.url() + "\n" + redis.passwordRef();
    }

    private void answered(Levers.Redis redis) {
        failing.remove(redis.url());
    }

    private void failed(Levers.Redis redis, RuntimeException e) {
        if (failing.putIfAbsent(redis.url(), true) == null) {
            LOG.log(Level.WARNING, "the response cache on " + redis.url() + " cannot be used (" + e.getMessage()
                    + "); calls go to the provider until it answers");
        }
    }
}
