package dev.llmdyno.cli;

import dev.llmdyno.profile.InvalidInputException;
import dev.llmdyno.profile.ProfileIO;
import dev.llmdyno.profile.ProfileValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "profile", description = "Work with profile files.", subcommands = ProfileCommand.Validate.class)
final class ProfileCommand {

    @Command(name = "validate", description = "Check profile files; one 'FILE: path: message' line per problem.")
    static final class Validate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE")
        List<Path> files;

        @Override
        public Integer call() {
            var io = new ProfileIO(new ProfileValidator(Catalogs.load()));
            var out = spec.commandLine().getOut();
            var err = spec.commandLine().getErr();
            boolean allValid = true;
            for (var file : files) {
                try {
                    io.read(file);
                    out.println(file + ": valid");
                } catch (InvalidInputException e) {
                    allValid = false;
                    e.problems().forEach(problem -> err.println(file + ": " + problem));
                } catch (NoSuchFileException e) {
                    allValid = false;
                    err.println(file + ": no such file");
                } catch (IOException e) {
                    allValid = false;
                    err.println(file + ": cannot read (" + e.getMessage() + ")");
                }
            }
            return allValid ? ExitCodes.OK : ExitCodes.BAD_INPUT;
        }
    }
}
