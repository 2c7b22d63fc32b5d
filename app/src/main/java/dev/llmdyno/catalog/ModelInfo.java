package dev.llmdyno.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Optional;

/**
 * One catalog entry. {@code approximate} marks models without a public tokenizer: their counts use the nearest
 * encoding and are labelled approximate wherever shown. A null price means unknown (never treated as free).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"provider", "id", "tier", "contextWindow", "maxOutputTokens", "encoding", "approximate", "price", "asOf"})
public record ModelInfo(String provider, String id, Tier tier, Integer contextWindow, Integer maxOutputTokens,
                        String encoding, Boolean approximate, Price price, String asOf) {

    public ModelInfo {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a model needs an id");
        }
        approximate = approximate != null && approximate;
    }

    public Optional<Price> knownPrice() {
        return Optional.ofNullable(price);
    }

    ModelInfo withAsOf(String defaultAsOf) {
        return asOf != null ? this : new ModelInfo(provider, id, tier, contextWindow, maxOutputTokens, encoding,
                approximate, price, defaultAsOf);
    }
}
