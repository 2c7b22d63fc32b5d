package dev.llmdyno.call;

import dev.llmdyno.profile.Endpoint;

/**
 * Where one attempt goes: the target's name (what results and observers call it), its endpoint and the base URL
 * that endpoint resolves to.
 */
public record Route(String target, Endpoint endpoint, String baseUrl) {
}
