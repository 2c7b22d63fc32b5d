package dev.llmdyno.store;

import dev.llmdyno.experiment.Outcome;
import dev.llmdyno.experiment.Sample;
import dev.llmdyno.profile.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class StoreTest {

    @TempDir
    Path folder;

    static Sample sample(int trial, Double ttft) {
        return new Sample(trial, trial % 2, 0, 0, trial, false, trial * 10.0, trial * 10.0 + 5, ttft != null,
                ttft == null ? "server_error" : null, ttft == null ? 500 : 200, 1, false, 0.1, ttft, ttft, 2.0,
                40.0, 40.1, 12, 0, trial % 3, ttft == null ? null : 30, ttft == null ? null : 0.00012,
                trial % 2 == 0 ? "east" : null, trial % 4 == 0 ? "" : trial % 4 == 1 ? "0,2" : null);
    }

    @Test
    void samplesRoundTripWithTheirNulls() {
        try (var store = Store.open(folder.resolve("h.db"))) {
            long id = store.createExperiment("A/B", "{}", Profile.starter());
            var samples = List.of(sample(0, 12.5), sample(1, null));
            store.addSamples(id, samples);
            assertThat(store.samples(id)).containsExactlyElementsOf(samples);
            store.finish(id, Outcome.Status.COMPLETED, "the schedule is done", "{\"ok\":true}");
            var record = store.experiment(id).orElseThrow();
            assertThat(record.status()).isEqualTo(Outcome.Status.COMPLETED);
            assertThat(record.samples()).isEqualTo(2);
            assertThat(record.endedAt()).isNotNull();
            assertThat(record.resultsJson()).contains("ok");
            assertThat(store.experiments()).extracting(ExperimentRecord::id).containsExactly(id);
        }
    }

    /** A conversation's turn and summary flag come back, and a cut session's samples can be taken out again. */
    @Test
    void conversationSamplesRoundTripAndCanBeRemoved() {
        try (var store = Store.open(folder.resolve("h.db"))) {
            long id = store.createExperiment("chats", "{}", Profile.starter());
            var plain = sample(0, 12.5);
            var turn = new Sample(1, 0, 0, 0, 0, false, 0, 1, true, null, 200, 1, false, 0.0, 1.0, 1.0, null, 2.0, 2.0,
                    10, 0, 0, 5, 0.001, null, null, 3, false);
            var summary = new Sample(9, 0, 0, 0, 0, false, 0, 1, true, null, 200, 1, false, 0.0, 1.0, 1.0, null, 2.0,
                    2.0, 10, 0, 0, 5, 0.001, null, null, 3, true);
            store.addSamples(id, List.of(plain, turn, summary));
            assertThat(store.samples(id)).containsExactlyInAnyOrder(plain, turn, summary);
            store.deleteSamples(id, List.of(1, 9));
            assertThat(store.samples(id)).containsExactly(plain);
        }
    }

    @Test
    void playgroundRunsAreKeptWithTheirAnswersAndReadBackNewestFirst() {
        var catalog = dev.llmdyno.catalog.Catalog.builtIn();
        try (var engine = new dev.llmdyno.call.CallEngine(catalog)) {
            var profile = Profile.starter();
            var answered = engine.call(profile, dev.llmdyno.call.CallOptions.DEFAULTS);
            var failed = engine.call(profile.withModel("no-such-model"), dev.llmdyno.call.CallOptions.DEFAULTS);
            assertThat(answered.ok()).isTrue();
            assertThat(failed.ok()).isFalse();
            var machine = new dev.llmdyno.telemetry.MachineReading(1_000L, 0.25, 8, 16L << 30, 4L << 30, 300L << 20,
                    List.of(new dev.llmdyno.telemetry.GpuReading("NVIDIA H200", "NVIDIA", 141L << 30, 1L << 30, 12.0, 40.0, 110.0)));
            try (var store = Store.open(folder.resolve("h.db"))) {
                store.addRun(new StoredRun(0, 1_000, profile, answered, machine));
                store.addRun(new StoredRun(0, 2_000, profile.withModel("no-such-model"), failed, null));
            }
            try (var reopened = Store.open(folder.resolve("h.db"))) {
                var runs = reopened.runs(10);
                assertThat(runs).extracting(StoredRun::epochMillis).containsExactly(2_000L, 1_000L);
                assertThat(runs.get(1).result()).isEqualTo(answered);
                assertThat(runs.get(1).result().text()).isNotBlank();
                assertThat(runs.get(1).machine()).isEqualTo(machine);
                assertThat(runs.get(0).result().error()).isEqualTo(failed.error());
                assertThat(runs.get(0).profile().model()).isEqualTo("no-such-model");
                assertThat(reopened.runs(1)).hasSize(1);
            }
        }
    }

    @Test
    void theWriterSavesWithinASecondWithoutBeingClosed() {
        try (var store = Store.open(folder.resolve("h.db"))) {
            long id = store.createExperiment("live", "{}", Profile.starter());
            var writer = new SampleWriter(store, id);
            for (int i = 0; i < 100; i++) {
                writer.add(sample(i, 10.0 + i));
            }
            try (var reader = Store.open(folder.resolve("h.db"))) {
                await().atMost(java.time.Duration.ofSeconds(1)).until(() -> reader.samples(id).size() == 100);
            }
            writer.close();
        }
    }

    @Test
    void anExperimentWhoseProcessIsGoneIsInterruptedAndCanBeClaimedAgain() throws Exception {
        var file = folder.resolve("h.db");
        long id;
        try (var store = Store.open(file)) {
            id = store.createExperiment("crashed", "{}", Profile.starter());
            store.addSamples(id, List.of(sample(0, 11.0)));
        }
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            connection.createStatement().execute("UPDATE experiments SET owner = '999999999@never' WHERE id = " + id);
        }
        try (var store = Store.open(file)) {
            var record = store.experiment(id).orElseThrow();
            assertThat(record.status()).isEqualTo(Outcome.Status.INTERRUPTED);
            assertThat(record.reason()).contains("ended unexpectedly");
            assertThat(store.samples(id)).hasSize(1);
            store.reopen(id);
            assertThat(store.experiment(id).orElseThrow().status()).isEqualTo(Outcome.Status.RUNNING);
        }
        try (var store = Store.open(file)) {
            assertThat(store.experiment(id).orElseThrow().status()).as("owned by a live process")
                    .isEqualTo(Outcome.Status.RUNNING);
        }
    }

    @Test
    void migrationsAreRecordedAndANewerDatabaseIsRefused() throws Exception {
        var file = folder.resolve("h.db");
        Store.open(file).close();
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             var statement = connection.createStatement()) {
            try (var version = statement.executeQuery("PRAGMA user_version")) {
                assertThat(version.getInt(1)).isEqualTo(Migrations.STEPS.size());
            }
            try (var journal = statement.executeQuery("PRAGMA journal_mode")) {
                assertThat(journal.getString(1)).isEqualToIgnoringCase("wal");
            }
            statement.execute("PRAGMA user_version = 99");
        }
        assertThatThrownBy(() -> Store.open(file)).isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 99");
    }

    @Test
    void aFileThatIsNotADatabaseGivesAClearError() throws Exception {
        var file = folder.resolve("h.db");
        java.nio.file.Files.writeString(file, "not a database, just text ".repeat(100));
        assertThatThrownBy(() -> Store.open(file)).isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("cannot open the history");
    }

    @Test
    void machineReadingsAreKeptBesideTheExperiment() {
        try (var store = Store.open(folder.resolve("h.db"))) {
            long id = store.createExperiment("m", "{}", Profile.starter());
            store.addMachineReading(id, new dev.llmdyno.telemetry.MachineReading(1, 0.5, 2, 100, 50, 10, new ArrayList<>()));
            assertThat(store.machineReadingCount(id)).isEqualTo(1);
        }
    }
}
