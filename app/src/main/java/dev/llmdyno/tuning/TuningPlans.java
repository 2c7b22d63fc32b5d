package dev.llmdyno.tuning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.experiment.Analysis;
import dev.llmdyno.experiment.Arrival;
import dev.llmdyno.experiment.ExperimentPlan;
import dev.llmdyno.experiment.Limits;
import dev.llmdyno.experiment.Plans;
import dev.llmdyno.experiment.SampleMetric;
import dev.llmdyno.experiment.Slo;
import dev.llmdyno.profile.InvalidInputException;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.Problem;
import dev.llmdyno.profile.StrictReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads tuning plans, expands their space into candidates and refuses a budget that cannot buy an answer. */
public final class TuningPlans {

    static final int MAX_CANDIDATES = 64;

    private final Catalog catalog;

    public TuningPlans(Catalog catalog) {
        this.catalog = catalog;
    }

    public Tuning read(Path file) throws InvalidInputException, IOException {
        var plan = StrictReader.readFile(file, TuningPlan.class);
        return resolve(plan, file.toAbsolutePath().getParent(), file.toString());
    }

    public Tuning resolve(TuningPlan plan, Path folder, String source) throws InvalidInputException {
        var problems = new ArrayList<Problem>();
        checkShape(plan, problems);
        var candidates = candidates(plan.space(), problems);
        // The candidates are validated beside the plan's shape, so one reading names every problem; only a sweep,
        // which no round can run, is left out of it.
        dev.llmdyno.experiment.Experiment ledger = null;
        if (!candidates.isEmpty() && plan.arrival().mode() != Arrival.Mode.SWEEP) {
            try {
                ledger = ledger(plan, candidates, folder, source);
            } catch (InvalidInputException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(source, problems);
        }
        var tuning = new Tuning(plan.withBase(Mappers.json().valueToTree(ledger.base())), candidates, ledger);
        Search.checkAffordable(tuning, catalog, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(source, problems);
        }
        return tuning;
    }

    /** Every candidate as a variant of one experiment: Plans validates each, and names the one at fault. */
    private dev.llmdyno.experiment.Experiment ledger(TuningPlan plan, List<Tuning.Candidate> candidates, Path folder,
                                                     String source) throws InvalidInputException {
        var variants = candidates.stream().map(c -> new ExperimentPlan.VariantSpec(c.name(), c.overrides())).toList();
        var objective = plan.objective();
        var experiment = new ExperimentPlan(null, plan.name(), plan.description(), plan.base(), variants, null, 1, 0,
                plan.arrival(), new Limits(null, null, plan.budget().usd(), null),
                new Analysis(metric(objective), null, null, false, null), plan.slo(), plan.checks(), plan.seed(), null);
        try {
            return new Plans(catalog).resolve(experiment, folder, source);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(source, e.problems().stream().map(p -> inSpace(p, candidates)).toList());
        }
    }

    /** The metric a round decides on: the objective's, or latency where the objective names none (already reported). */
    private static SampleMetric metric(TuningPlan.Objective objective) {
        if (objective.cost()) {
            return SampleMetric.COST;
        }
        try {
            return SampleMetric.fromId(objective.minimize());
        } catch (IllegalArgumentException e) {
            return SampleMetric.LATENCY;
        }
    }

    /** "variants[3].overrides.params.maxTokens: ..." reads as the space's field, naming the candidate. */
    private static Problem inSpace(Problem problem, List<Tuning.Candidate> candidates) {
        var match = java.util.regex.Pattern.compile("variants\\[(\\d+)](\\.overrides)?\\.?(.*)").matcher(problem.path());
        if (!match.matches()) {
            return problem;
        }
        var candidate = candidates.get(Integer.parseInt(match.group(1)));
        var path = match.group(3).isEmpty() ? "space" : "space." + match.group(3);
        return new Problem(path, problem.message() + " (candidate " + candidate.name() + ")", problem.line(),
                problem.column());
    }

    private static void checkShape(TuningPlan plan, List<Problem> problems) {
        if (plan.schemaVersion() != TuningPlan.SCHEMA_VERSION) {
            problems.add(Problem.at("schemaVersion", plan.schemaVersion() + " is not supported; this version reads "
                    + TuningPlan.SCHEMA_VERSION));
        }
        if (plan.space().isEmpty()) {
            problems.add(Problem.at("space", "names no lever: give at least one, such as tier: [fast, balanced]"));
        }
        var objective = plan.objective();
        if (!objective.cost()) {
            try {
                var metric = SampleMetric.fromId(objective.minimize());
                if (metric.unit() != SampleMetric.Unit.MS) {
                    problems.add(Problem.at("objective.minimize", "'" + objective.minimize() + "' is not a timing; "
                            + "minimise costPerRequestUsd or one of ttftMs, ttfcMs, tpotMs, e2eMs, latencyMs"));
                }
            } catch (IllegalArgumentException e) {
                problems.add(Problem.at("objective.minimize", "'" + objective.minimize() + "' is neither "
                        + "costPerRequestUsd nor a timing (ttftMs, ttfcMs, tpotMs, e2eMs, latencyMs)"));
            }
            if (Slo.quantile(objective.percentile()) == null) {
                problems.add(Problem.at("objective.percentile", "'" + objective.percentile()
                        + "' is not a percentile: write p50, p95, p99.9"));
            }
        }
        if (plan.minPassRate() != null && !(plan.minPassRate() > 0 && plan.minPassRate() <= 1)) {
            problems.add(Problem.at("minPassRate", plan.minPassRate() + " is outside (0, 1]: the share of answers "
                    + "that must pass every check"));
        } else if (plan.minPassRate() != null && plan.checks().isEmpty()) {
            problems.add(Problem.at("minPassRate", "needs checks to count passes against"));
        }
        if (plan.arrival().mode() == Arrival.Mode.SWEEP) {
            problems.add(Problem.at("arrival.mode", "sweep is not a pace to tune at: give one pace; sweep the load "
                    + "with dyno experiment run"));
        }
        var budget = plan.budget();
        if (budget.requests() != null && budget.requests() < 1) {
            problems.add(Problem.at("budget.requests", budget.requests() + " must be at least 1"));
        }
        if (budget.usd() != null && !(budget.usd() > 0)) {
            problems.add(Problem.at("budget.usd", budget.usd() + " must be more than 0"));
        }
        if (budget.minutes() != null && !(budget.minutes() > 0)) {
            problems.add(Problem.at("budget.minutes", budget.minutes() + " must be more than 0"));
        }
        if (budget.requests() == null && budget.usd() == null && budget.minutes() == null) {
            problems.add(Problem.at("budget", "is required: the most requests, dollars or minutes the search may "
                    + "take, such as {requests: 600}"));
        }
    }

    /** The space's cartesian product, in the order written; each value an override at its dotted path. */
    static List<Tuning.Candidate> candidates(Map<String, List<JsonNode>> space, List<Problem> problems) {
        var candidates = new ArrayList<Tuning.Candidate>();
        candidates.add(new Tuning.Candidate("", Mappers.json().createObjectNode()));
        for (var lever : space.entrySet()) {
            var path = lever.getKey();
            if (!path.matches("[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*")) {
                problems.add(Problem.at("space." + path, "'" + path + "' is not a profile field path such as "
                        + "params.maxTokens"));
                continue;
            }
            if (lever.getValue() == null || lever.getValue().isEmpty()) {
                problems.add(Problem.at("space." + path, "needs at least one value"));
                continue;
            }
            var next = new ArrayList<Tuning.Candidate>();
            for (var candidate : candidates) {
                for (var value : lever.getValue()) {
                    var overrides = candidate.overrides().deepCopy();
                    put(overrides, path, value);
                    var name = (candidate.name().isEmpty() ? "" : candidate.name() + ", ") + path + "="
                            + (value.isTextual() ? value.asText() : value.toString());
                    next.add(new Tuning.Candidate(name, overrides));
                }
            }
            candidates = next;
            if (candidates.size() > MAX_CANDIDATES) {
                problems.add(Problem.at("space", "makes more than " + MAX_CANDIDATES + " candidates; try fewer "
                        + "values, or tune the levers in two searches"));
                return List.of();
            }
        }
        return candidates;
    }

    private static void put(ObjectNode root, String path, JsonNode value) {
        var parts = path.split("\\.");
        var node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.has(parts[i]) && node.get(parts[i]).isObject() ? (ObjectNode) node.get(parts[i])
                    : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], value);
    }
}
