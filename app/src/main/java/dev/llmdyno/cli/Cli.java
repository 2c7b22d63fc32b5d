package dev.llmdyno.cli;

import dev.llmdyno.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code dyno} command line. */
// INHERIT: every subcommand answers --help and -h (and --version) too.
@Command(name = "dyno", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Cli.VersionProvider.class,
        description = "A dynamometer for LLM calls: count, call, compare and export.",
        subcommands = {TokensCommand.class, CatalogCommand.class, ProfileCommand.class, SimCommand.class, CallCommand.class,
                ExperimentCommand.class, ExportCommand.class, ImportCommand.class, CacheCommand.class,
                CommandLine.HelpCommand.class})
public final class Cli {

    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        var commandLine = new CommandLine(new Cli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            if (exception instanceof UserError) {
                cmd.getErr().println("error: " + exception.getMessage());
                return ExitCodes.BAD_INPUT;
            }
            cmd.getErr().println("error: " + exception);
            return ExitCodes.INTERNAL;
        });
        try {
            return commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"LLM Dyno " + Version.get(), "Java " + Runtime.version()};
        }
    }
}
