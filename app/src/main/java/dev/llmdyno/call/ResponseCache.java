package dev.llmdyno.call;

import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Mappers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers kept by the canonical request (the body as its wire format sends it, and where it goes), per tenant:
 * in memory (an LRU with a time to live), also in owner-only files on disk that outlive the process, or on a
 * shared Redis ({@link RedisAnswers}). Keys are {@code namespace:tenant:request}, the tenant and the request being
 * hashes, so no key, prompt or answer text is ever part of a key. Only successful answers are kept.
 */
public final class ResponseCache {

    /** What is kept of an answer. */
    record Entry(String text, String reasoning, String finishReason, Integer inputTokens, Integer cachedInputTokens,
                 Integer outputTokens, long expiresAtEpochMs) {

        /** The size of its text and reasoning in UTF-8: what {@code maxEntryBytes} bounds. */
        long bytes() {
            return (long) text.getBytes(StandardCharsets.UTF_8).length
                    + (reasoning == null ? 0 : reasoning.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    private final Path directory;
    private final Map<String, Entry> memory = new LinkedHashMap<>(64, 0.75f, true);
    private final RedisAnswers redis = new RedisAnswers();
    private static final Logger LOG = Logger.getLogger(ResponseCache.class.getName());
    private volatile boolean diskWarned;

    public ResponseCache(Path directory) {
        this.directory = directory;
    }

    /** The key of a request for one tenant in one namespace. */
    static String key(String namespace, String tenant, String canonicalRequest) {
        return namespace + ":" + tenant + ":" + sha256(canonicalRequest);
    }

    /**
     * Who the answer belongs to: a hash of the API key the call is made with ("" for none) and of the user, where
     * the profile names one, so an answer is never served to a caller with another key or to another user, and
     * neither can be read back from the hash's 16 hex digits.
     */
    static String tenant(String apiKey, String user) {
        return sha256("llm-dyno tenant\n" + (apiKey == null ? "" : apiKey)
                + (user == null ? "" : "\nuser\n" + user)).substring(0, 16);
    }

    private static String sha256(String text) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Connects to the cache's Redis, if it has one, so the first lookup does not pay for it; once per server. */
    void prepare(Levers.Cache settings, Function<String, String> secrets) {
        if (settings.redis() != null) {
            redis.prepare(settings.redis(), secrets);
        }
    }

    /** The answer kept under {@code key}, if it has not expired; {@code secrets} resolves a Redis password. */
    Optional<Entry> get(String key, Levers.Cache settings, Function<String, String> secrets) {
        if (settings.redis() != null) {
            return redis.get(settings.redis(), secrets, key).filter(entry -> entry.expiresAtEpochMs() >= System.currentTimeMillis());
        }
        synchronized (this) {
            var entry = memory.get(key);
            if (entry == null && settings.onDisk()) {
                entry = readFile(key);
            }
            if (entry == null || entry.expiresAtEpochMs() < System.currentTimeMillis()) {
                memory.remove(key);
                return Optional.empty();
            }
            return Optional.of(entry);
        }
    }

    void put(String key, Entry entry, Levers.Cache settings, Function<String, String> secrets) {
        if (entry.bytes() > settings.maxEntryBytes()) {
            return;
        }
        if (settings.redis() != null) {
            redis.put(settings.redis(), secrets, key, entry, settings.ttlSeconds());
            return;
        }
        synchronized (this) {
            memory.put(key, entry);
            while (memory.size() > settings.maxEntries()) {
                memory.remove(memory.keySet().iterator().next());
            }
        }
        // Outside the lock: other calls' lookups need not wait for this file.
        if (settings.onDisk()) {
            writeFile(key, entry);
        }
    }

    /** Forgets every answer of {@code settings}' namespace, here and on its Redis; returns how many were kept. */
    public long clear(Levers.Cache settings, Function<String, String> secrets) {
        if (settings.redis() != null) {
            return redis.clear(settings.redis(), secrets, settings.namespace());
        }
        var prefix = settings.namespace() + ":";
        synchronized (this) {
            long removed = memory.keySet().stream().filter(k -> k.startsWith(prefix)).count();
            memory.keySet().removeIf(k -> k.startsWith(prefix));
            try (var files = Files.exists(directory) ? Files.list(directory) : java.util.stream.Stream.<Path>empty()) {
                for (var file : files.filter(f -> f.getFileName().toString().startsWith(fileName(prefix))).toList()) {
                    Files.deleteIfExists(file);
                    removed++;
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot clear the cache in " + directory, e);
            }
            return removed;
        }
    }

    private static String fileName(String key) {
        return key.replace(':', '_');
    }

    private Entry readFile(String key) {
        var file = directory.resolve(fileName(key) + ".json");
        try {
            return Files.isRegularFile(file) ? Mappers.json().readValue(Files.readString(file), Entry.class) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Answer text is private: the folder is the owner's alone (0700) and each file is written to a temporary
     * owner-only (0600) file first, then moved into place, so no reader sees a half-written or world-readable one.
     */
    private void writeFile(String key, Entry entry) {
        Path temporary = null;
        try {
            createPrivateDirectory(directory);
            temporary = Files.createTempFile(directory, "entry", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, Mappers.json().writeValueAsString(entry));
            Files.move(temporary, directory.resolve(fileName(key) + ".json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            // The answer is still kept in memory; the disk copy is what is lost, and the user is told once.
            if (!diskWarned) {
                diskWarned = true;
                LOG.log(Level.WARNING, "the response cache cannot write to " + directory + " (" + e
                        + "); answers are kept in memory only");
            }
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // nothing more can be done about a folder that refuses writes
                }
            }
        }
    }

    private static void createPrivateDirectory(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        Files.createDirectories(folder.getParent());
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException raced) {
            // another call made it first
        }
    }
}
