package dev.llmdyno;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Starts {@code dyno} as a fresh JVM on the test class path: a cold process, as a user's first command is. */
public final class DynoProcess {

    private DynoProcess() {
    }

    public static Process start(String... args) throws IOException {
        return builder(args).redirectErrorStream(true).start();
    }

    /** The command, for a test that sets its environment or reads its output and errors apart. */
    public static ProcessBuilder builder(String... args) {
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.llmdyno.Main");
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }
}
