package dev.llmdyno.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A model's place on the speed/quality/price curve. */
public enum Tier {
    FAST, BALANCED, QUALITY;

    @JsonValue
    public String id() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static Tier fromId(String id) {
        for (var tier : values()) {
            if (tier.id().equalsIgnoreCase(id)) {
                return tier;
            }
        }
        throw new IllegalArgumentException("'" + id + "' is not a tier; use fast, balanced or quality");
    }
}
