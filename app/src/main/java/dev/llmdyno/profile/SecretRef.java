package dev.llmdyno.profile;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A reference to a secret, never the secret: {@code env:OPENAI_API_KEY} or {@code keyring:openai}.
 * The value is looked up at call time and is never written anywhere.
 */
public record SecretRef(Scheme scheme, String name) {

    public enum Scheme { ENV, KEYRING }

    private static final Pattern REFERENCE = Pattern.compile("(env|keyring):([A-Za-z_][A-Za-z0-9_.\\-]*)");
    /** Shapes of real keys (OpenAI, Anthropic, OpenRouter, Groq, Google) and long opaque tokens. */
    private static final Pattern LOOKS_LIKE_KEY = Pattern.compile(
            "(sk-|sk_|gsk_|AIza|xai-|pk-)[A-Za-z0-9_\\-]{8,}|[A-Za-z0-9_\\-]{32,}");

    public static Optional<SecretRef> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        var matcher = REFERENCE.matcher(text.strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        var scheme = matcher.group(1).equals("env") ? Scheme.ENV : Scheme.KEYRING;
        return Optional.of(new SecretRef(scheme, matcher.group(2)));
    }

    /** True for text that looks like a pasted key rather than a reference to one. */
    public static boolean looksLikeSecretValue(String text) {
        return text != null && LOOKS_LIKE_KEY.matcher(text.strip()).matches();
    }

    @Override
    public String toString() {
        return scheme.name().toLowerCase() + ":" + name;
    }
}
