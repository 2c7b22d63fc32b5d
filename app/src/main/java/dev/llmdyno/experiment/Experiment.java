package dev.llmdyno.experiment;

import dev.llmdyno.checks.Checks;
import dev.llmdyno.profile.Profile;

import java.util.List;
import java.util.Map;

/**
 * A plan with everything resolved: the base profile read, the variants' profiles built and validated, the dataset
 * loaded. {@code plan} is self-contained (base and rows inline), so it is what the store keeps and a resumed run
 * starts from. The first variant is the baseline every other one is compared with.
 */
public record Experiment(ExperimentPlan plan, Profile base, List<Variant> variants, List<Map<String, String>> rows) {

    public Experiment {
        variants = List.copyOf(variants);
        rows = List.copyOf(rows);
    }

    /** The plan's quality checks, compiled (Plans has checked them, so no problem is left to report). */
    public Checks checks() {
        return plan.checks().isEmpty() ? Checks.NONE : Checks.of(plan.checks(), "checks", new java.util.ArrayList<>());
    }

    /**
     * Which of {@code checks} (this plan's, compiled) the answer to {@code trial} failed, as
     * {@link Sample#failedChecks()} keeps them; null when there are none or there was no answer ({@code text} null).
     */
    public String failedChecks(Checks checks, Trial trial, String text) {
        if (checks.isEmpty() || text == null) {
            return null;
        }
        var profile = variants.get(trial.variant()).profile();
        return checks.failed(text, profile.prompt().variablesWith(variables(trial))).stream()
                .map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
    }

    public String name() {
        return plan.name() != null ? plan.name() : base.name() != null ? base.name() : "Experiment";
    }

    /** The variables of a trial's row; empty when the plan has no dataset (the profile's own values apply). */
    public Map<String, String> variables(Trial trial) {
        return rows.isEmpty() ? Map.of() : rows.get(trial.row());
    }
}
