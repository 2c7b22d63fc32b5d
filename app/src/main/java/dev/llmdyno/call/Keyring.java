package dev.llmdyno.call;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The desktop's keyring, where {@code keyring:NAME} references point: the freedesktop Secret Service (GNOME Keyring,
 * KWallet) through libsecret's {@code secret-tool}, under the attributes {@code service=llm-dyno key=NAME}. A key
 * goes to the keyring through the tool's standard input, never a command line or a file.
 */
public class Keyring {

    static final String SERVICE = "llm-dyno";
    private static final long TIMEOUT_SECONDS = 10;

    private final String tool;
    private final Map<String, String> environment;

    /** {@code environment} is added to the tool's (a test's own session bus); empty inherits this process's. */
    public Keyring(Map<String, String> environment) {
        this("secret-tool", environment);
    }

    Keyring(String tool, Map<String, String> environment) {
        this.tool = tool;
        this.environment = Map.copyOf(environment);
    }

    public static Keyring system() {
        return new Keyring(Map.of());
    }

    /** The secret stored under {@code name}, or null when there is none or no keyring. */
    public String lookup(String name) {
        try {
            var result = run(null, "lookup", "service", SERVICE, "key", name);
            return result.exitCode() == 0 ? result.output() : null;
        } catch (KeyringException e) {
            return null;
        }
    }

    /** Stores {@code secret} under {@code name}, replacing what was there; says why when it cannot. */
    public void store(String name, String secret) {
        var result = run(secret, "store", "--label=LLM Dyno: " + name, "service", SERVICE, "key", name);
        if (result.exitCode() != 0) {
            throw new KeyringException("The keyring refused to store '" + name + "'"
                    + (result.error().isBlank() ? "" : ": " + result.error().strip())
                    + ". Is a keyring (GNOME Keyring, KWallet) running and unlocked?");
        }
    }

    private record Result(int exitCode, String output, String error) {
    }

    private Result run(String input, String... arguments) {
        var command = new java.util.ArrayList<String>();
        command.add(tool);
        command.addAll(java.util.List.of(arguments));
        var builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new KeyringException("No keyring here: secret-tool (libsecret-tools) is not installed"
                    + (System.getProperty("os.name", "").startsWith("Linux") ? "" : " and only the Secret Service is supported")
                    + ". Put the key in an environment variable and use env:NAME instead.");
        }
        try (var stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            process.destroyForcibly();
            throw new KeyringException("secret-tool stopped before it read the key: " + e.getMessage());
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new KeyringException("The keyring did not answer in " + TIMEOUT_SECONDS
                        + " s; it may be waiting to be unlocked.");
            }
            return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new KeyringException("Cannot read secret-tool's answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new KeyringException("Interrupted while the keyring was asked");
        }
    }

    /** Why the keyring cannot be used, in words for the user. */
    public static final class KeyringException extends RuntimeException {
        public KeyringException(String message) {
            super(message);
        }
    }

    /** A keyring name made from an endpoint's name: "OpenAI (work)" → "openai-work". */
    public static String nameFor(String endpointName) {
        var slug = endpointName == null ? "" : endpointName.toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9_.-]+", "-").replaceAll("^-+|-+$", "");
        return slug.isEmpty() || !Character.isLetter(slug.charAt(0)) ? "endpoint-" + slug : slug;
    }
}
