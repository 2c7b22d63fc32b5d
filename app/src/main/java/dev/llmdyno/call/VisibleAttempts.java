package dev.llmdyno.call;

import okhttp3.Interceptor;
import okhttp3.Response;

import java.io.IOException;

/**
 * OkHttp silently repeats a request that was answered 503 with {@code Retry-After: 0}, which would hide an attempt
 * from the result. This network interceptor presents such a header as {@code 0.0}, which OkHttp does not act on and
 * {@link Backoff} still reads as "retry at once", so every attempt goes through the engine's own retry loop.
 */
final class VisibleAttempts implements Interceptor {

    @Override
    public Response intercept(Chain chain) throws IOException {
        var response = chain.proceed(chain.request());
        if (response.code() == 503 && "0".equals(response.header("Retry-After"))) {
            return response.newBuilder().header("Retry-After", "0.0").build();
        }
        return response;
    }
}
