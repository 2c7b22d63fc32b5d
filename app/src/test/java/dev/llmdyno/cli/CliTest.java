package dev.llmdyno.cli;

import dev.llmdyno.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Cli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void versionAndHelp() {
        assertThat(run("--version").out()).startsWith("LLM Dyno ");
        var help = run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("tokens", "catalog", "profile");
    }

    @Test
    void everySubcommandAnswersHelpWithItsUsage() {
        for (var command : new String[][]{{"call"}, {"sim"}, {"tokens"}, {"catalog"}, {"export"}, {"import"},
                {"profile"}, {"profile", "validate"}, {"experiment"}, {"experiment", "run"},
                {"experiment", "resume"}, {"experiment", "list"}, {"experiment", "show"},
                {"experiment", "export"}, {"experiment", "import"}, {"cache"}, {"cache", "clear"}}) {
            for (var flag : new String[]{"--help", "-h"}) {
                var args = java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream.of(flag))
                        .toArray(String[]::new);
                var result = run(args);
                assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result.err()).isZero();
                assertThat(result.out()).as(String.join(" ", args)).contains("Usage: dyno " + String.join(" ", command));
            }
        }
    }

    @Test
    void tokensPrintsJson(@TempDir Path dir) throws Exception {
        var file = dir.resolve("t.txt");
        Files.writeString(file, "hello world");
        var result = run("tokens", "--encoding", "cl100k_base", "--json", file.toString());
        assertThat(result.exitCode()).isZero();
        assertThat(result.out().strip()).isEqualTo("{\"tokens\":2,\"encoding\":\"cl100k_base\",\"approximate\":false}");
        assertThat(run("tokens", "--model", "claude-haiku-4-5", file.toString()).out())
                .isEqualTo("2 tokens (cl100k_base (approximate))\n");
    }

    @Test
    void tokensForAnUnknownModelExitsTwoWithAClearMessage(@TempDir Path dir) throws Exception {
        var file = dir.resolve("t.txt");
        Files.writeString(file, "x");
        var result = run("tokens", "--model", "gpt-99", file.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("error: unknown model 'gpt-99'").doesNotContain("Exception", "\tat ");
        assertThat(run("tokens", dir.resolve("missing.txt").toString()).err()).contains("missing.txt: no such file");
    }

    @Test
    void catalogFiltersByTierAndPrintsJson() {
        var table = run("catalog", "--tier", "quality");
        assertThat(table.out()).contains("sim-quality", "claude-opus-4-1").doesNotContain("sim-fast");
        assertThat(run("catalog", "--json").out()).contains("\"id\" : \"gpt-4o\"");
        assertThat(run("catalog", "--tier", "turbo").exitCode()).isEqualTo(2);
    }

    @Test
    void profileValidateExitsZeroForSamplesAndTwoWithOneLinePerProblem(@TempDir Path dir) throws Exception {
        var sample = TestPaths.profiles().resolve("simulator-quickstart.yaml").toString();
        assertThat(run("profile", "validate", sample).exitCode()).isZero();

        var bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "model: gpt-4o\nparams: {temperature: 3.5}\nprompt: {messages: [{role: user, content: hi}]}\n");
        var result = run("profile", "validate", sample, bad.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo(bad + ": params.temperature: 3.5 is outside [0, 2]\n");
    }
}
