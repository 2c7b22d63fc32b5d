package dev.llmdyno.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmdyno.profile.Profile;

/** A variant ready to run: its name, the profile it calls, and what it changed from the base. */
public record Variant(String name, Profile profile, ObjectNode overrides) {
}
