package dev.llmdyno.cli;

import dev.llmdyno.export.Exporters;
import dev.llmdyno.export.Imported;
import dev.llmdyno.profile.InvalidInputException;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.ProfileIO;
import dev.llmdyno.profile.ProfileValidator;
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
        Imported imported;
        try {
            imported = importer.read(text, file.toString());
        } catch (InvalidInputException e) {
            throw new UserError("cannot import\n" + e.getMessage());
        }
        var profile = imported.profile();
        // An import is only useful if it runs: what the validator rejects is a problem of the file, named there.
        var problems = new ProfileValidator().validate(profile);
        if (!problems.isEmpty()) {
            throw new UserError("cannot import\n" + new InvalidInputException(file.toString(), problems).getMessage());
        }
        var err = spec.commandLine().getErr();
        imported.warnings().forEach(warning -> err.println("warning: " + warning));
        var format = output == null ? Mappers.Format.YAML : Mappers.Format.of(output);
        var header = format == Mappers.Format.YAML ? comments(imported) : "";
        var written = header + ProfileIO.write(profile, format);
        if (output == null) {
            spec.commandLine().getOut().print(written);
        } else {
            try {
                ProfileIO.writeAtomically(output, written);
            } catch (IOException e) {
                throw new UserError(output + ": cannot write (" + e.getMessage() + ")");
            }
            err.println("wrote " + output);
        }
        return ExitCodes.OK;
    }

    /** The YAML header: where the profile came from and each warning, so they stay with the file. */
    private String comments(Imported imported) {
        var text = new StringBuilder("# Imported by dyno import from ").append(file.getFileName()).append(".\n");
        imported.warnings().forEach(warning -> text.append("# WARNING: ").append(warning).append('\n'));
        return text.toString();
    }
}
