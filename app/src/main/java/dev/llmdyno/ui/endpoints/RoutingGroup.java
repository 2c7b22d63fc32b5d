package dev.llmdyno.ui.endpoints;

import dev.llmdyno.profile.Routing;

/** A routing the user named and keeps between sessions, offered in the playground beside the endpoints. */
public record RoutingGroup(String name, Routing routing) {

    /** What the route picker shows: the name, the strategy and how many targets. */
    public String displayName() {
        return name + " (" + routing.strategy().id() + ", " + routing.targets().size() + " targets)";
    }
}
