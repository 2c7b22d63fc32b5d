package dev.llmdyno.cli;

import dev.llmdyno.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.llmdyno.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** "How would yesterday's traffic fare on the fast tier?" as one command, and what it says when it cannot. */
class ReplayCommandTest {

    @Test
    void theSampleTraceReplaysOnTheProfileAndOnTheFastTierBesideIt(@TempDir Path dir) throws Exception {
        var profiles = TestPaths.profiles();
        var out = dir.resolve("out");
        var result = run("experiment", "replay", profiles.resolve("experiments/yesterday-trace.jsonl").toString(),
                "--profile", profiles.resolve("simulator-quickstart.yaml").toString(), "--tier", "fast",
                "--speed", "1000", "--max-gap-ms", "10", "--warmup", "0", "--store", dir.resolve("h.db").toString(),
                "--out", out.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Replay of yesterday-trace.jsonl: completed")
                .contains("as recorded  replay at 1000x, gaps up to 10 ms  150")
                .contains("fast tier    replay at 1000x, gaps up to 10 ms  150");
        // Every recorded call went out once per variant, with its recorded answer length as max_tokens.
        var trace = Files.readAllLines(profiles.resolve("experiments/yesterday-trace.jsonl"));
        var samples = Files.readAllLines(out.resolve("samples.csv"));
        assertThat(samples).hasSize(1 + 2 * trace.size());
    }

    @Test
    void aReplayPlanIsNotExportedToALoadScript(@TempDir Path dir) throws Exception {
        var result = run("experiment", "export", TestPaths.profiles().resolve("experiments/replay-fast-tier.yaml")
                .toString(), "--to", "k6", "-o", dir.resolve("load").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("replay: a replay's calls each have a prompt and a time of their own")
                .doesNotContain("Exception");
    }

    @Test
    void aMissingTraceOrABadSpeedIsSaidBeforeAnythingIsSent(@TempDir Path dir) throws Exception {
        var profile = TestPaths.profiles().resolve("simulator-quickstart.yaml").toString();
        var missing = run("experiment", "replay", dir.resolve("none.jsonl").toString(), "--profile", profile,
                "--store", dir.resolve("h.db").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(missing.err()).contains("replay.file: " + dir.resolve("none.jsonl") + ": no such file");
        Files.writeString(dir.resolve("t.jsonl"), "{\"start\": 0, \"inputTokens\": 5}\n");
        var slow = run("experiment", "replay", dir.resolve("t.jsonl").toString(), "--profile", profile, "--speed",
                "-2", "--store", dir.resolve("h.db").toString());
        assertThat(slow.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(slow.err()).contains("replay.speed: -2.0 is outside (0, 100000]").doesNotContain("Exception");
    }
}
