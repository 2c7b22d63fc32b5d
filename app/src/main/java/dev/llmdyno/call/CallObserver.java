package dev.llmdyno.call;

import dev.llmdyno.profile.Profile;

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
}
