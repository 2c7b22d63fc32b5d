package dev.llmdyno.call;

import dev.llmdyno.RealTools;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Params;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProfileValidator;
import dev.llmdyno.profile.ProviderKind;
import dev.llmdyno.sim.ModelSpec;
import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.sim.Simulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The response cache shared on a real Redis (Debian's redis-server, started here on a free port with a password):
 * one engine's answer is another's hit, never another key's; keys hold no text; entries expire; a Redis that is
 * gone is a miss, not a failed call. And the disk cache is the owner's alone.
 */
class SharedCacheTest {

    private static final String PASSWORD = "redis-pass-7c1e";

    @TempDir
    Path dir;

    private Process redis;
    private int port;
    private Simulator simulator;

    @BeforeEach
    void start() throws Exception {
        var server = RealTools.program("redis-server", "apt-get install redis-server");
        port = RealTools.freePort();
        redis = new ProcessBuilder(server.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--requirepass", PASSWORD, "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        RealTools.awaitPort(port, redis, Duration.ofSeconds(20));
        simulator = Simulator.startLocal(SimConfig.defaults().withModels(List.of(
                new ModelSpec("m", 5.0, 0.0, 0.1, 1.0, 0.0, 0.0, 1.0, 1, 8, 0.0, 12, 12, 0))));
    }

    @AfterEach
    void stop() throws Exception {
        simulator.close();
        redis.destroy();
        redis.waitFor(10, TimeUnit.SECONDS);
    }

    private CallEngine engine(String apiKey) {
        return CallEngine.builder(Catalog.builtIn())
                .secrets(SecretResolver.of(Map.of("REDIS_PASSWORD", PASSWORD, "SIM_KEY", apiKey)))
                .cache(new ResponseCache(dir.resolve("own-" + apiKey))).build();
    }

    private Profile cached(Levers.Cache cache) {
        return Profile.starter().withEndpoint(new Endpoint(null, ProviderKind.OPENAI_COMPATIBLE, simulator.baseUrl() + "/v1",
                        "env:SIM_KEY", null, null)).withModel("m")
                .withParams(Params.DEFAULTS.withMaxTokens(12))
                .withLevers(Levers.DEFAULTS.withCache(cache));
    }

    private Levers.Cache onRedis(int ttlSeconds) {
        return new Levers.Cache(true, ttlSeconds, null, null, "team-a",
                new Levers.Redis("redis://127.0.0.1:" + port + "/0", "env:REDIS_PASSWORD"));
    }

    private RedisClient inspect() {
        return RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", port))
                .clientConfig(DefaultJedisClientConfig.builder().password(PASSWORD).build()).build();
    }

    @Test
    void oneEnginesAnswerIsAnothersHitForTheSameKeyOnly() {
        var profile = cached(onRedis(120));
        assertThat(new ProfileValidator().validate(profile)).isEmpty();
        try (var first = engine("key-one"); var second = engine("key-one"); var stranger = engine("key-two");
             var redisClient = inspect()) {
            var answered = first.call(profile, CallOptions.DEFAULTS);
            assertThat(answered.ok()).as(String.valueOf(answered.error())).isTrue();
            assertThat(answered.cached()).isFalse();
            var hit = second.call(profile, CallOptions.DEFAULTS);
            assertThat(hit.cached()).isTrue();
            assertThat(hit.text()).isEqualTo(answered.text());
            assertThat(simulator.requestsReceived()).isEqualTo(1);
            // Another API key is another tenant: never served the first one's answer.
            var other = stranger.call(profile, CallOptions.DEFAULTS);
            assertThat(other.cached()).isFalse();
            assertThat(simulator.requestsReceived()).isEqualTo(2);

            var keys = redisClient.keys("*");
            assertThat(keys).hasSize(2).allSatisfy(key -> {
                assertThat(key).matches("team-a:[0-9a-f]{16}:[0-9a-f]{64}");
                assertThat(key).doesNotContain("key-one", "key-two", "Hello", simulator.baseUrl());
                assertThat(redisClient.ttl(key)).isBetween(1L, 120L);
            });
            var value = redisClient.get(keys.iterator().next());
            assertThat(value).contains(answered.text().substring(0, 5)).doesNotContain("key-one");

            assertThat(first.clearCache(profile)).isEqualTo(2);
            assertThat(redisClient.keys("*")).isEmpty();
        }
    }

    @Test
    void noCacheAsksTheProviderAndNoStoreKeepsNothing() {
        var profile = cached(onRedis(60));
        try (var engine = engine("key-one"); var redisClient = inspect()) {
            var noStore = CallOptions.DEFAULTS.withCacheUse(new CallOptions.CacheUse(true, false));
            engine.call(profile, noStore);
            assertThat(redisClient.keys("*")).isEmpty();
            engine.call(profile, CallOptions.DEFAULTS);
            assertThat(redisClient.keys("*")).hasSize(1);
            var noCache = CallOptions.DEFAULTS.withCacheUse(new CallOptions.CacheUse(false, true));
            assertThat(engine.call(profile, noCache).cached()).isFalse();
            assertThat(engine.call(profile, CallOptions.DEFAULTS).cached()).isTrue();
        }
        assertThat(simulator.requestsReceived()).isEqualTo(3);
    }

    @Test
    void anAnswerExpiresWithItsTtl() throws Exception {
        var profile = cached(onRedis(1));
        try (var engine = engine("key-one")) {
            engine.call(profile, CallOptions.DEFAULTS);
            assertThat(engine.call(profile, CallOptions.DEFAULTS).cached()).isTrue();
            Thread.sleep(2_100);
            assertThat(engine.call(profile, CallOptions.DEFAULTS).cached()).isFalse();
        }
        assertThat(simulator.requestsReceived()).isEqualTo(2);
    }

    /** What a dyno call process printed: its JSON on standard output, its warnings on standard error. */
    private record Printed(int exitCode, com.fasterxml.jackson.databind.JsonNode json, String errors) {
    }

    private Printed dynoCall(Path profile) throws Exception {
        var builder = dev.llmdyno.DynoProcess.builder("call", profile.toString(), "--json");
        builder.environment().putAll(Map.of("REDIS_PASSWORD", PASSWORD, "SIM_KEY", "key-one",
                "XDG_DATA_HOME", dir.resolve("data").toString(), "XDG_CONFIG_HOME", dir.resolve("config").toString()));
        var out = dir.resolve("out-" + System.nanoTime());
        var err = dir.resolve("err-" + System.nanoTime());
        var process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Printed(process.exitValue(), dev.llmdyno.profile.Mappers.json().readTree(Files.readString(out)),
                Files.readString(err));
    }

    @Test
    void twoDynoCallProcessesShareTheRedisAndAGoneRedisOnlyWarns() throws Exception {
        var file = dir.resolve("cached.yaml");
        dev.llmdyno.profile.ProfileIO.write(cached(onRedis(60)).withPrompt(dev.llmdyno.profile.Prompt.of(null, "Say hi")), file);
        var first = dynoCall(file);
        assertThat(first.exitCode()).as(first.errors()).isZero();
        assertThat(first.json().path("cached").asBoolean()).isFalse();
        var second = dynoCall(file);
        assertThat(second.json().path("cached").asBoolean()).isTrue();
        assertThat(second.json().path("text").asText()).isEqualTo(first.json().path("text").asText());
        assertThat(simulator.requestsReceived()).isEqualTo(1);

        redis.destroy();
        redis.waitFor(10, TimeUnit.SECONDS);
        var withoutRedis = dynoCall(file);
        assertThat(withoutRedis.exitCode()).as(withoutRedis.errors()).isZero();
        assertThat(withoutRedis.json().path("cached").asBoolean()).isFalse();
        assertThat(withoutRedis.errors()).contains("the response cache on redis://127.0.0.1:" + port + "/0 cannot be used");
        assertThat(simulator.requestsReceived()).isEqualTo(2);
    }

    @Test
    void aRedisThatIsGoneIsAMissAndTheCallGoesToTheProvider() throws Exception {
        var profile = cached(onRedis(60));
        redis.destroy();
        redis.waitFor(10, TimeUnit.SECONDS);
        try (var engine = engine("key-one")) {
            for (int i = 0; i < 2; i++) {
                var result = engine.call(profile, CallOptions.DEFAULTS);
                assertThat(result.ok()).as(String.valueOf(result.error())).isTrue();
                assertThat(result.cached()).isFalse();
            }
        }
        assertThat(simulator.requestsReceived()).isEqualTo(2);
    }

    @Test
    void theDiskCacheIsTheOwnersAlone() throws Exception {
        var profile = cached(new Levers.Cache(true, 60, null, true));
        try (var engine = engine("key-one")) {
            engine.call(profile, CallOptions.DEFAULTS);
            assertThat(engine.call(profile, CallOptions.DEFAULTS).cached()).isTrue();
        }
        var folder = dir.resolve("own-key-one");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        try (var files = Files.list(folder)) {
            var written = files.toList();
            assertThat(written).hasSize(1);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written.getFirst()))).isEqualTo("rw-------");
            assertThat(written.getFirst().getFileName().toString()).startsWith("llm-dyno_").doesNotContain("key-one");
        }
    }

    @Test
    void aPasswordInTheUrlOrABadNamespaceIsNamedByItsPath() {
        var profile = cached(new Levers.Cache(true, 60, null, null, "team a",
                new Levers.Redis("redis://:hunter2@127.0.0.1:6379", "hunter2")));
        assertThat(new ProfileValidator().validate(profile)).extracting(Object::toString).anySatisfy(p ->
                        assertThat(p).startsWith("levers.cache.namespace: 'team a' must be"))
                .anySatisfy(p -> assertThat(p).startsWith("levers.cache.redis.url: the URL is not").doesNotContain("hunter2"))
                .anySatisfy(p -> assertThat(p).startsWith("levers.cache.redis.passwordRef: must be a reference"));
    }
}
