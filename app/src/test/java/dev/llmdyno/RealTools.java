package dev.llmdyno;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real tools that exports are checked in, as {@code .ci/run} installs them: npm packages under {@code .node/}
 * (the OpenAI Node SDK, the Portkey gateway) and the OpenAI Python package in {@code .venv-openai/}. Where one is
 * missing a test is skipped with the command that installs it; under CI (the variable CI is set) it fails instead,
 * so a broken install never passes as green.
 */
public final class RealTools {

    private RealTools() {
    }

    public static Path repositoryRoot() {
        return TestPaths.profiles().getParent();
    }

    public static Path nodeModules() {
        return require(repositoryRoot().resolve(".node/node_modules/openai/package.json"), "the OpenAI Node SDK",
                "npm install --prefix .node openai@6").getParent().getParent();
    }

    public static Path portkeyGateway() {
        return require(repositoryRoot().resolve(".node/node_modules/@portkey-ai/gateway/build/start-server.js"),
                "the Portkey gateway", "npm install --prefix .node @portkey-ai/gateway@1.15.2");
    }

    public static Path openAiPython() {
        return require(repositoryRoot().resolve(".venv-openai/bin/python"), "the OpenAI Python package",
                "python3 -m venv .venv-openai && .venv-openai/bin/pip install openai");
    }

    public static Path envsubst() {
        return require(Path.of("/usr/bin/envsubst"), "envsubst", "apt-get install gettext-base");
    }

    /** A program on the PATH or in /usr/sbin (Debian's packages install there; daemons in sbin). */
    public static Path program(String name, String install) {
        var path = System.getenv().getOrDefault("PATH", "/usr/bin") + java.io.File.pathSeparator + "/usr/sbin";
        var found = java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
        return require(found.orElse(Path.of("/usr/bin", name)), name, install);
    }

    private static Path require(Path file, String what, String install) {
        if (Files.exists(file)) {
            return file;
        }
        var message = what + " is not installed (" + file + "); .ci/run installs it, or run: " + install;
        if (System.getenv("CI") != null) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message);
        return file;
    }

    public static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits until something listens on the loopback port, or the process has died. */
    public static void awaitPort(int port, Process process, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the process exited with " + process.exitValue() + " before it listened on " + port);
            }
            try (var ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nothing listened on " + port + " within " + patience);
    }

    /** What a finished command said. */
    public record Run(int exitCode, String output) {
    }

    /** Runs a command to its end with extra environment variables; its output and errors come back together. */
    public static Run run(Path directory, Map<String, String> environment, List<String> command) throws Exception {
        var builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        var process = builder.start();
        process.getOutputStream().close();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish:\n" + output);
        }
        return new Run(process.exitValue(), output);
    }

    /** Runs {@code envsubst} over the text, as docs/export.md tells users to fill a config's placeholders. */
    public static String envsubst(String text, Map<String, String> environment) throws Exception {
        var builder = new ProcessBuilder(envsubst().toString()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        var process = builder.start();
        try (var in = process.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new AssertionError("envsubst failed: " + output);
        }
        return output;
    }
}
