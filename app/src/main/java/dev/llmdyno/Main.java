package dev.llmdyno;

import dev.llmdyno.cli.Cli;
import dev.llmdyno.ui.DesktopApp;

/**
 * Entry point of {@code java -jar llm-dyno.jar}: with no arguments the desktop app opens, with a command it is
 * the CLI. Deliberately not a JavaFX {@code Application}, so the jar starts without JavaFX module flags.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            DesktopApp.launchDesktop(args);
        } else {
            // A command out of memory, on any thread, ends with what to do about it rather than a stack trace;
            // an experiment's samples are in its store already and can be resumed.
            Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
                if (failure instanceof OutOfMemoryError) {
                    exitOutOfMemory();
                }
                thread.getThreadGroup().uncaughtException(thread, failure); // the JVM's own report, as before
            });
            try {
                System.exit(Cli.run(args));
            } catch (OutOfMemoryError e) {
                exitOutOfMemory();
            }
        }
    }

    private static void exitOutOfMemory() {
        System.err.println("error: out of memory: this needed more than its " + Runtime.getRuntime().maxMemory() / (1 << 20)
                + " MB heap. Run it again with more, e.g. LLM_DYNO_HEAP=1g bin/dyno ... (or java -Xmx1g -jar ...); "
                + "an experiment's samples so far are stored: dyno experiment resume takes it up again.");
        Runtime.getRuntime().halt(1);
    }
}
