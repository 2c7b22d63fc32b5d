package dev.llmdyno.call;

import dev.llmdyno.profile.SecretRef;

import java.util.Map;
import java.util.function.Function;

/**
 * Looks up a secret reference at call time. {@code env:NAME} reads the environment; {@code keyring:NAME} asks the
 * desktop keyring through {@code secret-tool} (libsecret) where it is installed. Values are returned to the
 * caller only; failures say which reference failed, never a value.
 */
public class SecretResolver {

    private final Function<String, String> environment;
    private final Keyring keyring;

    public SecretResolver(Function<String, String> environment) {
        this(environment, Keyring.system());
    }

    public SecretResolver(Function<String, String> environment, Keyring keyring) {
        this.environment = environment;
        this.keyring = keyring;
    }

    /** Where {@code keyring:} references are looked up, and keys entered in the desktop are stored. */
    public Keyring keyring() {
        return keyring;
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
            case KEYRING -> keyring.lookup(ref.name());
        };
        if (value == null || value.isBlank()) {
            throw new MissingSecretException(ref.scheme() == SecretRef.Scheme.ENV
                    ? "environment variable " + ref.name() + " is not set (endpoint.apiKeyRef " + ref + ")"
                    : "the keyring has no secret '" + ref.name() + "' (endpoint.apiKeyRef " + ref + ")");
        }
        return value.strip();
    }

    public static final class MissingSecretException extends RuntimeException {
        public MissingSecretException(String message) {
            super(message);
        }
    }
}
