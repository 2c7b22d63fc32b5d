package dev.llmdyno.cli;

import dev.llmdyno.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;

/** The {@code dyno} command line. */
// INHERIT: every subcommand answers --help and -h (and --version) too.
@Command(name = "dyno", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Cli.VersionProvider.class,
        description = "A dynamometer for LLM calls: count, call, compare and export.")
public final class Cli {

    /** The commands, in the order help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(TokensCommand.class, CatalogCommand.class,
            ProfileCommand.class, SimCommand.class, CallCommand.class, ExperimentCommand.class, TuneCommand.class,
            ExportCommand.class, ImportCommand.class, CacheCommand.class, CommandLine.HelpCommand.class);

    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        var commandLine = new CommandLine(new Cli());
        commandsFor(args).forEach(command -> commandLine.addSubcommand(command));
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

    /**
     * The commands {@code args} need: only the one they name, since building the whole tree reads every command's
     * annotations (200 ms of a cold start); all of them for help, a mistyped name or none.
     */
    private static List<Class<?>> commandsFor(String... args) {
        var named = Arrays.stream(args).filter(arg -> !arg.startsWith("-")).findFirst().orElse(null);
        return COMMANDS.stream().filter(command -> command.getAnnotation(Command.class).name().equals(named))
                .filter(command -> command != CommandLine.HelpCommand.class).findFirst().map(List::<Class<?>>of)
                .orElse(COMMANDS);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"LLM Dyno " + Version.get(), "Java " + Runtime.version()};
        }
    }
}
