package dev.llmdyno.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The complete answer to "how do I call this model": what the playground edits, an experiment varies, the store
 * saves and the exporters translate. Immutable; the {@code with*} methods return changed copies.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schemaVersion", "name", "description", "endpoint", "routing", "model", "params", "prompt", "levers"})
public record Profile(Integer schemaVersion, String name, String description, Endpoint endpoint, Routing routing,
                      String model, Params params, Prompt prompt, Levers levers) {

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

    /** A profile with one endpoint and no routing. */
    public Profile(Integer schemaVersion, String name, String description, Endpoint endpoint, String model,
                   Params params, Prompt prompt, Levers levers) {
        this(schemaVersion, name, description, endpoint, null, model, params, prompt, levers);
    }

    /** A ready-to-run profile on the built-in simulator. */
    public static Profile starter() {
        return new Profile(null, "Starter", null, null, null, null,
                Prompt.of("You are a concise assistant.", "Explain what time to first token measures, in two sentences."),
                null);
    }

    public Profile withName(String value) {
        return new Profile(schemaVersion, value, description, endpoint, routing, model, params, prompt, levers);
    }

    public Profile withEndpoint(Endpoint value) {
        return new Profile(schemaVersion, name, description, value, routing, model, params, prompt, levers);
    }

    public Profile withModel(String value) {
        return new Profile(schemaVersion, name, description, endpoint, routing, value, params, prompt, levers);
    }

    public Profile withParams(Params value) {
        return new Profile(schemaVersion, name, description, endpoint, routing, model, value, prompt, levers);
    }

    public Profile withPrompt(Prompt value) {
        return new Profile(schemaVersion, name, description, endpoint, routing, model, params, value, levers);
    }

    /** With calls spread over {@code value}'s targets; null for the one endpoint. */
    public Profile withRouting(Routing value) {
        return new Profile(schemaVersion, name, description, endpoint, value, model, params, prompt, levers);
    }

    public Profile withLevers(Levers value) {
        return new Profile(schemaVersion, name, description, endpoint, routing, model, params, prompt, value);
    }
}
