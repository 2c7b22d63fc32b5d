package dev.llmdyno.cli;

import dev.llmdyno.profile.Mappers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.llmdyno.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** A plan of simulated users through the commands people type: its per-class table, its files, the history. */
class UsersCommandTest {

    private static Path plan(Path dir) throws Exception {
        return Files.writeString(dir.resolve("users.yaml"), """
                name: Two classes
                base:
                  model: sim-fast
                  params: {maxTokens: 8}
                  prompt: {messages: [{role: user, content: "Hello"}]}
                variants:
                  - {name: open}
                  - {name: gated, overrides: {levers: {priority: {policy: fair, maxInFlight: 2}}}}
                users:
                  - {name: live, count: 2, requests: 3, priority: 0, weight: 3}
                  - {name: bulk, count: 3, requests: 3, priority: 5}
                warmup: 0
                """);
    }

    @Test
    void aUsersRunReportsEachClassAndWritesEveryUsersRow(@TempDir Path dir) throws Exception {
        var plan = plan(dir);
        var db = dir.resolve("h.db").toString();
        var out = dir.resolve("out");
        var result = run("experiment", "run", plan.toString(), "--store", db, "--out", out.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Two classes: completed", "per class of users",
                "fairness over all 5 users");
        assertThat(result.out().lines().filter(line -> line.matches("^gated +5 users +15 +0 .*"))).hasSize(1);
        var table = result.out().substring(result.out().indexOf("per class of users"));
        assertThat(table.lines().filter(line -> line.matches("^gated +bulk +5 +3 +9 +0 .*"))).hasSize(1);
        var csv = Files.readAllLines(out.resolve("samples.csv"));
        assertThat(csv).hasSize(1 + 2 * 5 * 3);
        assertThat(csv.stream().skip(1).map(line -> line.substring(line.lastIndexOf(',') + 1)).distinct())
                .containsExactlyInAnyOrder("live-1", "live-2", "bulk-1", "bulk-2", "bulk-3");
        var json = Mappers.json().readTree(out.resolve("results.json").toFile());
        assertThat(json.at("/summary/users/users")).hasSize(2 * 5);
        assertThat(json.at("/summary/users/users/0/user").asText()).isIn("live-1", "bulk-1");
        assertThat(Files.readString(out.resolve("report.html"))).contains("<h2>Users</h2>");

        var show = run("experiment", "show", "1", "--store", db);
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains(table.lines().skip(2).findFirst().orElseThrow());
    }

    @Test
    void aUsersPlanIsNotExportedToALoadScript(@TempDir Path dir) throws Exception {
        var result = run("experiment", "export", plan(dir).toString(), "--to", "k6", "-o",
                dir.resolve("load").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("users: classes of users with their own pace").doesNotContain("Exception");
    }
}
