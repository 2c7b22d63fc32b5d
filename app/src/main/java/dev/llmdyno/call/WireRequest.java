package dev.llmdyno.call;

import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProviderKind;
import okio.Buffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP request a profile makes, as the engine would send it, with the key left as a placeholder. Exporters
 * use it so that a curl command or a snippet asks exactly what the workbench measured.
 */
public record WireRequest(String url, Map<String, String> headers, String body) {

    /**
     * The request for {@code profile}, its variables filled in; {@code keyPlaceholder} stands where the key goes,
     * and {@code simulatorBaseUrl} is used when the profile calls the in-process simulator.
     */
    public static WireRequest of(Profile profile, String keyPlaceholder, String simulatorBaseUrl) {
        return of(profile, Map.of(), keyPlaceholder, simulatorBaseUrl);
    }

    /** The same, its variables filled from the profile's values overridden by {@code variables} (a dataset row). */
    public static WireRequest of(Profile profile, Map<String, String> variables, String keyPlaceholder,
                                 String simulatorBaseUrl) {
        var endpoint = profile.endpoint();
        var baseUrl = endpoint.effectiveBaseUrl().orElse(endpoint.kind() == ProviderKind.SIMULATOR
                ? simulatorBaseUrl : "https://YOUR-ENDPOINT");
        var spec = new CallSpec(endpoint, baseUrl, profile.model(), profile.params(), profile.prompt().render(variables),
                profile.levers().promptCache());
        var adapter = ProviderAdapter.of(endpoint, profile.levers().context());
        var request = adapter.request(spec, endpoint.apiKeyRef() == null ? null : keyPlaceholder).build();
        var headers = new LinkedHashMap<String, String>();
        request.headers().forEach(pair -> headers.put(pair.getFirst(), pair.getSecond()));
        var body = new Buffer();
        try {
            request.body().writeTo(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new WireRequest(request.url().toString(), headers, body.readUtf8());
    }
}
