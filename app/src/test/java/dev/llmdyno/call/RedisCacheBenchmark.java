package dev.llmdyno.call;

import dev.llmdyno.BenchReport;
import dev.llmdyno.RealTools;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Params;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProviderKind;
import dev.llmdyno.sim.ModelSpec;
import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.sim.Simulator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the shared cache adds to a call: the Redis round trips of a lookup and of keeping an answer (a 300-token
 * answer's entry, Debian's redis-server on loopback), and a whole cache hit through {@code CallEngine.call} with the
 * cache on Redis against the cache in memory. Interleaved in blocks so both see the same machine.
 */
@Tag("benchmark")
class RedisCacheBenchmark {

    private static final int BLOCKS = 20;
    private static final int PER_BLOCK = 200;

    @TempDir
    Path dir;

    @Test
    void addedLatencyPerCall() throws Exception {
        var report = new BenchReport("redis-cache");
        int port = RealTools.freePort();
        var redis = new ProcessBuilder(RealTools.program("redis-server", "apt-get install redis-server").toString(),
                "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", dir.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        try (var simulator = Simulator.startLocal(SimConfig.defaults().withModels(List.of(
                new ModelSpec("m", 1.0, 0.0, 0.1, 0.0, 0.0, 0.0, 1.0, 1, 8, 0.0, 300, 300, 0))));
             var engine = CallEngine.builder(Catalog.builtIn()).secrets(SecretResolver.of(Map.of("K", "key")))
                     .cache(new ResponseCache(dir.resolve("cache"))).build()) {
            RealTools.awaitPort(port, redis, Duration.ofSeconds(20));
            var onRedis = new Levers.Cache(true, 600, null, null, "bench", new Levers.Redis("redis://127.0.0.1:" + port, null));
            var inMemory = new Levers.Cache(true, 600, null, null, "bench", null);
            var base = Profile.starter().withEndpoint(new Endpoint(null, ProviderKind.OPENAI_COMPATIBLE,
                    simulator.baseUrl() + "/v1", "env:K", null, null)).withModel("m")
                    .withParams(Params.DEFAULTS.withMaxTokens(300).withStream(false));
            var redisProfile = base.withLevers(Levers.DEFAULTS.withCache(onRedis));
            var memoryProfile = base.withLevers(Levers.DEFAULTS.withCache(inMemory));
            var answered = engine.call(redisProfile, CallOptions.DEFAULTS);
            engine.call(memoryProfile, CallOptions.DEFAULTS);

            var cache = new ResponseCache(dir.resolve("raw"));
            var entry = new ResponseCache.Entry(answered.text(), "", "stop", 20, 0, 300, System.currentTimeMillis() + 600_000);
            var gets = new double[BLOCKS * PER_BLOCK];
            var puts = new double[BLOCKS * PER_BLOCK];
            var redisHits = new double[BLOCKS * PER_BLOCK];
            var memoryHits = new double[BLOCKS * PER_BLOCK];
            for (int warm = 0; warm < 2_000; warm++) {
                cache.put("bench:t:" + warm, entry, onRedis, ref -> null);
                cache.get("bench:t:" + warm, onRedis, ref -> null);
                engine.call(redisProfile, CallOptions.DEFAULTS);
                engine.call(memoryProfile, CallOptions.DEFAULTS);
            }
            int n = 0;
            for (int block = 0; block < BLOCKS; block++) {
                for (int i = 0; i < PER_BLOCK; i++, n++) {
                    long start = System.nanoTime();
                    cache.put("bench:t:x" + n, entry, onRedis, ref -> null);
                    puts[n] = (System.nanoTime() - start) / 1e6;
                    start = System.nanoTime();
                    cache.get("bench:t:x" + n, onRedis, ref -> null);
                    gets[n] = (System.nanoTime() - start) / 1e6;
                    start = System.nanoTime();
                    var hit = engine.call(redisProfile, CallOptions.DEFAULTS);
                    redisHits[n] = (System.nanoTime() - start) / 1e6;
                    start = System.nanoTime();
                    var memoryHit = engine.call(memoryProfile, CallOptions.DEFAULTS);
                    memoryHits[n] = (System.nanoTime() - start) / 1e6;
                    if (!hit.cached() || !memoryHit.cached()) {
                        throw new AssertionError("a benchmark call missed the cache");
                    }
                }
            }
            report.line(String.format(java.util.Locale.ROOT, "entry %d bytes of answer text, %d samples each, redis-server on loopback",
                    answered.text().length(), n));
            for (var row : List.of(new Object[]{"Redis GET (lookup of a kept answer)", gets},
                    new Object[]{"Redis SET with TTL (keeping an answer)", puts},
                    new Object[]{"cache hit through CallEngine.call, Redis", redisHits},
                    new Object[]{"cache hit through CallEngine.call, memory", memoryHits})) {
                var values = (double[]) row[1];
                report.line(String.format(java.util.Locale.ROOT, "%-45s p50 %.3f ms  p99 %.3f ms", row[0],
                        BenchReport.quantile(values, 0.5), BenchReport.quantile(values, 0.99)));
            }
        } finally {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
