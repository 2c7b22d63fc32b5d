package dev.llmdyno.sim;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/** A plain HTTP client for looking at exactly what the simulator sends. */
final class Http {

    static final OkHttpClient CLIENT = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
    private static final MediaType JSON = MediaType.get("application/json");

    record Reply(int status, String body, okhttp3.Headers headers) {
    }

    private Http() {
    }

    static Reply post(String url, String json, Map<String, String> headers) throws IOException {
        var builder = new Request.Builder().url(url).post(RequestBody.create(json, JSON));
        headers.forEach(builder::header);
        try (Response response = CLIENT.newCall(builder.build()).execute()) {
            return new Reply(response.code(), response.body().string(), response.headers());
        }
    }

    static Reply post(String url, String json) throws IOException {
        return post(url, json, Map.of());
    }

    static Reply get(String url) throws IOException {
        try (Response response = CLIENT.newCall(new Request.Builder().url(url).build()).execute()) {
            return new Reply(response.code(), response.body().string(), response.headers());
        }
    }
}
