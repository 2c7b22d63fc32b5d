package dev.llmdyno.profile;

import java.util.OptionalInt;

/** What validation needs to know about a model; the catalog provides it. */
@FunctionalInterface
public interface ModelLimits {

    ModelLimits UNKNOWN = model -> OptionalInt.empty();

    /** The most output tokens the model can produce, empty when the model is not known. */
    OptionalInt maxOutputTokens(String model);
}
