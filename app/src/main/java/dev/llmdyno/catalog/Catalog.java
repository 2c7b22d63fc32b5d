package dev.llmdyno.catalog;

import com.fasterxml.jackson.core.JacksonException;
import dev.llmdyno.AppDirs;
import dev.llmdyno.profile.InvalidInputException;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.ModelLimits;
import dev.llmdyno.profile.ReadErrors;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The models the app knows: the shipped list, with the user's file (if any) adding or overriding entries by id.
 * A model that is not here still works; its cost is shown as unknown.
 */
public final class Catalog implements ModelLimits {

    private static final String BUILT_IN = "/dev/llmdyno/catalog/models.yaml";

    private final Map<String, ModelInfo> byId;
    private final List<ModelInfo> ordered;

    public Catalog(Collection<ModelInfo> models) {
        var map = new LinkedHashMap<String, ModelInfo>();
        models.forEach(model -> map.put(model.id(), model));
        this.byId = Map.copyOf(map);
        this.ordered = List.copyOf(map.values());
    }

    /** The shipped catalog alone. */
    public static Catalog builtIn() {
        try (InputStream in = Catalog.class.getResourceAsStream(BUILT_IN)) {
            return new Catalog(parse(new String(in.readAllBytes()), BUILT_IN));
        } catch (IOException | InvalidInputException e) {
            throw new IllegalStateException("the built-in catalog is unreadable", e);
        }
    }

    /** The shipped catalog with the user's file applied on top, when that file exists. */
    public static Catalog load(Path userFile) throws IOException, InvalidInputException {
        var models = new LinkedHashMap<String, ModelInfo>();
        builtIn().models().forEach(model -> models.put(model.id(), model));
        if (userFile != null && Files.isRegularFile(userFile)) {
            parse(Files.readString(userFile), userFile.toString()).forEach(model -> models.put(model.id(), model));
        }
        return new Catalog(models.values());
    }

    /** The user's catalog file: {@code $XDG_CONFIG_HOME/llm-dyno/models.yaml}, else {@code ~/.config/...}. */
    public static Path defaultUserFile() {
        return AppDirs.config().resolve("models.yaml");
    }

    static List<ModelInfo> parse(String yaml, String source) throws InvalidInputException {
        try {
            var file = Mappers.yaml().readValue(yaml, CatalogFile.class);
            return file.models().stream().map(model -> model.withAsOf(file.asOf())).toList();
        } catch (JacksonException e) {
            throw new InvalidInputException(source, List.of(ReadErrors.toProblem(e, yaml)));
        }
    }

    record CatalogFile(String asOf, List<ModelInfo> models) {
        CatalogFile {
            models = models == null ? List.of() : models;
        }
    }

    public List<ModelInfo> models() {
        return ordered;
    }

    public List<ModelInfo> models(Tier tier) {
        return ordered.stream().filter(model -> tier == null || model.tier() == tier).toList();
    }

    /**
     * The entry for a model id. Dated snapshots and provider prefixes resolve to their family:
     * {@code gpt-4o-2024-08-06} and {@code openai/gpt-4o} find {@code gpt-4o}.
     */
    public Optional<ModelInfo> find(String modelId) {
        if (modelId == null) {
            return Optional.empty();
        }
        var exact = byId.get(modelId);
        if (exact != null) {
            return Optional.of(exact);
        }
        var bare = modelId.contains("/") && !byId.containsKey(modelId)
                ? modelId.substring(modelId.lastIndexOf('/') + 1) : modelId;
        if (byId.containsKey(bare)) {
            return Optional.of(byId.get(bare));
        }
        return ordered.stream()
                .filter(model -> bare.startsWith(model.id() + "-"))
                .max(Comparator.comparingInt(model -> model.id().length()));
    }

    @Override
    public OptionalInt maxOutputTokens(String model) {
        return find(model).map(ModelInfo::maxOutputTokens)
                .map(OptionalInt::of).orElse(OptionalInt.empty());
    }

}
