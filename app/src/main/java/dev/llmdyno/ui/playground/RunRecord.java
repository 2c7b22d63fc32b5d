package dev.llmdyno.ui.playground;

import dev.llmdyno.call.CallResult;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.telemetry.MachineReading;

import java.time.LocalTime;

/** One run of this session: when, with which profile, what came back, and the machine's state while it ran. */
public record RunRecord(LocalTime time, Profile profile, CallResult result, MachineReading machine) {

    /** "max 256 · temp 0.7 · stream". */
    public String parameters() {
        var params = profile.params();
        var parts = new StringBuilder("max ").append(params.maxTokens());
        if (params.temperature() != null) {
            parts.append(" · temp ").append(dev.llmdyno.profile.Numbers.format(params.temperature()));
        }
        if (params.topP() != null) {
            parts.append(" · top_p ").append(dev.llmdyno.profile.Numbers.format(params.topP()));
        }
        return parts.append(params.streaming() ? " · stream" : " · whole").toString();
    }

    /** "31 / 119"; "-" for a count the run never got (a failed call was not billed). */
    public String tokens() {
        var m = result.metrics();
        return (m.inputTokens() == null ? "-" : m.inputTokens().toString()) + " / "
                + (m.outputTokens() == null ? "-" : m.outputTokens().toString());
    }
}
