package dev.llmdyno.call;

import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Profile;

import java.util.List;
import java.util.function.Function;

/**
 * Chooses the route of each attempt of a call, so that a retry may go elsewhere than the try before it. The engine
 * asks before every attempt, with the attempts made so far, and says when each attempt is over.
 */
public interface Router {

    /**
     * The route for attempt {@code attempts.size() + 1} of a call of {@code profile}. {@code baseUrls} resolves an
     * endpoint's address (starting the in-process simulator if need be); it throws IllegalArgumentException for an
     * endpoint that has none.
     */
    Route route(Profile profile, List<Attempt> attempts, Function<Endpoint, String> baseUrls);

    /** An attempt is being sent along {@code route} (routes asked for and not used are never started). */
    default void attemptStarted(Profile profile, Route route) {
    }

    /** The attempt along {@code route} is over; {@code ttftMs} is its first token's time where it got one. */
    default void attemptEnded(Profile profile, Route route, Attempt attempt, Double ttftMs) {
    }

    /** Every attempt to the profile's one endpoint. */
    Router SINGLE = (profile, attempts, baseUrls) -> Route.to(profile.endpoint(), baseUrls.apply(profile.endpoint()));
}
