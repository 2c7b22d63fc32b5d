package dev.llmdyno.ui.playground;

import dev.llmdyno.call.CallResult;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.telemetry.MachineReading;

import java.time.LocalDateTime;
import java.util.Locale;

/** One run: when, with which profile, what came back, and the machine's state while it ran. */
public record RunRecord(LocalDateTime time, Profile profile, CallResult result, MachineReading machine) {

    /** What the advisor's rules find in this run's figures, as sentences (docs/tuning.md). */
    public java.util.List<String> advice() {
        return dev.llmdyno.advice.Advisor.forCall(profile, result).stream().map(dev.llmdyno.advice.Advice::sentence)
                .toList();
    }

    static RunRecord of(dev.llmdyno.store.StoredRun stored) {
        return new RunRecord(LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(stored.epochMillis()),
                java.time.ZoneId.systemDefault()), stored.profile(), stored.result(), stored.machine());
    }

    dev.llmdyno.store.StoredRun toStored() {
        return new dev.llmdyno.store.StoredRun(0, time.atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli(),
                profile, result, machine);
    }

    /** "14:03:27" today, "2026-11-30 14:03" on another day. */
    public String when() {
        var today = time.toLocalDate().equals(java.time.LocalDate.now());
        return time.format(java.time.format.DateTimeFormatter.ofPattern(today ? "HH:mm:ss" : "yyyy-MM-dd HH:mm"));
    }

    /**
     * Whether every word of {@code query} appears, ignoring case, in a run's {@link #searchText()}: what the
     * history's search box matches.
     */
    public static boolean matches(String searchText, String query) {
        if (query == null || query.isBlank()) {
            return true;
        }
        return java.util.Arrays.stream(query.toLowerCase(Locale.ROOT).split("\\s+"))
                .filter(word -> !word.isEmpty()).allMatch(searchText::contains);
    }

    /** The run's model, targets, parameters, name, prompt, answer and error, lowered: what {@link #matches} looks in. */
    public String searchText() {
        var text = new StringBuilder(profile.model()).append('\n').append(MetricRows.targets(result)).append('\n')
                .append(parameters()).append('\n')
                .append(profile.name() == null ? "" : profile.name()).append('\n')
                .append(profile.prompt().system() == null ? "" : profile.prompt().system()).append('\n');
        profile.prompt().messages().forEach(message -> text.append(message.content()).append('\n'));
        text.append(result.text() == null ? "" : result.text()).append('\n')
                .append(result.error() == null ? "" : result.error().toString());
        return text.toString().toLowerCase(Locale.ROOT);
    }

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
