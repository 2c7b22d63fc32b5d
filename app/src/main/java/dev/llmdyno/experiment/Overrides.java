package dev.llmdyno.experiment;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.catalog.Tier;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.Problem;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ReadErrors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Variants as changes to a profile. Overrides are a JSON merge patch on the profile's own field names (objects
 * merge, anything else replaces, null removes), plus {@code tier}, which picks the catalog's first model of that
 * tier from the base model's provider.
 */
public final class Overrides {

    private Overrides() {
    }

    /** The result of applying overrides: a profile, or the problems found, paths relative to the overrides. */
    public record Applied(Profile profile, List<Problem> problems) {
    }

    public static Applied apply(Profile base, ObjectNode overrides, Catalog catalog) {
        if (overrides == null || overrides.isEmpty()) {
            return new Applied(base, List.of());
        }
        var patch = overrides.deepCopy();
        var problems = new ArrayList<Problem>();
        var tier = patch.remove("tier");
        if (tier != null) {
            resolveTier(base, tier, patch, catalog, problems);
        }
        ObjectNode tree = Mappers.json().valueToTree(base);
        merge(tree, patch);
        try {
            return new Applied(Mappers.json().treeToValue(tree, Profile.class), problems);
        } catch (JacksonException e) {
            problems.add(ReadErrors.toProblem(e));
            return new Applied(null, problems);
        }
    }

    /** The overrides that turn {@code base} into {@code changed}: only the fields that differ. */
    public static ObjectNode between(Profile base, Profile changed) {
        ObjectNode from = Mappers.json().valueToTree(base);
        ObjectNode to = Mappers.json().valueToTree(changed);
        return diff(from, to);
    }

    /** The overrides as {@code path: value} lines for people, e.g. {@code params.maxTokens: 128}. */
    public static List<String> describe(ObjectNode overrides) {
        var lines = new ArrayList<String>();
        if (overrides != null) {
            flatten("", overrides, lines);
        }
        return lines;
    }

    private static void resolveTier(Profile base, JsonNode tierNode, ObjectNode patch, Catalog catalog,
                                    List<Problem> problems) {
        Tier tier;
        try {
            tier = Tier.fromId(tierNode.asText());
        } catch (IllegalArgumentException e) {
            problems.add(Problem.at("tier", e.getMessage()));
            return;
        }
        var provider = catalog.find(patch.path("model").asText(base.model())).map(m -> m.provider()).orElse(null);
        var model = catalog.models(tier).stream()
                .filter(candidate -> provider == null || provider.equals(candidate.provider()))
                .findFirst();
        if (model.isEmpty()) {
            problems.add(Problem.at("tier", "the catalog has no " + tier.id() + "-tier model"
                    + (provider == null ? "" : " from " + provider)));
            return;
        }
        patch.put("model", model.get().id());
    }

    private static void merge(ObjectNode target, ObjectNode patch) {
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            var value = field.getValue();
            var existing = target.get(field.getKey());
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value.isObject() && existing != null && existing.isObject()) {
                merge((ObjectNode) existing, (ObjectNode) value);
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        }
    }

    private static ObjectNode diff(ObjectNode from, ObjectNode to) {
        var out = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : to.properties()) {
            var before = from.get(field.getKey());
            var after = field.getValue();
            if (after.equals(before)) {
                continue;
            }
            if (after.isObject() && before != null && before.isObject()) {
                out.set(field.getKey(), diff((ObjectNode) before, (ObjectNode) after));
            } else {
                out.set(field.getKey(), after.deepCopy());
            }
        }
        from.fieldNames().forEachRemaining(name -> {
            if (!to.has(name)) {
                out.putNull(name);
            }
        });
        return out;
    }

    private static void flatten(String prefix, JsonNode node, List<String> lines) {
        if (node.isObject() && node.isEmpty()) {
            return; // "{}" changes nothing
        }
        if (node.isObject()) {
            node.properties().forEach(field -> flatten(prefix.isEmpty() ? field.getKey()
                    : prefix + "." + field.getKey(), field.getValue(), lines));
        } else {
            var text = node.isTextual() ? node.asText() : node.toString();
            lines.add(prefix + ": " + (text.length() > 60 ? text.substring(0, 57) + "..." : text));
        }
    }
}
