package dev.llmdyno.call;

import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.ProviderKind;
import okhttp3.OkHttpClient;
import okhttp3.Request;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** "Test connection": asks an endpoint which models it serves. */
public final class ModelLister {

    /** The models, or the reason there are none. */
    public record Listing(List<String> models, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    private final OkHttpClient client = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();
    private final SecretResolver secrets;

    public ModelLister(SecretResolver secrets) {
        this.secrets = secrets;
    }

    /** Lists the models of {@code endpoint} reached at {@code baseUrl}; blocks, so call it off the UI thread. */
    public Listing list(Endpoint endpoint, String baseUrl) {
        String key;
        try {
            key = endpoint.apiKeyRef() == null ? null : secrets.resolve(endpoint.apiKeyRef());
        } catch (SecretResolver.MissingSecretException e) {
            return new Listing(List.of(), e.getMessage());
        }
        var anthropic = endpoint.kind().protocol() == ProviderKind.WireProtocol.ANTHROPIC_MESSAGES;
        var base = OpenAiAdapter.trimSlash(baseUrl);
        var request = new Request.Builder().url(anthropic ? base + "/v1/models" : base + "/models");
        if (key != null) {
            if (anthropic) {
                request.header("x-api-key", key).header("anthropic-version", AnthropicAdapter.API_VERSION);
            } else if (endpoint.kind() == ProviderKind.AZURE_OPENAI) {
                request.header("api-key", key);
            } else {
                request.header("Authorization", "Bearer " + key);
            }
        }
        try (var response = client.newCall(request.build()).execute()) {
            var body = response.body().string();
            if (!response.isSuccessful()) {
                var message = "HTTP " + response.code();
                return new Listing(List.of(), key == null ? message : message.replace(key, "[redacted]"));
            }
            var models = new ArrayList<String>();
            for (var model : Mappers.json().readTree(body).path("data")) {
                models.add(model.path("id").asText());
            }
            return new Listing(models, null);
        } catch (IOException | IllegalArgumentException e) {
            return new Listing(List.of(), "cannot reach " + base + ": " + e.getMessage());
        }
    }
}
