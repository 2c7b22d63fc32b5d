package dev.llmdyno.call;

import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;

import java.io.IOException;

/**
 * Keeps credentials on the origin they were meant for. OkHttp drops {@code Authorization} when a redirect changes
 * host, but not Anthropic's {@code x-api-key} or Azure's {@code api-key}; this network interceptor removes all three
 * from any request whose scheme, host or port differs from the endpoint's. (https to http redirects are not
 * followed at all: the engine's client has {@code followSslRedirects(false)}.)
 */
final class CredentialGuard implements Interceptor {

    private static final String[] CREDENTIAL_HEADERS = {"Authorization", "x-api-key", "api-key"};

    /** The origin a call's credentials belong to, carried on the request as a tag that redirects keep. */
    record Origin(String scheme, String host, int port) {
        static Origin of(String baseUrl) {
            var url = Urls.get(baseUrl);
            return new Origin(url.scheme(), url.host(), url.port());
        }

        boolean matches(HttpUrl url) {
            return scheme.equals(url.scheme()) && host.equalsIgnoreCase(url.host()) && port == url.port();
        }
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        var request = chain.request();
        var origin = request.tag(Origin.class);
        if (origin == null || origin.matches(request.url())) {
            return chain.proceed(request);
        }
        var stripped = request.newBuilder();
        for (var header : CREDENTIAL_HEADERS) {
            stripped.removeHeader(header);
        }
        return chain.proceed(stripped.build());
    }
}
