package dev.llmdyno.cli;

import dev.llmdyno.call.CallEngine;
import dev.llmdyno.call.CallObserver;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.experiment.Outcome;
import dev.llmdyno.experiment.Plans;
import dev.llmdyno.experiment.ResultFiles;
import dev.llmdyno.experiment.Results;
import dev.llmdyno.profile.InvalidInputException;
import dev.llmdyno.store.ExperimentRecord;
import dev.llmdyno.store.RecordedRun;
import dev.llmdyno.store.Store;
import dev.llmdyno.store.StoredExperiment;
import dev.llmdyno.store.StoreException;
import dev.llmdyno.telemetry.MachineSampler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = "experiment", description = "Run A/B/n experiments, sweeps and conversations; replay recorded "
        + "traffic; list and show the stored ones; export a plan for Locust or k6 and import what they measured.",
        subcommands = {ExperimentCommand.Run.class, ExperimentCommand.Resume.class, ExperimentCommand.ListCommand.class,
                ExperimentCommand.Show.class, ReplayCommand.class, LoadScriptCommands.Export.class,
                LoadScriptCommands.Import.class})
final class ExperimentCommand {

    /** The store option every subcommand shares. */
    static final class StoreOption {
        @Option(names = "--store", paramLabel = "FILE", description = "The history database (default: ${DEFAULT-VALUE}).")
        Path file = Store.defaultFile();

        Store open() {
            try {
                return Store.open(file);
            } catch (StoreException e) {
                throw new UserError(e.getMessage());
            }
        }
    }

    /** Output options shared by run and resume. */
    static final class OutputOptions {
        @Option(names = "--out", paramLabel = "DIR", description = "Write results.json, samples.csv and report.html here.")
        Path out;

        @Option(names = "--json", description = "Print the summary as JSON on stdout.")
        boolean json;
    }

    @Command(name = "run", description = "Run a plan (YAML or JSON): progress on the terminal, then the summary and verdicts. "
            + "Exit 0 when it ran, 2 for a bad plan, 3 when it aborted.")
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PLAN", description = "The experiment plan.")
        Path planFile;

        @Mixin
        StoreOption store;

        @Mixin
        OutputOptions output;

        @Mixin
        MetricsOptions metrics;

