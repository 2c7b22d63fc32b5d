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
            System.exit(Cli.run(args));
        }
    }
}
