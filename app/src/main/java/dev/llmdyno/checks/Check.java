package dev.llmdyno.checks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A check on each answer, written as promptfoo writes its assertions ({@code type}, {@code value},
 * {@code threshold}), so a promptfoo {@code assert:} list can be pasted in where its types map (docs/tuning.md).
 * {@code min} and {@code max} bound the {@code length} check; {@code name} labels the check in results (default:
 * its type and value). A value may use the prompt's {@code {{variables}}}, so a dataset column can be the reference.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "value", "threshold", "min", "max", "name"})
public record Check(String type, JsonNode value, Double threshold, Integer min, Integer max, String name) {

    /** How people see it in results: its name, or "contains: Paris", "length ≤ 400". */
    public String label() {
        if (name != null) {
            return name;
        }
        if (CheckType.LENGTH.id().equals(type)) {
            return "length" + (min == null ? "" : " ≥ " + min) + (max == null ? "" : " ≤ " + max);
        }
        if (value == null || value.isObject()) {
            return type + (value == null ? "" : " (schema)");
        }
        var text = value.asText();
        return type + ": " + (text.length() > 40 ? text.substring(0, 39) + "…" : text);
    }
}
