package dev.llmdyno.experiment;

import dev.llmdyno.checks.Checks;
import dev.llmdyno.profile.Profile;

import java.util.List;
import java.util.Map;

/**
 * A plan with everything resolved: the base profile read, the variants' profiles built and validated, the dataset
 * loaded. {@code plan} is self-contained (base and rows inline), so it is what the store keeps and a resumed run
 * starts from. The first variant is the baseline every other one is compared with. {@code conversations} are what
 * a conversation run plays and {@code trace} what a replay sends (both empty for a plan of single calls).
 */
public record Experiment(ExperimentPlan plan, Profile base, List<Variant> variants, List<Map<String, String>> rows,
                         List<Conversation> conversations, List<TraceRecord> trace) {

    public Experiment {
        variants = List.copyOf(variants);
        rows = List.copyOf(rows);
        conversations = conversations == null ? List.of() : List.copyOf(conversations);
        trace = trace == null ? List.of() : List.copyOf(trace);
    }

    public Experiment(ExperimentPlan plan, Profile base, List<Variant> variants, List<Map<String, String>> rows) {
        this(plan, base, variants, rows, List.of(), List.of());
    }

    /** How the results name the pace of level {@code level}: "4 concurrent", for a replay "replay at 20x", for users "8 users". */
    public String paceName(int level) {
        if (replaying()) {
            var replay = plan.replay();
            var speed = replay.speedOrDefault();
            return "replay at " + (speed == Math.rint(speed) ? String.valueOf((long) speed) : String.valueOf(speed)) + "x"
                    + (replay.maxGapMs() == null ? "" : ", gaps up to " + Math.round(replay.maxGapMs()) + " ms");
        }
        if (crowded()) {
            int users = plan.users().stream().mapToInt(ExperimentPlan.UserClass::countOrDefault).sum();
            return users + (users == 1 ? " user" : " users");
        }
        return plan.arrival().paces().get(level).describe();
    }

    /** Whether it replays a recorded trace at the trace's own times. */
    public boolean replaying() {
        return !trace.isEmpty();
    }

    /** Whether simulated users send its requests, class by class (docs/users.md). */
    public boolean crowded() {
        return !plan.users().isEmpty();
    }

    /** Its simulated users, class after class (empty without users). */
    public List<SimulatedUser> users() {
        return SimulatedUser.of(plan.users());
    }

    /** Whether it plays conversations (sessions of turns) rather than single calls. */
    public boolean conversational() {
        return !conversations.isEmpty();
    }

    /** The plan's quality checks, compiled (Plans has checked them, so no problem is left to report). */
    public Checks checks() {
        return plan.checks().isEmpty() ? Checks.NONE : Checks.of(plan.checks(), "checks", new java.util.ArrayList<>());
    }

    /**
     * Which of {@code checks} (this plan's, compiled) the answer to {@code trial} failed, as
     * {@link Sample#failedChecks()} keeps them; null when there are none, there was no answer ({@code text} null) or
     * a variable the checks name has no value for it (a conversation's turn without a reference answer).
     */
    public String failedChecks(Checks checks, Trial trial, String text) {
        if (checks.isEmpty() || text == null) {
            return null;
        }
        var variables = variants.get(trial.variant()).profile().prompt().variablesWith(variables(trial));
        if (!checks.canJudge(variables)) {
            return null;
        }
        return checks.failed(text, variables).stream()
                .map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
    }

    public String name() {
        return plan.name() != null ? plan.name() : base.name() != null ? base.name() : "Experiment";
    }

    /**
     * The variables of a trial's row; empty when the plan has no dataset (the profile's own values apply). For a
     * conversation's turn, its reference answer as {@code reference} where the dataset gives one. A simulated
     * user's requests (the row being the user) go through the rows from the user's own index.
     */
    public Map<String, String> variables(Trial trial) {
        if (conversational()) {
            var turns = conversations.get(trial.row()).turns();
            var reference = trial.turn() >= 0 && trial.turn() < turns.size() ? turns.get(trial.turn()).reference() : null;
            return reference == null ? Map.of() : Map.of("reference", reference);
        }
        if (rows.isEmpty()) {
            return Map.of();
        }
        // A user's requests take the rows in turn, each user from its own place, so users do not all send row 0.
        return crowded() && !trial.warmup() ? rows.get(Math.floorMod(trial.row() + trial.repetition(), rows.size()))
                : rows.get(trial.row());
    }
}
