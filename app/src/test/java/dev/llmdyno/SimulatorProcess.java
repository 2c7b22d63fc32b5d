package dev.llmdyno;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code dyno sim} in a process of its own, with the given config, so it does not share the measuring JVM. */
public final class SimulatorProcess implements AutoCloseable {

    public final String baseUrl;
    private final Process process;
    private final Path config;

    public SimulatorProcess(String yaml, String... options) throws Exception {
        config = Files.createTempFile("sim", ".yaml");
        Files.writeString(config, yaml);
        var javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new java.util.ArrayList<>(java.util.List.of(javaBin, "-cp", System.getProperty("java.class.path"),
                "dev.llmdyno.Main", "sim", "--config", config.toString()));
        command.addAll(java.util.List.of(options));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var firstLine = new BufferedReader(new InputStreamReader(process.getInputStream())).readLine();
        baseUrl = firstLine.substring(firstLine.indexOf("http://"));
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        process.waitFor();
        Files.deleteIfExists(config);
    }
}
