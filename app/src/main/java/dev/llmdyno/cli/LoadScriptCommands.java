package dev.llmdyno.cli;

import dev.llmdyno.export.LoadResults;
import dev.llmdyno.export.LoadScripts;
import dev.llmdyno.store.ImportedRun;
import dev.llmdyno.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** A plan run on a distributed load tool: written out for it, and its measurements brought home (docs/scale-out.md). */
final class LoadScriptCommands {

    private LoadScriptCommands() {
    }

    @Command(name = "export", description = "Write a plan as a load script: a Locust locustfile (run it on Locust's "
            + "distributed workers) or a k6 script, with the requests and the schedule beside it.")
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PLAN", description = "The experiment plan.")
        Path planFile;

        @Option(names = "--to", required = true, paramLabel = "TOOL", description = "locust or k6.")
        String tool;

        @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "The directory to write.")
        Path out;

        @Override
        public Integer call() {
            LoadScripts.Tool target;
            try {
                target = LoadScripts.Tool.of(tool);
            } catch (IllegalArgumentException e) {
                throw new UserError("--to: " + e.getMessage());
            }
            var catalog = Catalogs.load();
            var experiment = Input.checked(planFile, "plan", new dev.llmdyno.experiment.Plans(catalog)::read);
            LoadScripts.Written written;
            try {
                written = LoadScripts.write(experiment, target, out);
            } catch (IllegalArgumentException e) {
                throw new UserError(planFile + ": " + e.getMessage());
            } catch (IOException e) {
                throw new UserError(out + ": cannot write the script (" + e.getMessage() + ")");
            }
            var err = spec.commandLine().getErr();
            written.warnings().forEach(warning -> err.println("warning: " + warning));
            written.files().forEach(file -> spec.commandLine().getOut().println("Wrote " + file));
            err.println("Run it as " + out.resolve("README.md") + " says; then: dyno experiment import " + out);
            return ExitCodes.OK;
        }
    }

    @Command(name = "import", description = "Bring what an exported load script measured (its workers' lines under "
            + "DIR/samples) into the history as an experiment; importing again adds the lines that arrived since.")
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The directory the plan was exported to.")
        Path dir;

        @Mixin
        ExperimentCommand.StoreOption store;

        @Mixin
        ExperimentCommand.OutputOptions output;

        @Override
        public Integer call() {
            var catalog = Catalogs.load();
            var imported = Input.checked(dir, "load results", path -> LoadResults.read(path, catalog));
            var err = spec.commandLine().getErr();
            imported.notes().forEach(note -> err.println("note: " + note));
            try (var history = store.open()) {
                ImportedRun run;
                try {
                    run = ImportedRun.save(history, imported.experiment(), "load:" + imported.plan().exportId(),
                            imported.samples());
                } catch (StoreException e) {
                    throw new UserError(e.getMessage());
                }
                err.println("Experiment " + run.id() + ": " + imported.experiment().name() + " ("
                        + (run.added() ? "imported" : "added to") + ": " + run.newSamples() + " new of "
                        + imported.samples().size() + " requests in " + imported.files() + " files"
                        + (imported.duplicates() == 0 ? "" : ", " + imported.duplicates() + " repeated lines left out")
                        + "; " + run.status().id() + ")");
                ExperimentCommand.write(spec, output, imported.experiment(), run.results(), run.samples());
                return ExitCodes.OK;
            }
        }
    }
}
