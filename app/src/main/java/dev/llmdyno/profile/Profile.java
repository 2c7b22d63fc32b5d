package dev.llmdyno.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The complete answer to "how do I call this model": what the playground edits, an experiment varies, the store
 * saves and the exporters translate. Immutable; the {@code with*} methods return changed copies.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schemaVersion", "name", "description", "endpoint", "model", "params", "prompt", "levers"})
public record Profile(Integer schemaVersion, String name, String description, Endpoint endpoint, String model,
                      Params params, Prompt prompt, Levers levers) {

    public static final int SCHEMA_VERSION = 1;
    public static final String DEFAULT_MODEL = "sim-balanced";

    public Profile {
        schemaVersion = schemaVersion == null ? SCHEMA_VERSION : schemaVersion;
        endpoint = endpoint == null ? Endpoint.LOCAL_SIMULATOR : endpoint;
        model = model == null ? DEFAULT_MODEL : model;
        params = params == null ? Params.DEFAULTS : params;
        prompt = prompt == null ? Prompt.EMPTY : prompt;
        levers = levers == null ? Levers.DEFAULTS : levers;
    }

    /** A ready-to-run profile on the built-in simulator. */
    public static Profile starter() {
        return new Profile(null, "Starter", null, null, null, null,
                Prompt.of("You are a concise assistant.", "Explain what time to first token measures, in two sentences."),
                null);
    }

    public Profile withName(String value) {
        return new Profile(schemaVersion, value, description, endpoint, model, params, prompt, levers);
    }

    public Profile withEndpoint(Endpoint value) {
        return new Profile(schemaVersion, name, description, value, model, params, prompt, levers);
    }

    public Profile withModel(String value) {
        return new Profile(schemaVersion, name, description, endpoint, value, params, prompt, levers);
    }

    public Profile withParams(Params value) {
        return new Profile(schemaVersion, name, description, endpoint, model, value, prompt, levers);
    }

    public Profile withPrompt(Prompt value) {
        return new Profile(schemaVersion, name, description, endpoint, model, params, value, levers);
    }

    public Profile withLevers(Levers value) {
        return new Profile(schemaVersion, name, description, endpoint, model, params, prompt, value);
    }
}
