package dev.llmdyno.experiment;

import dev.llmdyno.profile.Profile;

import java.util.Map;

/** One call a run sends: the profile as it goes out and the variables its prompt is rendered with. */
record CallRequest(Profile profile, Map<String, String> variables) {
}
