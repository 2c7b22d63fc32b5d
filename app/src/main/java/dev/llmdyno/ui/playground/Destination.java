package dev.llmdyno.ui.playground;

import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.ui.endpoints.RoutingGroup;

/** Where the playground's calls go: one endpoint, or a routing group spread over several. */
public sealed interface Destination {

    String displayName();

    record OneEndpoint(Endpoint endpoint) implements Destination {
        @Override
        public String displayName() {
            return endpoint.displayName();
        }
    }

    record Group(RoutingGroup group) implements Destination {
        @Override
        public String displayName() {
            return "⇄ " + group.displayName();
        }
    }
}
