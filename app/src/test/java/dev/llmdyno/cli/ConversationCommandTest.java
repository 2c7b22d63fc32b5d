package dev.llmdyno.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.llmdyno.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** A conversation plan through the commands people type: run, show from the history, and what cannot be done. */
class ConversationCommandTest {

    private static Path plan(Path dir) throws Exception {
        Files.writeString(dir.resolve("chats.jsonl"), """
                {"id": "shoes", "turns": ["Do you have red shoes?", "In size 42?", "What did I ask first?"]}
                {"id": "short", "turns": ["Hello there"]}
                """);
        var plan = dir.resolve("chats.yaml");
        Files.writeString(plan, """
                name: Chats
                base:
                  model: sim-fast
                  params: {maxTokens: 8}
                  prompt: {system: "Be brief."}
                variants:
                  - {name: all}
                  - {name: window 1, overrides: {levers: {context: {strategy: window, keepTurns: 1}}}}
                conversations: {file: chats.jsonl}
                repetitions: 2
                warmup: 0
                arrival: {mode: concurrency, concurrency: 4}
                """);
        return plan;
    }

    @Test
    void aConversationRunReportsEachTurnAndTheHistoryShowsItAgain(@TempDir Path dir) throws Exception {
        var db = dir.resolve("h.db").toString();
        var out = dir.resolve("out");
        var result = run("experiment", "run", plan(dir).toString(), "--store", db, "--out", out.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Chats: completed", "per turn", "per session", "window 1");
        var csv = Files.readAllLines(out.resolve("samples.csv"));
        assertThat(csv.getFirst()).endsWith(",turn,summary,user");
        assertThat(csv).hasSize(1 + 2 * 2 * 4); // 2 variants x 2 repetitions x 4 turns
        // The third turn of "all" carries both earlier exchanges; the window carries one.
        var table = result.out().substring(result.out().indexOf("per turn"), result.out().indexOf("per session"));
        assertThat(table.lines().filter(line -> line.matches("^all +4 concurrent +3 .*"))).singleElement()
                .satisfies(line -> assertThat(tokens(line)).isGreaterThan(tokens(table.lines()
                        .filter(l -> l.matches("^window 1 +4 concurrent +3 .*")).findFirst().orElseThrow())));

        var show = run("experiment", "show", "1", "--store", db);
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains(table.lines().skip(2).findFirst().orElseThrow());
    }

    /** The input tokens of a row of the per-turn table. */
    private static int tokens(String row) {
        return Integer.parseInt(row.split(" {2,}")[5].trim());
    }

    @Test
    void aConversationPlanIsNotExportedToALoadScript(@TempDir Path dir) throws Exception {
        var result = run("experiment", "export", plan(dir).toString(), "--to", "locust", "-o",
                dir.resolve("load").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("conversations: a conversation run sends each turn with the answers before "
                + "it").doesNotContain("Exception");
    }

    @Test
    void aBadConversationFileStopsTheRunBeforeAnythingIsSent(@TempDir Path dir) throws Exception {
        var plan = plan(dir);
        Files.writeString(dir.resolve("chats.jsonl"), "{\"turns\": [\"fine\"]}\n{\"turns\": [{\"usr\": \"typo\"}]}\n");
        var result = run("experiment", "run", plan.toString(), "--store", dir.resolve("h.db").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("conversations.file: chats.jsonl: turns[0].usr: is not a field of a turn; "
                + "use user, reference (line 2, column 1)").contains("turns[0].user: is required")
                .doesNotContain("Exception");
    }
}
