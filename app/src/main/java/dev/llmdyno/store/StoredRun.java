package dev.llmdyno.store;

import dev.llmdyno.call.CallResult;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.telemetry.MachineReading;

/** A playground run as the history keeps it: when, the profile it ran, what came back, and the machine's state. */
public record StoredRun(long id, long epochMillis, Profile profile, CallResult result, MachineReading machine) {
}
