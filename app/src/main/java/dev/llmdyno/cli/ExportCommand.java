package dev.llmdyno.cli;

import dev.llmdyno.export.Exporters;
import dev.llmdyno.profile.InvalidInputException;
import dev.llmdyno.profile.ProfileIO;
import dev.llmdyno.profile.ProfileValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "export", description = "Turn a profile into a gateway's or an SDK's configuration.")
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PROFILE")
    Path profileFile;

    @Option(names = "--to", required = true, paramLabel = "TARGET",
            description = "litellm, portkey, openai-python, openai-node, spring-ai, env, curl or profile.")
    String target;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of standard output.")
    Path output;

    @Override
    public Integer call() {
        var catalog = Catalogs.load();
        var exporters = new Exporters(catalog);
        var exporter = exporters.exporter(target).orElseThrow(() ->
                new UserError("--to: '" + target + "' is not a target; use one of " + exporters.exporterIds()));
        dev.llmdyno.profile.Profile profile;
        try {
            profile = new ProfileIO(new ProfileValidator(catalog)).read(profileFile);
        } catch (InvalidInputException e) {
            throw new UserError("invalid profile\n" + e.getMessage());
        } catch (NoSuchFileException e) {
            throw new UserError(profileFile + ": no such file");
        } catch (IOException e) {
            throw new UserError(profileFile + ": cannot read (" + e.getMessage() + ")");
        }
        var export = exporter.export(profile);
        var err = spec.commandLine().getErr();
        export.warnings().forEach(warning -> err.println("warning: " + warning));
        if (output == null) {
            spec.commandLine().getOut().print(export.text());
        } else {
            try {
                ProfileIO.writeAtomically(output, export.text());
            } catch (IOException e) {
                throw new UserError(output + ": cannot write (" + e.getMessage() + ")");
            }
            err.println("wrote " + output);
        }
        return ExitCodes.OK;
    }
}
