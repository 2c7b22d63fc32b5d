package dev.llmdyno.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.catalog.ModelInfo;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.stream.Collectors;

/** Picks the tokenizer for an encoding name or a model. Encodings load lazily, once, on first use. */
public final class Tokenizers {

    private static final class Registry {
        static final EncodingRegistry INSTANCE = Encodings.newLazyEncodingRegistry();
    }

    private Tokenizers() {
    }

    /** The named encoding, exact; an unknown name is an error that lists the known ones. */
    public static Tokenizer forEncoding(String name) {
        return forEncoding(name, false);
    }

    static Tokenizer forEncoding(String name, boolean approximate) {
        var type = EncodingType.fromName(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown encoding '" + name + "'; use one of " + encodingNames()));
        return SHARED.computeIfAbsent(type.getName() + (approximate ? "~" : ""),
                key -> new Tokenizer(Registry.INSTANCE.getEncoding(type), approximate));
    }

    /** One tokenizer per encoding and label, so their remembered piece counts are shared. */
    private static final Map<String, Tokenizer> SHARED = new ConcurrentHashMap<>();

    /** A tokenizer of its own that remembers nothing yet; for measuring. */
    static Tokenizer fresh(String name) {
        var type = EncodingType.fromName(name).orElseThrow();
        return new Tokenizer(Registry.INSTANCE.getEncoding(type), false);
    }

    public static String encodingNames() {
        return Arrays.stream(EncodingType.values()).map(EncodingType::getName).collect(Collectors.joining(", "));
    }

    public static Tokenizer forModel(ModelInfo model) {
        var encoding = model.encoding() != null ? model.encoding() : EncodingType.CL100K_BASE.getName();
        return forEncoding(encoding, model.approximate() || model.encoding() == null);
    }

    /** The catalog's tokenizer for a model, empty for a model the catalog does not know. */
    public static Optional<Tokenizer> forModel(Catalog catalog, String modelId) {
        return catalog.find(modelId).map(Tokenizers::forModel);
    }

    /** For models the catalog does not know: the catalog's answer when there is one, else cl100k, approximate. */
    public static Tokenizer forModelOrFallback(Catalog catalog, String modelId) {
        return forModel(catalog, modelId).orElseGet(() -> forEncoding(EncodingType.CL100K_BASE.getName(), true));
    }
}
