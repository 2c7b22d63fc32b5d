package dev.llmdyno.call;

import dev.llmdyno.profile.Profile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Told of every call the engine makes, as OkHttp's {@code EventListener} is of every request: one
 * {@link #callStart} and one {@link #callEnd} per call, and between them one {@link #attemptStart} and one
 * {@link #attemptEnd} per attempt, in that order, on the calling thread. Metrics exporters and tracers hang here;
 * every method has a do-nothing default, and an observer that throws is logged and never fails the call.
 */
public interface CallObserver {

    CallObserver NONE = new CallObserver() {
    };

    /** {@code options}: how it was asked for, its {@link CallOptions#label()} among them. */
    default void callStart(Profile profile, CallOptions options) {
    }

    /** Attempt {@code number} (from 1) is about to be sent along {@code route}. */
    default void attemptStart(Profile profile, int number, Route route) {
    }

    default void attemptEnd(Profile profile, Attempt attempt) {
    }

    /** The call is over; {@code result} is what the caller gets (a cached answer has no attempts). */
    default void callEnd(Profile profile, CallOptions options, CallResult result) {
    }

    /**
     * Headers to send with attempt {@code number}, asked for right after {@link #attemptStart} on the same thread:
     * a trace context (W3C {@code traceparent}), say. None by default; a header that carries a credential is never
     * taken from here.
     */
    default Map<String, String> attemptHeaders(Profile profile, int number) {
        return Map.of();
    }

    /**
     * Tells each of {@code observers} in turn (their headers together); one that fails does not stop the rest.
     * {@link #NONE} among them is left out, and none at all is {@link #NONE}.
     */
    static CallObserver all(List<CallObserver> observers) {
        var each = observers.stream().filter(observer -> observer != NONE).toList();
        if (each.isEmpty()) {
            return NONE;
        }
        if (each.size() == 1) {
            return each.getFirst();
        }
        return new CallObserver() {
            @Override
            public void callStart(Profile profile, CallOptions options) {
                each.forEach(observer -> CallEngine.observe(() -> observer.callStart(profile, options)));
            }

            @Override
            public void attemptStart(Profile profile, int number, Route route) {
                each.forEach(observer -> CallEngine.observe(() -> observer.attemptStart(profile, number, route)));
            }

            @Override
            public void attemptEnd(Profile profile, Attempt attempt) {
                each.forEach(observer -> CallEngine.observe(() -> observer.attemptEnd(profile, attempt)));
            }

            @Override
            public void callEnd(Profile profile, CallOptions options, CallResult result) {
                each.forEach(observer -> CallEngine.observe(() -> observer.callEnd(profile, options, result)));
            }

            @Override
            public Map<String, String> attemptHeaders(Profile profile, int number) {
                var headers = new LinkedHashMap<String, String>();
                each.forEach(observer -> headers.putAll(CallEngine.headersFrom(observer, profile, number)));
                return headers;
            }
        };
    }
}
