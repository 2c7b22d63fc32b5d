package dev.llmdyno.sim;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.llmdyno.profile.InvalidInputException;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.Problem;
import dev.llmdyno.profile.StrictReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The simulator's configuration: its models, rate limits per API key, faults, and a seed that makes every answer
 * and every fault repeatable. {@code apiKeys} empty means no key is required. {@code trace} adds the server's send
 * time to each SSE event as a comment line. {@code network} is added between the simulator and its clients, and
 * each of {@code replicas} is another copy on a port of its own (see {@link Replica}). {@code promptCacheSeconds} is how
 * long a prompt-cache entry lives after its last use (five minutes, as at both providers). {@code keys} gives single
 * API keys limits of their own in place of {@code rateLimits}, and a priority for their requests.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"seed", "trace", "maxBodyBytes", "apiKeys", "rateLimits", "models", "faults", "network", "replicas",
        "promptCacheSeconds", "keys"})
public record SimConfig(Long seed, Boolean trace, Integer maxBodyBytes, List<String> apiKeys, RateLimits rateLimits,
                        List<ModelSpec> models, List<FaultSpec> faults, Network network, List<Replica> replicas,
                        Integer promptCacheSeconds, List<KeySettings> keys) {

    /** Per API key; null means unlimited. Tokens are counted as prompt tokens plus max_tokens, as OpenAI does. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RateLimits(Integer rpm, Integer tpm) {
        public static final RateLimits NONE = new RateLimits(null, null);
    }

    /**
     * One API key's own settings: its requests-per-minute and tokens-per-minute limits (null: the common
     * {@code rateLimits}' one), and the priority its requests wait for a sequence slot with where they set none
     * themselves (lower first, as vLLM's {@code priority}; 0 unless set).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"key", "rpm", "tpm", "priority"})
    public record KeySettings(String key, Integer rpm, Integer tpm, Integer priority) {
    }

    public SimConfig {
        seed = seed == null ? 42L : seed;
        trace = trace != null && trace;
        maxBodyBytes = maxBodyBytes == null ? 4 * 1024 * 1024 : maxBodyBytes;
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        rateLimits = rateLimits == null ? RateLimits.NONE : rateLimits;
        models = models == null || models.isEmpty() ? ModelSpec.defaults() : List.copyOf(models);
        faults = faults == null ? List.of() : List.copyOf(faults);
        network = network == null ? Network.LOOPBACK : network;
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
        promptCacheSeconds = promptCacheSeconds == null ? 300 : promptCacheSeconds;
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    public static SimConfig defaults() {
        return new SimConfig(null, null, null, null, null, null, null, null, null, null, null);
    }

    public SimConfig withModels(List<ModelSpec> value) {
        return new SimConfig(seed, trace, maxBodyBytes, apiKeys, rateLimits, value, faults, network, replicas, promptCacheSeconds, keys);
    }

    public SimConfig withFaults(List<FaultSpec> value) {
        return new SimConfig(seed, trace, maxBodyBytes, apiKeys, rateLimits, models, value, network, replicas, promptCacheSeconds, keys);
    }

    public SimConfig withTrace(boolean value) {
        return new SimConfig(seed, value, maxBodyBytes, apiKeys, rateLimits, models, faults, network, replicas, promptCacheSeconds, keys);
    }

    public SimConfig withApiKeys(List<String> value) {
        return new SimConfig(seed, trace, maxBodyBytes, value, rateLimits, models, faults, network, replicas, promptCacheSeconds, keys);
    }

    public SimConfig withRateLimits(RateLimits value) {
        return new SimConfig(seed, trace, maxBodyBytes, apiKeys, value, models, faults, network, replicas, promptCacheSeconds, keys);
    }

    public SimConfig withNetwork(Network value) {
        return new SimConfig(seed, trace, maxBodyBytes, apiKeys, rateLimits, models, faults, value, replicas, promptCacheSeconds, keys);
    }

    public SimConfig withPromptCacheSeconds(int value) {
        return new SimConfig(seed, trace, maxBodyBytes, apiKeys, rateLimits, models, faults, network, replicas, value, keys);
    }

    public SimConfig withKeys(List<KeySettings> value) {
        return new SimConfig(seed, trace, maxBodyBytes, apiKeys, rateLimits, models, faults, network, replicas, promptCacheSeconds, value);
    }

    /** The settings {@code apiKey} has of its own, if any. */
    java.util.Optional<KeySettings> settingsOf(String apiKey) {
        return keys.stream().filter(settings -> settings.key().equals(apiKey)).findFirst();
    }

    public SimConfig withReplicas(List<Replica> value) {
        return new SimConfig(seed, trace, maxBodyBytes, apiKeys, rateLimits, models, faults, network, value, promptCacheSeconds, keys);
    }

    /**
     * The configuration {@code replica} runs with: these models slowed and capped as it says, its faults and network
     * where it has its own, and no replicas of its own. The seed stays, so a prompt gets the same answer from every
     * replica of the model; the {@link Fleet} draws each replica's timings apart.
     */
    SimConfig forReplica(Replica replica) {
        var scaled = models.stream().map(model -> model.scaled(replica.slowdown(), replica.maxConcurrent())).toList();
        return new SimConfig(seed, trace, maxBodyBytes, apiKeys,
                rateLimits, scaled, replica.faults() == null ? faults : replica.faults(),
                replica.network() == null ? network : replica.network(), List.of(), promptCacheSeconds, keys);
    }

    public static SimConfig read(Path file) throws IOException, InvalidInputException {
        var text = StrictReader.readUtf8(file);
        if (text.isBlank()) {
            return defaults();
        }
        var config = StrictReader.read(text, Mappers.Format.of(file), SimConfig.class, file.toString());
        var problems = config.validate();
        if (!problems.isEmpty()) {
            throw new InvalidInputException(file.toString(), problems);
        }
        return config;
    }

    public List<Problem> validate() {
        var problems = new ArrayList<Problem>();
        if (maxBodyBytes < 1024) {
            problems.add(Problem.at("maxBodyBytes", maxBodyBytes + " must be at least 1024"));
        }
        positive(problems, "promptCacheSeconds", promptCacheSeconds);
        positive(problems, "rateLimits.rpm", rateLimits.rpm());
        positive(problems, "rateLimits.tpm", rateLimits.tpm());
        var ids = new HashSet<String>();
        for (int i = 0; i < models.size(); i++) {
            var model = models.get(i);
            var path = "models[" + i + "]";
            if (model.id() == null || model.id().isBlank()) {
                problems.add(Problem.at(path + ".id", "must not be empty"));
            } else if (!ids.add(model.id())) {
                problems.add(Problem.at(path + ".id", "'" + model.id() + "' appears twice"));
            }
            nonNegative(problems, path + ".ttftMs", model.ttftMs());
            nonNegative(problems, path + ".prefillMsPer1kTokens", model.prefillMsPer1kTokens());
            nonNegative(problems, path + ".decodeMsPerToken", model.decodeMsPerToken());
            nonNegative(problems, path + ".jitter", model.jitter());
            nonNegative(problems, path + ".loadFactor", model.loadFactor());
            unit(problems, path + ".cachedPrefillFactor", model.cachedPrefillFactor());
            unit(problems, path + ".tailProbability", model.tailProbability());
            if (model.tailFactor() < 1) {
                problems.add(Problem.at(path + ".tailFactor", model.tailFactor() + " must be at least 1"));
            }
            positive(problems, path + ".tokensPerChunk", model.tokensPerChunk());
            positive(problems, path + ".maxConcurrent", model.maxConcurrent());
            positive(problems, path + ".minOutputTokens", model.minOutputTokens());
            if (model.maxOutputTokens() < model.minOutputTokens()) {
                problems.add(Problem.at(path + ".maxOutputTokens", model.maxOutputTokens()
                        + " is less than minOutputTokens (" + model.minOutputTokens() + ")"));
            }
            if (model.reasoningTokens() < 0) {
                problems.add(Problem.at(path + ".reasoningTokens", model.reasoningTokens() + " must not be negative"));
            }
        }
        validateFaults(problems, "faults", faults, ids);
        var named = new HashSet<String>();
        for (int i = 0; i < keys.size(); i++) {
            var key = keys.get(i);
            var path = "keys[" + i + "]";
            if (key.key() == null || key.key().isBlank()) {
                problems.add(Problem.at(path + ".key", "must not be empty"));
            } else if (!named.add(key.key())) {
                problems.add(Problem.at(path + ".key", "names a key that an earlier entry names too"));
            }
            positive(problems, path + ".rpm", key.rpm());
            positive(problems, path + ".tpm", key.tpm());
        }
        validateNetwork(problems, "network", network);
        var names = new HashSet<String>();
        var ports = new HashSet<Integer>();
        for (int i = 0; i < replicas.size(); i++) {
            var replica = replicas.get(i);
            var path = "replicas[" + i + "]";
            if (replica.name() == null || replica.name().isBlank()) {
                problems.add(Problem.at(path + ".name", "must not be empty"));
            } else if (!names.add(replica.name())) {
                problems.add(Problem.at(path + ".name", "'" + replica.name() + "' names another replica too"));
            }
            if (replica.port() < 0 || replica.port() > 65_535) {
                problems.add(Problem.at(path + ".port", replica.port() + " is not a port; use 1 to 65535, or 0 for any free one"));
            } else if (replica.port() > 0 && !ports.add(replica.port())) {
                problems.add(Problem.at(path + ".port", replica.port() + " is another replica's port too"));
            }
            if (replica.slowdown() <= 0) {
                problems.add(Problem.at(path + ".slowdown", dev.llmdyno.profile.Numbers.format(replica.slowdown()) + " must be more than 0"));
            }
            positive(problems, path + ".maxConcurrent", replica.maxConcurrent());
            if (replica.network() != null) {
                validateNetwork(problems, path + ".network", replica.network());
            }
            if (replica.faults() != null) {
                validateFaults(problems, path + ".faults", replica.faults(), ids);
            }
        }
        return problems;
    }

    private static void validateFaults(List<Problem> problems, String prefix, List<FaultSpec> faults, Set<String> ids) {
        for (int i = 0; i < faults.size(); i++) {
            var fault = faults.get(i);
            var path = prefix + "[" + i + "]";
            if (fault.type() == null) {
                problems.add(Problem.at(path + ".type", "is required"));
            }
            if ((fault.probability() == null) == (fault.every() == null)) {
                problems.add(Problem.at(path, "needs exactly one of probability or every"));
            }
            unit(problems, path + ".probability", fault.probability());
            positive(problems, path + ".every", fault.every());
            positive(problems, path + ".burst", fault.burst());
            if (fault.afterChunks() < 0) {
                problems.add(Problem.at(path + ".afterChunks", fault.afterChunks() + " must not be negative"));
            }
            positive(problems, path + ".durationMs", fault.durationMs());
            if (fault.model() != null && !ids.contains(fault.model())) {
                problems.add(Problem.at(path + ".model", "'" + fault.model() + "' is not one of the models"));
            }
        }
    }

    private static void validateNetwork(List<Problem> problems, String path, Network network) {
        nonNegative(problems, path + ".rttMs", network.rttMs());
        nonNegative(problems, path + ".jitterMs", network.jitterMs());
        if (network.bytesPerSecond() != null && network.bytesPerSecond() < 1) {
            problems.add(Problem.at(path + ".bytesPerSecond", network.bytesPerSecond() + " must be at least 1"));
        }
    }

    private static void positive(List<Problem> problems, String path, Integer value) {
        if (value != null && value < 1) {
            problems.add(Problem.at(path, value + " must be at least 1"));
        }
    }

    private static void nonNegative(List<Problem> problems, String path, Double value) {
        if (value != null && value < 0) {
            problems.add(Problem.at(path, dev.llmdyno.profile.Numbers.format(value) + " must not be negative"));
        }
    }

    private static void unit(List<Problem> problems, String path, Double value) {
        if (value != null && (value < 0 || value > 1)) {
            problems.add(Problem.at(path, dev.llmdyno.profile.Numbers.format(value) + " is outside [0, 1]"));
        }
    }
}
