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

    /**
     * A warning when this endpoint would send its key in cleartext: plain http to a host other than this machine
     * (a local server over http is normal, a remote one lets anyone on the path read the key).
     */
    public java.util.Optional<String> cleartextKeyWarning() {
        var url = effectiveBaseUrl().orElse(null);
        if (apiKeyRef == null || url == null || !url.regionMatches(true, 0, "http://", 0, 7)) {
            return java.util.Optional.empty();
        }
        String host;
        try {
            host = java.net.URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty(); // validation reports a bad URL by itself
        }
        boolean local = host == null || host.equalsIgnoreCase("localhost") || host.startsWith("127.")
                || host.equals("[::1]") || host.equals("::1");
        return local ? java.util.Optional.empty() : java.util.Optional.of("endpoint.baseUrl: " + url
                + " is plain http to another machine; the key (" + apiKeyRef + ") would travel unencrypted. Use https.");
    }

    /** The name, else the kind and, where it is not the provider's usual one, the host ("vllm · gpu-box:8000"). */
    public String displayName() {
        if (name != null && !name.isBlank()) {
            return name;
        }
        if (baseUrl == null || baseUrl.isBlank() || effectiveBaseUrl().equals(kind.defaultBaseUrl())) {
            return kind.id();
        }
        try {
            var uri = java.net.URI.create(baseUrl);
            return uri.getHost() == null ? kind.id() + " · " + baseUrl
                    : kind.id() + " · " + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return kind.id() + " · " + baseUrl;
        }
    }

    public Endpoint withApiKeyRef(String value) {
        return new Endpoint(name, kind, baseUrl, value, deployment, apiVersion);
    }

    public Endpoint withBaseUrl(String newBaseUrl) {
        return new Endpoint(name, kind, newBaseUrl, apiKeyRef, deployment, apiVersion);
    }
}
