package dev.llmdyno.call;

import dev.llmdyno.profile.Profile;

import java.util.List;

/**
 * Chooses the route of each attempt of a call, so that a retry may go elsewhere than the try before it. The engine
 * asks before every attempt, with the attempts made so far.
 */
@FunctionalInterface
public interface Router {

    /**
     * The route for attempt {@code attempts.size() + 1} of a call of {@code profile}. {@code baseUrls} resolves an
     * endpoint's address (starting the in-process simulator if need be); it throws IllegalArgumentException for an
     * endpoint that has none.
     */
    Route route(Profile profile, List<Attempt> attempts, java.util.function.Function<dev.llmdyno.profile.Endpoint, String> baseUrls);

    /** Every attempt to the profile's one endpoint. */
    Router SINGLE = (profile, attempts, baseUrls) -> Route.to(profile.endpoint(), baseUrls.apply(profile.endpoint()));
}
