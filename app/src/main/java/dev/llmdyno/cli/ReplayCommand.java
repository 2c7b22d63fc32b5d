package dev.llmdyno.cli;

import dev.llmdyno.experiment.ExperimentPlan;
import dev.llmdyno.experiment.Plans;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.store.RecordedRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A recorded trace sent again against a profile in one command: the plan that {@code replay:} would be
 * (docs/replay.md), its variants the profile as it is and the same on each {@code --tier} and {@code --model} asked
 * for.
 */
@Command(name = "replay", description = "Send a recorded trace (our JSONL, OTLP JSON spans, a LiteLLM log, Langfuse "
        + "observations) again at its own times against a profile, and on other tiers or models beside it. "
        + "Exit 0 when it ran, 2 for a bad trace or profile, 3 when it aborted.")
final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TRACE", description = "The trace file.")
    Path trace;

    @Option(names = "--profile", required = true, paramLabel = "FILE", description = "The profile to replay it on.")
    Path profile;

    @Option(names = "--tier", paramLabel = "TIER", description = "Replay it on this tier too (fast, balanced, "
            + "quality); repeatable.")
    List<String> tiers = new ArrayList<>();

    @Option(names = "--model", paramLabel = "MODEL", description = "Replay it on this model too; repeatable.")
    List<String> models = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", description = "auto (default), dyno, otel, litellm or langfuse.")
    String format;

    @Option(names = "--speed", paramLabel = "X", description = "How much faster than recorded: 1 (default) is the "
            + "trace's own pace, 10 ten times as fast.")
    Double speed;

    @Option(names = "--max-gap-ms", paramLabel = "MS", description = "Cut every longer gap between calls to this.")
    Double maxGapMs;

    @Option(names = "--warmup", paramLabel = "N", description = "Unmeasured calls before each pass (default: "
            + "${DEFAULT-VALUE}).")
    int warmup = 1;

    @Option(names = "--max-cost-usd", paramLabel = "USD", description = "Stop before the spend could pass this.")
    Double maxCostUsd;

    @Mixin
    ExperimentCommand.StoreOption store;

    @Mixin
    ExperimentCommand.OutputOptions output;

    @Mixin
    MetricsOptions metrics;

    @Override
    public Integer call() {
        var catalog = Catalogs.load();
        var folder = Path.of("").toAbsolutePath();
        var plan = new ExperimentPlan(null, "Replay of " + trace.getFileName(), null,
                Mappers.json().getNodeFactory().textNode(folder.resolve(profile).toString()), variants(), null, 1,
                warmup, null, new dev.llmdyno.experiment.Limits(null, null, maxCostUsd, null), null, null, null, null,
                null, null, new ExperimentPlan.Replay(folder.resolve(trace).toString(), format, speed, maxGapMs, null), null);
        var experiment = Input.checked(trace, "replay", file -> new Plans(catalog).resolve(plan, folder,
                "replay of " + file));
        return ExperimentCommand.runRecorded(spec, store, output, metrics, catalog, (history, engine, machine) ->
                RecordedRun.start(history, engine, catalog, experiment, sample -> {
                }, machine));
    }

    private List<ExperimentPlan.VariantSpec> variants() {
        var variants = new ArrayList<ExperimentPlan.VariantSpec>();
        variants.add(new ExperimentPlan.VariantSpec("as recorded", null));
        tiers.forEach(tier -> variants.add(new ExperimentPlan.VariantSpec(tier + " tier",
                Mappers.json().createObjectNode().put("tier", tier))));
        models.forEach(model -> variants.add(new ExperimentPlan.VariantSpec(model,
                Mappers.json().createObjectNode().put("model", model))));
        return variants;
    }
}
