package dev.llmdyno.export;

import dev.llmdyno.call.WireRequest;
import dev.llmdyno.experiment.Arrival;
import dev.llmdyno.experiment.Experiment;
import dev.llmdyno.experiment.PlannedGaps;
import dev.llmdyno.experiment.Schedule;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.ProviderKind;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * An experiment written out for a distributed load tool (docs/scale-out.md): the tool's script, which is the same
 * for every plan, and the {@link LoadPlan} it reads. The script sends the requests, times them and writes one JSON
 * line per request; {@link LoadResults} reads those lines back as the plan's samples.
 */
public final class LoadScripts {

    public enum Tool {
        LOCUST("locustfile.py"), K6("k6-script.js");

        private final String script;

        Tool(String script) {
            this.script = script;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public String script() {
            return script;
        }

        public static Tool of(String id) {
            for (var tool : values()) {
                if (tool.id().equalsIgnoreCase(id)) {
                    return tool;
                }
            }
            throw new IllegalArgumentException("'" + id + "' is not a load tool; use locust or k6");
        }
    }

    /** The files written and what the script does not do as {@code dyno experiment run} would. */
    public record Written(List<Path> files, List<String> warnings) {
    }

    private LoadScripts() {
    }

    public static Written write(Experiment experiment, Tool tool, Path dir) throws IOException {
        var warnings = new ArrayList<String>();
        var plan = plan(experiment, warnings);
        if (tool == Tool.K6 && plan.requests().stream().anyMatch(LoadPlan.Request::stream)) {
            warnings.add("k6's http module hands over a streamed body only when it has ended: the k6 script times "
                    + "the first byte (res.timings.waiting) and the whole call, not the first token; use Locust to "
                    + "measure TTFT");
        }
        Files.createDirectories(dir);
        var files = new ArrayList<Path>();
        files.add(Files.writeString(dir.resolve(LoadPlan.FILE), Mappers.compactJson().writeValueAsString(plan)));
        files.add(copy("scaleout/" + tool.script(), dir.resolve(tool.script())));
        files.add(Files.writeString(dir.resolve("README.md"), readme(tool, plan)));
        return new Written(files, warnings);
    }

    /** The load plan of {@code experiment}; what it cannot carry is added to {@code warnings}. */
    static LoadPlan plan(Experiment experiment, List<String> warnings) {
        var arrival = experiment.plan().arrival();
        if (experiment.conversational()) {
            throw new IllegalArgumentException("conversations: a conversation run sends each turn with the answers "
                    + "before it, which a load script's fixed requests cannot; run it with dyno experiment run");
        }
        if (experiment.replaying()) {
            throw new IllegalArgumentException("replay: a replay's calls each have a prompt and a time of their own, "
                    + "which a load script's plan does not carry; run it with dyno experiment run");
        }
        if (experiment.crowded()) {
            throw new IllegalArgumentException("users: classes of users with their own pace, keys and priorities "
                    + "are played by dyno experiment run; a load script sends one pace of the same requests");
        }
        if (arrival.mode() == Arrival.Mode.SWEEP) {
            throw new IllegalArgumentException("arrival.mode: a sweep cannot be exported, as its levels would need "
                    + "every worker to finish one before any starts the next; export one plan per level");
        }
        var pace = arrival.paces().getFirst();
        var keys = new LinkedHashSet<String>();
        var requests = new ArrayList<LoadPlan.Request>();
        int rows = Math.max(1, experiment.rows().size());
        for (int v = 0; v < experiment.variants().size(); v++) {
            var variant = experiment.variants().get(v);
            var profile = variant.profile();
            String key = null;
            if (Targets.needsKey(profile.endpoint())) {
                var variable = Targets.keyVariable(profile.endpoint(), warnings);
                keys.add(variable);
                key = "${" + variable + "}";
            }
            warnNotCarried(variant.name(), profile, warnings);
            var timeouts = profile.levers().timeouts();
            for (int row = 0; row < rows; row++) {
                var variables = experiment.rows().isEmpty() ? java.util.Map.<String, String>of() : experiment.rows().get(row);
                var wire = WireRequest.of(profile, variables, key, Targets.SIMULATOR_URL);
                requests.add(new LoadPlan.Request(v, variant.name(), row, wire.url(), wire.headers(), wire.body(),
                        profile.endpoint().kind().protocol() == ProviderKind.WireProtocol.ANTHROPIC_MESSAGES
                                ? "anthropic" : "openai", profile.params().streaming(),
                        new LoadPlan.Timeouts(timeouts.connectMs(), timeouts.firstTokenMs(), timeouts.idleMs(),
                                timeouts.totalMs())));
            }
        }
        if (!experiment.plan().limits().equals(dev.llmdyno.experiment.Limits.NONE)) {
            warnings.add("limits are not carried: the script sends the whole schedule");
        }
        var trials = new ArrayList<double[]>();
        var gaps = pace.mode().openLoop() ? new PlannedGaps(pace, experiment.plan().seed(), 0) : null;
        long plannedNanos = 0;
        for (var trial : Schedule.of(experiment)) {
            trials.add(new double[]{trial.index(), trial.variant() * rows + trial.row(),
                    gaps == null ? -1 : plannedNanos / 1e6});
            if (gaps != null) {
                plannedNanos += gaps.nextNanos();
            }
        }
        var mode = pace.mode();
        var loadPace = mode.openLoop() ? new LoadPlan.Pace(mode.id(), null, pace.level(), pace.cap())
                : new LoadPlan.Pace(mode.id(), pace.callers(), null, null);
        return new LoadPlan(LoadPlan.FORMAT, LoadPlan.VERSION, UUID.randomUUID().toString(), experiment.name(),
                loadPace, List.copyOf(keys), requests, trials, experiment.plan());
    }

    private static void warnNotCarried(String variant, dev.llmdyno.profile.Profile profile, List<String> warnings) {
        var target = "the load script (variant " + variant + ")";
        Unexpressed.warn(profile, Unexpressed.of(Unexpressed.RATE_LIMIT, Unexpressed.CACHE, Unexpressed.CONTEXT_BUDGET,
                Unexpressed.PRIORITY, Unexpressed.CONNECTION), target, warnings);
        var retry = profile.levers().retry();
        if (retry.maxRetries() != null && retry.maxRetries() > 0) {
            warnings.add(target + " sends each request once: retries (" + retry.maxRetries() + ") are not carried");
        }
        if (profile.levers().promptCache().prepare() != dev.llmdyno.profile.Levers.CacheState.AS_IS) {
            warnings.add(target + " does not prepare the prompt cache (" + profile.levers().promptCache().prepare()
                    .id() + "): it is sent as it is");
        }
        if (profile.routing() != null && !profile.routing().targets().isEmpty()) {
            warnings.add(target + " calls the profile's endpoint only: routing over " + profile.routing().targets().size()
                    + " targets is not carried");
        }
    }

    private static String readme(Tool tool, LoadPlan plan) {
        var template = resource("scaleout/" + tool.id() + "-README.md");
        var users = plan.arrival().users() != null ? String.valueOf(plan.arrival().users()) : "WORKERS";
        return template.replace("{{name}}", plan.name()).replace("{{users}}", users)
                .replace("{{keys}}", plan.keys().isEmpty() ? "none" : String.join(", ", plan.keys()))
                .replace("{{requests}}", String.valueOf(plan.trials().size()));
    }

    private static Path copy(String resource, Path target) throws IOException {
        return Files.writeString(target, resource(resource));
    }

    private static String resource(String name) {
        try (InputStream in = LoadScripts.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the application");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
