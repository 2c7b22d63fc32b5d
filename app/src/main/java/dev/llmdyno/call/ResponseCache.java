package dev.llmdyno.call;

import dev.llmdyno.profile.Mappers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Answers kept by the canonical request (endpoint, model, parameters, messages): an in-memory LRU with a time to
 * live, and optionally files on disk that outlive the process. Only successful answers are kept.
 */
public final class ResponseCache {

    /** What is kept of an answer. */
    record Entry(String text, String reasoning, String finishReason, Integer inputTokens, Integer cachedInputTokens,
                 Integer outputTokens, long expiresAtEpochMs) {
    }

    private final Path directory;
    private final Map<String, Entry> memory = new LinkedHashMap<>(64, 0.75f, true);

    public ResponseCache(Path directory) {
        this.directory = directory;
    }

    static String key(String canonicalRequest) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(canonicalRequest.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    synchronized Optional<Entry> get(String key, boolean onDisk) {
        var entry = memory.get(key);
        if (entry == null && onDisk) {
            entry = readFile(key);
        }
        if (entry == null || entry.expiresAtEpochMs() < System.currentTimeMillis()) {
            memory.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry);
    }

    synchronized void put(String key, Entry entry, int maxEntries, boolean onDisk) {
        memory.put(key, entry);
        while (memory.size() > maxEntries) {
            memory.remove(memory.keySet().iterator().next());
        }
        if (onDisk) {
            try {
                Files.createDirectories(directory);
                Files.writeString(directory.resolve(key + ".json"), Mappers.json().writeValueAsString(entry));
            } catch (IOException e) {
                // the disk copy is a convenience; the answer is still cached in memory
            }
        }
    }

    private Entry readFile(String key) {
        var file = directory.resolve(key + ".json");
        try {
            return Files.isRegularFile(file) ? Mappers.json().readValue(Files.readString(file), Entry.class) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
