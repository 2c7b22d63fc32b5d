package dev.llmdyno.store;

import dev.llmdyno.DynoProcess;
import dev.llmdyno.experiment.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A real {@code kill -9} in the middle of {@code dyno experiment run}, then a resume to the end. */
class KillDuringExperimentTest {

    @TempDir
    Path folder;

    @Test
    void aKilledRunIsInterruptedKeepsItsSamplesAndResumesToTheEnd() throws Exception {
        var plan = folder.resolve("plan.yaml");
        Files.writeString(plan, """
                base:
                  model: sim-fast
                  params: {maxTokens: 16}
                  prompt: {messages: [{role: user, content: "Hello"}]}
                variants: [{name: a}, {name: b, overrides: {params: {maxTokens: 8}}}]
                repetitions: 150
                warmup: 0
                arrival: {mode: concurrency, concurrency: 10}
                analysis: {stopEarly: false}
                """);
        var db = folder.resolve("history.db");
        var process = DynoProcess.start("experiment", "run", plan.toString(), "--store", db.toString());
        long seenBeforeKill;
        try (var store = Store.open(db)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !store.experiments().isEmpty()
                    && store.samples(store.experiments().getFirst().id()).size() >= 20);
            seenBeforeKill = store.samples(store.experiments().getFirst().id()).size();
        }
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat(process.exitValue()).as("killed with SIGKILL").isEqualTo(137);
        long id;
        try (var store = Store.open(db)) {
            var record = store.experiments().getFirst();
            id = record.id();
            assertThat(record.status()).isEqualTo(Outcome.Status.INTERRUPTED);
            assertThat(store.samples(id).size()).isGreaterThanOrEqualTo((int) seenBeforeKill).isLessThan(300);
        }
        var resumed = DynoProcess.start("experiment", "resume", String.valueOf(id), "--store", db.toString());
        assertThat(resumed.waitFor(120, TimeUnit.SECONDS)).isTrue();
        var output = new String(resumed.getInputStream().readAllBytes());
        assertThat(resumed.exitValue()).as(output).isZero();
        try (var store = Store.open(db)) {
            assertThat(store.experiment(id).orElseThrow().status()).isEqualTo(Outcome.Status.COMPLETED);
            assertThat(store.samples(id)).hasSize(300);
        }
    }
}