        @Override
        public Integer call() {
            var catalog = Catalogs.load();
            var experiment = Input.checked(planFile, "plan", new Plans(catalog)::read);
            return runRecorded(spec, store, output, metrics, catalog, (history, engine, machine) ->
                    RecordedRun.start(history, engine, catalog, experiment, sample -> {
                    }, machine));
        }
    }

    @Command(name = "resume", description = "Take up an interrupted or cancelled experiment where it stopped.")
    static final class Resume implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The experiment's id (see 'dyno experiment list').")
        long id;

        @Mixin
        StoreOption store;

        @Mixin
        OutputOptions output;

        @Mixin
        MetricsOptions metrics;

        @Override
        public Integer call() {
            var catalog = Catalogs.load();
            return runRecorded(spec, store, output, metrics, catalog, (history, engine, machine) -> {
                var record = record(history, id);
                return RecordedRun.resume(history, record, StoredExperiment.plan(record, catalog), engine, catalog,
                        sample -> {
                        }, machine);
            });
        }
    }

    @Command(name = "list", description = "List the stored experiments, newest first.")
    static final class ListCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOption store;

        @Option(names = "--json", description = "Print the list as JSON.")
        boolean json;

        @Override
        public Integer call() {
            try (var history = store.open()) {
                var experiments = history.experiments();
                var out = spec.commandLine().getOut();
                if (json) {
                    out.println(Json.write(experiments.stream().map(ExperimentCommand::listed).toList()));
                    return ExitCodes.OK;
                }
                if (experiments.isEmpty()) {
                    out.println("No experiments yet. Run one with: dyno experiment run PLAN");
                    return ExitCodes.OK;
                }
                var rows = new ArrayList<List<String>>();
                rows.add(List.of("id", "name", "status", "started", "samples"));
                experiments.forEach(e -> rows.add(List.of(String.valueOf(e.id()), e.name(), e.status().id(),
                        time(e.startedAt()), String.valueOf(e.samples()))));
                out.print(TextTable.render(rows));
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "show", description = "Show a stored experiment's summary; --out writes its files again.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The experiment's id.")
        long id;

        @Mixin
        StoreOption store;

        @Mixin
        OutputOptions output;

        @Override
        public Integer call() {
            var catalog = Catalogs.load();
            try (var history = store.open()) {
                var record = record(history, id);
                StoredExperiment stored;
                try {
                    stored = StoredExperiment.load(history, record, catalog);
                } catch (InvalidInputException e) {
                    throw new UserError("the stored plan no longer reads\n" + e.getMessage());
                }
                write(spec, output, stored.experiment(), stored.results(), stored.samples());
                return ExitCodes.OK;
            }
        }
    }

    private static ExperimentRecord record(Store history, long id) {
        return history.experiment(id).orElseThrow(() -> new UserError("no experiment " + id + " in " + history.file()));
    }

    /** How a subcommand makes its run, given the store, an engine and the machine sampler. */
    @FunctionalInterface
    interface Starter {
        RecordedRun start(Store history, CallEngine engine, MachineSampler machine) throws InvalidInputException;
    }

    /**
     * Opens the store, the metrics' server if asked for, an engine and the machine sampler, starts the run, and ends
     * as {@link #finish} says.
     */
    static int runRecorded(CommandSpec spec, StoreOption store, OutputOptions output, MetricsOptions metrics,
                                   Catalog catalog, Starter starter) {
        var metricsServer = metrics.start(spec.commandLine().getErr());
        try {
            try (var history = store.open();
                 var engine = Engines.standard(catalog,
                         metricsServer == null ? CallObserver.NONE : metricsServer.observer());
                 var machine = new MachineSampler()) {
                machine.start();
                RecordedRun run;
                try {
                    run = starter.start(history, engine, machine);
                } catch (InvalidInputException | IllegalArgumentException | StoreException e) {
                    throw new UserError(e.getMessage()); // a bad plan, or a history that cannot take a new run
                }
                return finish(spec, run, output);
            }
        } finally {
            metrics.stop(metricsServer);
        }
    }

    private static int finish(CommandSpec spec, RecordedRun run, OutputOptions output) {
        var err = spec.commandLine().getErr();
        err.println("Experiment " + run.id() + ": " + run.run().experiment().name() + " (stored in the history; "
                + "Ctrl-C stops it, 'dyno experiment resume " + run.id() + "' takes it up again)");
        var progress = ProgressBar.start(err, run.run()::progress, System.console() != null && !output.json);
        var saved = new CountDownLatch(1);
        var stopOnCtrlC = Thread.ofPlatform().unstarted(() -> {
            run.run().cancel();
            try {
                saved.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
        run.onSaveFailure(e -> err.println(System.lineSeparator() + "warning: the history cannot save samples ("
                + e.getMessage() + "); the run goes on and keeps them in memory"));
        try {
            RecordedRun.Finished finished;
            try {
                finished = run.execute();
            } finally {
                progress.stop();
            }
            write(spec, output, run.run().experiment(), finished.results(), finished.outcome().samples());
            if (run.saveFailure() != null) {
                err.println("error: experiment " + run.id() + " is not complete in the history: "
                        + run.saveFailure().getMessage() + (output.out == null ? "; the summary above has every sample"
                        : "; " + output.out + " has every sample"));
                return ExitCodes.FAILED;
            }
            return finished.outcome().status() == Outcome.Status.ABORTED ? ExitCodes.FAILED : ExitCodes.OK;
        } finally {
            saved.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running; it waited for the results above to be saved.
            }
        }
    }

    static void write(CommandSpec spec, OutputOptions output, dev.llmdyno.experiment.Experiment experiment,
                              Results results, List<dev.llmdyno.experiment.Sample> samples) {
        var out = spec.commandLine().getOut();
        if (output.json) {
            out.println(Json.write(results));
        } else {
            out.print(ExperimentSummary.render(results));
            out.flush();
        }
        if (output.out != null) {
            try {
                ResultFiles.write(output.out, experiment, results, samples);
                spec.commandLine().getErr().println("Wrote " + output.out.resolve(ResultFiles.RESULTS) + ", "
                        + ResultFiles.SAMPLES + " and " + ResultFiles.REPORT);
            } catch (IOException e) {
                throw new UserError(output.out + ": cannot write the results (" + e.getMessage() + ")");
            }
        }
    }

    private static java.util.Map<String, Object> listed(ExperimentRecord e) {
        var map = new java.util.LinkedHashMap<String, Object>();
        map.put("id", e.id());
        map.put("name", e.name());
        map.put("status", e.status().id());
        map.put("reason", e.reason());
        map.put("startedAt", Instant.ofEpochMilli(e.startedAt()).toString());
        map.put("endedAt", e.endedAt() == null ? null : Instant.ofEpochMilli(e.endedAt()).toString());
        map.put("samples", e.samples());
        return map;
    }

    private static String time(long epochMillis) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault())
                .format(Instant.ofEpochMilli(epochMillis));
    }
}
