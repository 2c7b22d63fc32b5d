package dev.llmdyno.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmdyno.profile.Problem;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.Prompt;
import dev.llmdyno.profile.ProviderKind;
import dev.llmdyno.profile.SecretRef;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** What the importers share: reading fields leniently, key references, the kind behind an address, the prompt. */
final class Imports {

    /** The user message an imported profile gets: gateway configs hold no prompt, and a profile needs one to run. */
    static final String PLACEHOLDER_MESSAGE = "Replace this placeholder with your prompt.";

    /** os.environ/NAME (LiteLLM), ${NAME} and $NAME (shell, envsubst, Portkey exports). */
    private static final Pattern ENV_REFERENCE =
            Pattern.compile("os\\.environ/([A-Za-z_][A-Za-z0-9_]*)|\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");
    /** Values that say "no key" rather than being one. */
    private static final Set<String> NO_KEY = Set.of("", "none", "unused", "empty", "no-key", "dummy", "fake");

    private Imports() {
    }

    /**
     * The profile's key reference for a file's key field: env:NAME for a reference to a variable, null for none; a
     * literal key is a problem, since a profile holds references only and the file should not hold the key either.
     */
    static String keyRef(JsonNode key, String path, List<Problem> problems) {
        if (key.isMissingNode() || key.isNull()) {
            return null;
        }
        var text = key.asText().strip();
        var matcher = ENV_REFERENCE.matcher(text);
        if (matcher.matches()) {
            var name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
            return "env:" + name;
        }
        if (NO_KEY.contains(text.toLowerCase(java.util.Locale.ROOT))) {
            return null;
        }
        problems.add(Problem.at(path, "is a literal key; write a reference instead (os.environ/NAME or ${NAME}) "
                + "and keep the key in that environment variable: a profile never holds a key"));
        return null;
    }

    /** The kind of server at an address: the kind whose usual address it is, else a generic OpenAI-compatible one. */
    static ProviderKind kindAt(String baseUrl) {
        var normalized = normalize(baseUrl);
        return Arrays.stream(ProviderKind.values())
                .filter(kind -> kind.defaultBaseUrl().map(Imports::normalize).filter(normalized::equals).isPresent())
                .findFirst().orElse(ProviderKind.OPENAI_COMPATIBLE);
    }

    /** An address without its trailing slash, with localhost for the loopback address, for comparing. */
    private static String normalize(String url) {
        var trimmed = url.strip().replaceAll("/+$", "");
        try {
            var uri = URI.create(trimmed);
            if ("127.0.0.1".equals(uri.getHost())) {
                return trimmed.replaceFirst("127\\.0\\.0\\.1", "localhost");
            }
        } catch (IllegalArgumentException e) {
            // not a URL: compared as written, and validation names it
        }
        return trimmed;
    }

    /** Adds a warning for every field of {@code node} the import does not carry. */
    static void warnUncarried(JsonNode node, Set<String> carried, String prefix, List<String> warnings) {
        if (!node.isObject()) {
            return;
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!carried.contains(name)) {
                warnings.add(prefix + name + " is not carried into the profile");
            }
        });
    }

    /** A profile with the placeholder prompt where the file had none, and the warning that says so. */
    static Imported withPlaceholderPrompt(Profile profile, List<String> warnings) {
        if (!profile.prompt().messages().isEmpty()) {
            return new Imported(profile, warnings);
        }
        warnings.add("the file holds no prompt: prompt.messages[0] is a placeholder (\"" + PLACEHOLDER_MESSAGE
                + "\"); replace it before you measure");
        return new Imported(profile.withPrompt(Prompt.of(null, PLACEHOLDER_MESSAGE)), warnings);
    }

    /**
     * A routing target's name for the {@code index}th target of an imported file: the name it gives, unless that is
     * taken or absent, then "target-N" (made unique too); the name is added to {@code taken}.
     */
    static String targetName(java.util.Set<String> taken, String given, int index) {
        if (given != null && taken.add(given)) {
            return given;
        }
        var name = "target-" + (index + 1);
        for (int n = 2; !taken.add(name); n++) {
            name = "target-" + (index + 1) + "-" + n;
        }
        return name;
    }

    static String text(JsonNode node, String field) {
        return node.path(field).isTextual() && !node.path(field).asText().isBlank() ? node.path(field).asText() : null;
    }

    static Double number(JsonNode node, String field) {
        return node.path(field).isNumber() ? node.path(field).asDouble() : null;
    }

    /** A whole number field; any other value is a problem at {@code path}, an absent one null. */
    static Integer integer(JsonNode node, String field, String path, List<Problem> problems) {
        var value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (value.canConvertToInt() && (value.isIntegralNumber() || value.isNumber() && value.asDouble() == value.asInt())) {
            return value.asInt();
        }
        if (value.isTextual() && value.asText().strip().matches("\\d{1,9}")) {
            return Integer.parseInt(value.asText().strip());
        }
        problems.add(Problem.at(path, "must be a whole number, not " + value));
        return null;
    }
}
