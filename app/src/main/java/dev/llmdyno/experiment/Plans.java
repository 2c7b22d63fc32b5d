package dev.llmdyno.experiment;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.checks.Checks;
import dev.llmdyno.profile.InvalidInputException;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Message;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.Problem;
import dev.llmdyno.profile.StrictReader;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProfileValidator;
import dev.llmdyno.profile.ReadErrors;
import dev.llmdyno.profile.Template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads plans and turns them into runnable {@link Experiment}s, reporting every problem with its path. */
public final class Plans {

    private static final int MAX_CALLERS = 10_000;
    private static final double MAX_RATE = 10_000;

    private final Catalog catalog;

    public Plans(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Reads, resolves and validates a plan file; paths inside it are relative to its folder. */
    public Experiment read(Path file) throws InvalidInputException, IOException {
        var plan = StrictReader.readFile(file, ExperimentPlan.class);
        return resolve(plan, file.toAbsolutePath().getParent(), file.toString());
    }

    /** Resolves a plan; {@code folder} is where relative paths point (null when the plan must be self-contained). */
    public Experiment resolve(ExperimentPlan plan, Path folder, String source) throws InvalidInputException {
        var problems = new ArrayList<Problem>();
        boolean conversational = plan.conversations() != null;
        var base = base(plan.base(), folder, conversational, problems);
        var rows = rows(plan.dataset(), folder, problems);
        var conversations = conversational
                ? ConversationSources.resolve(plan.conversations(), folder, plan.seed(), problems) : List.<Conversation>of();
        var trace = plan.replay() == null ? List.<TraceRecord>of() : trace(plan.replay(), folder, problems);
        checkShape(plan, problems);
        checkConversations(plan, problems);
        checkReplay(plan, problems);
        UserPlans.check(plan, problems);
        var variants = new ArrayList<Variant>();
        if (base != null) {
            var names = new HashSet<String>();
            for (int i = 0; i < plan.variants().size(); i++) {
                var variant = variant(plan.variants().get(i), "variants[" + i + "]", base, rows, conversational, names,
                        problems);
                if (variant != null) {
                    variants.add(variant);
                }
            }
            checkBudget(plan, variants, problems);
            checkContexts(plan, variants, problems);
            UserPlans.checkVariants(plan, variants, problems);
            checkSlo(plan, variants, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(source, problems);
        }
        var selfContained = plan.withBase(Mappers.json().valueToTree(base))
                .withDataset(rows.isEmpty() ? ExperimentPlan.Dataset.NONE : new ExperimentPlan.Dataset(rows, null))
                .withConversations(conversational ? new ExperimentPlan.Conversations(null, conversations, null,
                        plan.conversations().thinkTimeMs()) : null)
                .withReplay(plan.replay() == null ? null : new ExperimentPlan.Replay(null, null, plan.replay().speed(),
                        plan.replay().maxGapMs(), trace));
        return new Experiment(selfContained, base, variants, rows, conversations, trace);
    }

    /** Reads back a plan written by {@link #resolve} (as the store keeps it). */
    public Experiment fromJson(String json, String source) throws InvalidInputException {
        try {
            return resolve(Mappers.json().readValue(json, ExperimentPlan.class), null, source);
        } catch (JacksonException e) {
            throw new InvalidInputException(source, List.of(ReadErrors.toProblem(e, json)));
        }
    }

    private Profile base(JsonNode node, Path folder, boolean conversational, List<Problem> problems) {
        if (node == null || node.isNull()) {
            problems.add(Problem.at("base", "is required: a profile file or a profile written inline"));
            return null;
        }
        try {
            if (node.isTextual()) {
                if (folder == null) {
                    problems.add(Problem.at("base", "must be written inline here"));
                    return null;
                }
                var file = folder.resolve(node.asText());
                return validated(Mappers.forFormat(Mappers.Format.of(file))
                        .readValue(Files.readString(file), Profile.class), "base", conversational, problems);
            }
            if (node.isObject()) {
                return validated(Mappers.json().treeToValue(node, Profile.class), "base", conversational, problems);
            }
            problems.add(Problem.at("base", "expected a profile file name or an object"));
        } catch (NoSuchFileException e) {
            problems.add(Problem.at("base", node.asText() + ": no such file"));
        } catch (JacksonException e) {
            var problem = ReadErrors.toProblem(e);
            problems.add(new Problem(join("base", problem.path()), problem.message(), problem.line(), problem.column()));
        } catch (IOException e) {
            problems.add(Problem.at("base", node.asText() + ": cannot read (" + e.getMessage() + ")"));
        }
        return null;
    }

    /**
     * Validates a profile whose {{variables}} may come from the dataset; those are checked against the rows later.
     * In a conversation plan the sessions send their own turns instead of the profile's messages, so it may have none.
     */
    private Profile validated(Profile profile, String path, boolean conversational, List<Problem> problems) {
        prefixed(path, validate(conversational ? asSession(profile) : profile, Map.of()), problems);
        return profile;
    }

    /** The profile as a session sends it: its system prompt and a user turn in place of its messages. */
    static Profile asSession(Profile profile) {
        return profile.withPrompt(profile.prompt().withMessages(List.of(new Message(Message.Role.USER, "turn"))));
    }

    private List<Problem> validate(Profile profile, Map<String, String> row) {
        var variables = new LinkedHashMap<>(profile.prompt().variables());
        for (var name : placeholders(profile)) {
            variables.putIfAbsent(name, row.getOrDefault(name, "x"));
        }
        return new ProfileValidator(catalog).validate(profile.withPrompt(profile.prompt().withVariables(variables)));
    }

    private Variant variant(ExperimentPlan.VariantSpec spec, String path, Profile base, List<Map<String, String>> rows,
                            boolean conversational, Set<String> names, List<Problem> problems) {
        if (spec.name() == null || spec.name().isBlank()) {
            problems.add(Problem.at(path + ".name", "is required"));
            return null;
        }
        if (!names.add(spec.name())) {
            problems.add(Problem.at(path + ".name", "'" + spec.name() + "' is used by another variant"));
        }
        var applied = Overrides.apply(base, spec.overrides(), catalog);
        prefixed(path + ".overrides", applied.problems(), problems);
        if (applied.profile() == null) {
            return null;
        }
        var profile = applied.profile();
        var inherited = validate(base, Map.of());
        prefixed(path, validate(profile, Map.of()).stream().filter(p -> !inherited.contains(p)).toList(), problems);
        for (var name : placeholders(conversational ? asSession(profile) : profile)) {
            if (profile.prompt().variables().containsKey(name)) {
                continue;
            }
            for (int r = 0; r < Math.max(rows.size(), 1); r++) {
                if (rows.isEmpty() || !rows.get(r).containsKey(name)) {
                    problems.add(Problem.at(rows.isEmpty() ? path : "dataset.rows[" + r + "]", "{{" + name
                            + "}} has no value" + (rows.isEmpty() ? " in the profile and there is no dataset"
                            : " (variant " + spec.name() + ")")));
                    break;
                }
            }
        }
        return new Variant(spec.name(), profile.withName(spec.name()),
                spec.overrides() == null ? Mappers.json().createObjectNode() : (ObjectNode) spec.overrides().deepCopy());
    }

    private static Set<String> placeholders(Profile profile) {
        var names = new HashSet<String>(Template.variables(profile.prompt().system() == null ? "" : profile.prompt().system()));
        profile.prompt().messages().forEach(message -> names.addAll(Template.variables(message.content())));
        return names;
    }

    private static List<Map<String, String>> rows(ExperimentPlan.Dataset dataset, Path folder, List<Problem> problems) {
        if (dataset.file() != null && !dataset.rows().isEmpty()) {
            problems.add(Problem.at("dataset", "give rows or a file, not both"));
            return List.of();
        }
        if (dataset.file() != null) {
            if (folder == null) {
                problems.add(Problem.at("dataset.file", "must be written inline here"));
                return List.of();
            }
            var rows = DatasetFiles.read(folder.resolve(dataset.file()), problems);
            if (rows.isEmpty() && problems.isEmpty()) {
                problems.add(Problem.at("dataset.file", dataset.file() + " has no rows"));
            }
            return rows;
        }
        return dataset.rows();
    }

    private static void checkShape(ExperimentPlan plan, List<Problem> problems) {
        if (plan.schemaVersion() != ExperimentPlan.SCHEMA_VERSION) {
            problems.add(Problem.at("schemaVersion", plan.schemaVersion() + " is not supported; this version reads "
                    + ExperimentPlan.SCHEMA_VERSION));
        }
        range(problems, "repetitions", plan.repetitions(), 1, 1_000_000);
        range(problems, "warmup", plan.warmup(), 0, 1_000);
        checkArrival(plan.arrival(), problems);
        var limits = plan.limits();
        positive(problems, "limits.maxDurationSeconds", limits.maxDurationSeconds());
        if (limits.maxRequests() != null) {
            range(problems, "limits.maxRequests", limits.maxRequests(), 1, Integer.MAX_VALUE);
        }
        positive(problems, "limits.maxCostUsd", limits.maxCostUsd());
        if (limits.maxErrorRate() != null && !(limits.maxErrorRate() >= 0 && limits.maxErrorRate() <= 1)) {
            problems.add(Problem.at("limits.maxErrorRate", limits.maxErrorRate() + " is outside [0, 1]"));
        }
        var analysis = plan.analysis();
        if (!(analysis.alpha() > 0 && analysis.alpha() < 0.5)) {
            problems.add(Problem.at("analysis.alpha", analysis.alpha() + " is outside (0, 0.5)"));
        }
        range(problems, "analysis.looks", analysis.looks(), 1, 20);
        positive(problems, "analysis.sloP95Ms", analysis.sloP95Ms());
        checkServerMetrics(plan.serverMetrics(), problems);
        Checks.of(plan.checks(), "checks", problems);
    }

    private static void checkServerMetrics(ExperimentPlan.ServerMetrics server, List<Problem> problems) {
        if (server == null) {
            return;
        }
        if (server.url() == null || server.url().isBlank()) {
            problems.add(Problem.at("serverMetrics.url", "is required: the server's Prometheus endpoint, "
                    + "such as http://127.0.0.1:8000/metrics"));
        } else if (!ProfileValidator.isHttpUrl(server.url())) {
            problems.add(Problem.at("serverMetrics.url", "'" + server.url()
                    + "' is not an http or https address with a host"));
        }
        if (server.intervalMs() != null) {
            range(problems, "serverMetrics.intervalMs", server.intervalMs(), 100, 60_000);
        }
    }

    private static void checkArrival(Arrival arrival, List<Problem> problems) {
        var mode = arrival.mode();
        if (mode == Arrival.Mode.CONCURRENCY) {
            required(problems, "arrival.concurrency", arrival.concurrency(), "mode concurrency");
            if (arrival.concurrency() != null) {
                range(problems, "arrival.concurrency", arrival.concurrency(), 1, MAX_CALLERS);
            }
        } else if (arrival.concurrency() != null && !arrival.openLoop()) {
            problems.add(Problem.at("arrival.concurrency", "is only used with mode concurrency, or as the cap on "
                    + "requests in flight with modes constant and poisson (and sweeps over them)"));
        } else if (arrival.concurrency() != null) {
            range(problems, "arrival.concurrency", arrival.concurrency(), 1, ExperimentRun.MAX_IN_FLIGHT);
        }
        if (mode.openLoop()) {
            required(problems, "arrival.rate", arrival.rate(), "mode " + mode.id());
            rate(problems, "arrival.rate", arrival.rate());
        } else if (arrival.rate() != null) {
            problems.add(Problem.at("arrival.rate", "is only used with modes constant and poisson"));
        }
        if (mode == Arrival.Mode.SWEEP) {
            var sweep = arrival.sweep();
            required(problems, "arrival.sweep", sweep, "mode sweep");
            if (sweep == null) {
                return;
            }
            if (sweep.over() == null || sweep.over() == Arrival.Mode.SWEEP || sweep.over() == Arrival.Mode.SEQUENTIAL) {
                problems.add(Problem.at("arrival.sweep.over", "must be concurrency, constant or poisson"));
            }
            if (sweep.levels().isEmpty()) {
                problems.add(Problem.at("arrival.sweep.levels", "needs at least one level"));
            }
            for (int i = 0; i < sweep.levels().size(); i++) {
                var level = sweep.levels().get(i);
                var path = "arrival.sweep.levels[" + i + "]";
                if (sweep.over() == Arrival.Mode.CONCURRENCY && (level == null || level != Math.rint(level)
                        || level < 1 || level > MAX_CALLERS)) {
                    problems.add(Problem.at(path, level + " is not a whole number of callers in [1, " + MAX_CALLERS + "]"));
                } else if (sweep.over() != null && sweep.over().openLoop()) {
                    rate(problems, path, level);
                }
            }
        } else if (arrival.sweep() != null) {
            problems.add(Problem.at("arrival.sweep", "is only used with mode sweep"));
        }
    }

    /**
     * Conversations replace the dataset, and each session sends its turns one after another, so its pace is a number
     * of sessions at once.
     */
    private static void checkConversations(ExperimentPlan plan, List<Problem> problems) {
        if (plan.conversations() == null) {
            return;
        }
        if (plan.dataset().file() != null || !plan.dataset().rows().isEmpty()) {
            problems.add(Problem.at("dataset", "give conversations or a dataset, not both"));
        }
        var arrival = plan.arrival();
        boolean closedLoop = arrival.mode() == Arrival.Mode.SEQUENTIAL || arrival.mode() == Arrival.Mode.CONCURRENCY
                || (arrival.mode() == Arrival.Mode.SWEEP && arrival.sweep() != null
                && arrival.sweep().over() == Arrival.Mode.CONCURRENCY);
        if (!closedLoop) {
            problems.add(Problem.at("arrival.mode", "conversations play as sessions, each turn sent when the last "
                    + "is answered: use sequential, concurrency (sessions at once) or a sweep over concurrency"));
        }
    }

    /** The records of a replay: from its file (in its format), or as the store keeps them, inline. */
    private static List<TraceRecord> trace(ExperimentPlan.Replay replay, Path folder, List<Problem> problems) {
        TraceFiles.Format format;
        try {
            format = TraceFiles.Format.of(replay.format());
        } catch (IllegalArgumentException e) {
            problems.add(Problem.at("replay.format", e.getMessage()));
            return List.of();
        }
        if (replay.file() == null && replay.records().isEmpty()) {
            problems.add(Problem.at("replay.file", "is required: the trace to replay (docs/replay.md)"));
            return List.of();
        }
        if (replay.file() != null && !replay.records().isEmpty()) {
            problems.add(Problem.at("replay", "give a trace file or records written out, not both"));
            return List.of();
        }
        if (replay.file() == null) {
            return replay.records();
        }
        if (folder == null) {
            problems.add(Problem.at("replay.file", "must be written inline here"));
            return List.of();
        }
        return TraceFiles.read(folder.resolve(replay.file()), format, problems);
    }

    /**
     * A replay sends at the trace's own times, each variant in a pass of its own; it is neither a dataset nor
     * conversations, and has no arrival of its own.
     */
    private static void checkReplay(ExperimentPlan plan, List<Problem> problems) {
        var replay = plan.replay();
        if (replay == null) {
            return;
        }
        if (plan.dataset().file() != null || !plan.dataset().rows().isEmpty() || plan.conversations() != null) {
            problems.add(Problem.at("replay", "a replay sends the trace's own calls: leave out dataset and "
                    + "conversations"));
        }
        if (plan.arrival().mode() != Arrival.Mode.SEQUENTIAL || plan.arrival().concurrency() != null) {
            problems.add(Problem.at("arrival", "a replay sends each call at the trace's time: leave arrival out, and "
                    + "set replay.speed or replay.maxGapMs to change the pace"));
        }
        if (replay.speed() != null && !(replay.speed() > 0 && replay.speed() <= 100_000)) {
            problems.add(Problem.at("replay.speed", replay.speed() + " is outside (0, 100000]: 1 is the trace's own "
                    + "pace, 10 ten times as fast"));
        }
        positive(problems, "replay.maxGapMs", replay.maxGapMs());
    }

    /**
     * A context strategy only shapes conversations, and a summary model must be one the catalog prices where the
     * budget is to be kept.
     */
    private void checkContexts(ExperimentPlan plan, List<Variant> variants, List<Problem> problems) {
        for (int i = 0; i < variants.size(); i++) {
            var context = variants.get(i).profile().levers().context();
            var path = "variants[" + i + "].levers.context";
            if (plan.conversations() == null && context.strategyOrDefault() != Levers.ContextStrategy.ALL) {
                problems.add(Problem.at(path + ".strategy", context.strategyOrDefault().id() + " shapes the history "
                        + "of a conversation, and this plan has none: add conversations, or leave the strategy out"));
            }
            if ((plan.conversations() != null || plan.replay() != null)
                    && variants.get(i).profile().levers().promptCache().prepare() == Levers.CacheState.PRIME) {
                problems.add(Problem.at("variants[" + i + "].levers.promptCache.prepare", "prime sends the profile's "
                        + "own prompt first, which a " + (plan.replay() != null ? "replay" : "conversation run")
                        + " does not send; use as-is, flush or miss"));
            }
            if (context.summaryModel() != null && plan.limits().maxCostUsd() != null
                    && catalog.find(context.summaryModel()).flatMap(m -> m.knownPrice()).isEmpty()) {
                problems.add(Problem.at(path + ".summaryModel", "limits.maxCostUsd cannot be kept: the price of "
                        + context.summaryModel() + " is unknown; add it to the catalog"));
            }
        }
    }

    /** A cost budget can only be kept if every variant's price is known. */
    private void checkBudget(ExperimentPlan plan, List<Variant> variants, List<Problem> problems) {
        if (plan.limits().maxCostUsd() == null) {
            return;
        }
        for (var variant : variants) {
            if (catalog.find(variant.profile().model()).flatMap(m -> m.knownPrice()).isEmpty()) {
                problems.add(Problem.at("limits.maxCostUsd", "cannot be kept: the price of "
                        + variant.profile().model() + " (variant " + variant.name() + ") is unknown; add it to the catalog"));
            }
        }
    }

    /** Every bound a number above 0 under a percentile's name, and only on figures every variant has. */
    private void checkSlo(ExperimentPlan plan, List<Variant> variants, List<Problem> problems) {
        var slo = plan.slo();
        if (slo == null) {
            return;
        }
        if (plan.analysis().sloP95Ms() != null) {
            problems.add(Problem.at("analysis.sloP95Ms", "give the objective once: with slo, write slo.latencyMs.p95"));
        }
        slo.timings().forEach((metric, bounds) -> bounds.forEach((key, max) -> {
            var path = "slo." + metric.id() + "." + key;
            if (Slo.quantile(key) == null) {
                problems.add(Problem.at(path, "'" + key + "' is not a percentile: write p50, p95, p99.9 "
                        + "(above 0, below 100)"));
            } else if (max == null || !(max > 0)) {
                problems.add(Problem.at(path, max + " must be a number of milliseconds above 0"));
            }
        }));
        if (slo.errorRate() != null && !(slo.errorRate() >= 0 && slo.errorRate() < 1)) {
            problems.add(Problem.at("slo.errorRate", slo.errorRate() + " is outside [0, 1): a share of the requests"));
        }
        positive(problems, "slo.costPerRequestUsd", slo.costPerRequestUsd());
        if (slo.percentileLimits().isEmpty() && slo.errorRate() == null && slo.costPerRequestUsd() == null) {
            problems.add(Problem.at("slo", "names no limit: give at least one, such as ttftMs: {p95: 800}"));
        }
        for (var variant : variants) {
            if (!slo.tpotMs().isEmpty() && !variant.profile().params().streaming()) {
                problems.add(Problem.at("slo.tpotMs", "variant " + variant.name() + " does not stream, so its "
                        + "requests have no TPOT; set params.stream: true or drop the limit"));
            }
            if (slo.costPerRequestUsd() != null
                    && catalog.find(variant.profile().model()).flatMap(m -> m.knownPrice()).isEmpty()) {
                problems.add(Problem.at("slo.costPerRequestUsd", "cannot be judged: the price of "
                        + variant.profile().model() + " (variant " + variant.name() + ") is unknown; add it to the catalog"));
            }
        }
    }

    private static void prefixed(String prefix, List<Problem> found, List<Problem> into) {
        found.forEach(problem -> into.add(new Problem(join(prefix, problem.path()), problem.message(), problem.line(),
                problem.column())));
    }

    private static String join(String prefix, String path) {
        return path == null || path.isEmpty() ? prefix : prefix + "." + path;
    }

    private static void required(List<Problem> problems, String path, Object value, String because) {
        if (value == null) {
            problems.add(Problem.at(path, "is required with " + because));
        }
    }

    private static void range(List<Problem> problems, String path, int value, int min, int max) {
        if (value < min || value > max) {
            problems.add(Problem.at(path, value + " is outside [" + min + ", " + max + "]"));
        }
    }

    private static void positive(List<Problem> problems, String path, Double value) {
        if (value != null && !(value > 0)) {
            problems.add(Problem.at(path, value + " must be more than 0"));
        }
    }

    private static void rate(List<Problem> problems, String path, Double value) {
        if (value != null && !(value > 0 && value <= MAX_RATE)) {
            problems.add(Problem.at(path, value + " requests/s is outside (0, " + (int) MAX_RATE + "]"));
        }
    }
}
