package dev.llmdyno.call;

import dev.llmdyno.profile.Endpoint;

/**
 * Where one attempt goes: the target's name (what results and observers call it), its endpoint, the base URL that
 * endpoint resolves to, and the model to ask for there (null: the profile's).
 */
public record Route(String target, Endpoint endpoint, String baseUrl, String model) {

    /**
     * The route to {@code endpoint}, named by the endpoint's name or, without one, by its address: plain string
     * work, since this runs inside every measured call (parsing the URL for its host cost a cold process 2.5 ms).
     */
    public static Route to(Endpoint endpoint, String baseUrl) {
        var name = endpoint.name();
        return new Route(name != null && !name.isBlank() ? name : baseUrl, endpoint, baseUrl, null);
    }

    /** The model this attempt asks for. */
    String modelOr(String profileModel) {
        return model != null ? model : profileModel;
    }
}
