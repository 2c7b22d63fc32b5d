package dev.llmdyno.cli;

import dev.llmdyno.export.Exporters;
import dev.llmdyno.profile.InvalidInputException;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.ProfileIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "import", description = "Read a LiteLLM config, a Portkey config or a profile back into a profile.")
final class ImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = "--from", paramLabel = "FORMAT", description = "litellm, portkey or profile (default: guessed from the file).")
    String from;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the profile here (.yaml or .json) instead of standard output.")
    Path output;

    @Override
    public Integer call() {
        var exporters = new Exporters(Catalogs.load());
        var text = Input.text(file.toString(), System.in);
        var importer = from == null ? exporters.guess(file.getFileName().toString(), text)
                : exporters.importer(from).orElseThrow(() ->
                        new UserError("--from: '" + from + "' is not a format; use one of " + exporters.importerIds()));
        dev.llmdyno.profile.Profile profile;
        try {
            profile = importer.read(text, file.toString());
        } catch (InvalidInputException e) {
            throw new UserError("cannot import\n" + e.getMessage());
        }
        var problems = new dev.llmdyno.profile.ProfileValidator().validate(profile);
        problems.stream().filter(p -> !p.path().startsWith("prompt"))
                .forEach(problem -> spec.commandLine().getErr().println("warning: " + problem));
        if (output == null) {
            spec.commandLine().getOut().print(ProfileIO.write(profile, Mappers.Format.YAML));
        } else {
            try {
                ProfileIO.write(profile, output);
            } catch (IOException e) {
                throw new UserError(output + ": cannot write (" + e.getMessage() + ")");
            }
            spec.commandLine().getErr().println("wrote " + output);
        }
        return ExitCodes.OK;
    }
}
