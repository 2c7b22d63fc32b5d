package dev.llmdyno.cli;

import dev.llmdyno.export.Exporters;
import dev.llmdyno.profile.ProfileIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "export", description = "Turn a profile into a gateway's or an SDK's configuration.")
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PROFILE")
    Path profileFile;

    @Option(names = "--to", required = true, paramLabel = "TARGET",
            description = "litellm, portkey, openai-python, openai-node, spring-ai (2.x), spring-ai-1 (1.x), env, curl, nginx, haproxy or profile.")
    String target;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of standard output.")
    Path output;

    @Override
    public Integer call() {
        var catalog = Catalogs.load();
        var exporters = new Exporters(catalog);
        var exporter = exporters.exporter(target).orElseThrow(() ->
                new UserError("--to: '" + target + "' is not a target; use one of " + exporters.exporterIds()));
        var profile = ProfileFiles.read(profileFile, catalog);
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
