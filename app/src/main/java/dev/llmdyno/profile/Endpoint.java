package dev.llmdyno.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Where calls go. {@code baseUrl} may be left out for providers with a well-known address, and for the
 * built-in simulator, which is then started in-process. {@code apiKeyRef} is a {@link SecretRef}, never a key.
 * {@code deployment} and {@code apiVersion} are Azure OpenAI's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "kind", "baseUrl", "apiKeyRef", "deployment", "apiVersion"})
public record Endpoint(String name, ProviderKind kind, String baseUrl, String apiKeyRef, String deployment,
                       String apiVersion) {

    public static final Endpoint LOCAL_SIMULATOR =
            new Endpoint("Local simulator", ProviderKind.SIMULATOR, null, null, null, null);

    public Endpoint {
        if (kind == null) {
            kind = ProviderKind.SIMULATOR;
        }
    }

    /** The base URL to call: the configured one, else the provider's usual one; empty for the in-process simulator. */
    public java.util.Optional<String> effectiveBaseUrl() {
        return baseUrl != null && !baseUrl.isBlank() ? java.util.Optional.of(baseUrl) : kind.defaultBaseUrl();
    }

    public String displayName() {
        return name != null && !name.isBlank() ? name : kind.id() + effectiveBaseUrl().map(url -> " " + url).orElse("");
    }

    public Endpoint withBaseUrl(String newBaseUrl) {
        return new Endpoint(name, kind, newBaseUrl, apiKeyRef, deployment, apiVersion);
    }
}
