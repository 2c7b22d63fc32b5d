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
    /** What the simulator printed after its address. */
    public final Path log;

    public SimulatorProcess(String yaml, String... options) throws Exception {
        config = Files.createTempFile("sim", ".yaml");
        Files.writeString(config, yaml);
        var javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new java.util.ArrayList<>(java.util.List.of(javaBin, "-cp", System.getProperty("java.class.path"),
                "dev.llmdyno.Main", "sim", "--config", config.toString()));
        command.addAll(java.util.List.of(options));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new BufferedReader(new InputStreamReader(process.getInputStream()));
        var firstLine = output.readLine();
        baseUrl = firstLine.substring(firstLine.indexOf("http://"));
        // Read on to the end: a simulator whose output pipe fills up stops answering.
        log = Files.createTempFile("sim", ".log");
        Thread.ofPlatform().daemon().name("simulator-output").start(() -> {
            try (var writer = Files.newBufferedWriter(log)) {
                for (var line = output.readLine(); line != null; line = output.readLine()) {
                    writer.write(line);
                    writer.newLine();
                    writer.flush();
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        process.waitFor();
        Files.deleteIfExists(config);
    }
}
