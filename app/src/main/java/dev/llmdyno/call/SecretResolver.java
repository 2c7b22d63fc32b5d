package dev.llmdyno.call;

import dev.llmdyno.profile.SecretRef;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Looks up a secret reference at call time. {@code env:NAME} reads the environment; {@code keyring:NAME} asks the
 * desktop keyring through {@code secret-tool} (libsecret) where it is installed. Values are returned to the
 * caller only; failures say which reference failed, never a value.
 */
public class SecretResolver {

    private final Function<String, String> environment;

    public SecretResolver(Function<String, String> environment) {
        this.environment = environment;
    }

    /** Reads the process environment. */
    public static SecretResolver system() {
        return new SecretResolver(System::getenv);
    }

    public static SecretResolver of(Map<String, String> values) {
        return new SecretResolver(values::get);
    }

    /** The secret's value; throws {@link MissingSecretException} naming the reference when there is none. */
    public String resolve(String reference) {
        var ref = SecretRef.parse(reference).orElseThrow(() ->
                new MissingSecretException("endpoint.apiKeyRef is not a reference (env:NAME or keyring:NAME)"));
        var value = switch (ref.scheme()) {
            case ENV -> environment.apply(ref.name());
            case KEYRING -> keyring(ref.name());
        };
        if (value == null || value.isBlank()) {
            throw new MissingSecretException(ref.scheme() == SecretRef.Scheme.ENV
                    ? "environment variable " + ref.name() + " is not set (endpoint.apiKeyRef " + ref + ")"
                    : "the keyring has no secret '" + ref.name() + "' (endpoint.apiKeyRef " + ref + ")");
        }
        return value.strip();
    }

    protected String keyring(String name) {
        try {
            var process = new ProcessBuilder("secret-tool", "lookup", "service", "llm-dyno", "key", name)
                    .redirectErrorStream(false).start();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            return process.exitValue() == 0 ? new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    public static final class MissingSecretException extends RuntimeException {
        public MissingSecretException(String message) {
            super(message);
        }
    }
}
