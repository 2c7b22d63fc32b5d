package dev.llmdyno.store;

import dev.llmdyno.AppDirs;
import dev.llmdyno.experiment.Outcome;
import dev.llmdyno.experiment.Sample;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.telemetry.MachineReading;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The history on disk, in SQLite: profiles, experiments, their samples and the machine readings beside them.
 * WAL mode, so readers never wait for the writer and a committed batch survives the process being killed. An
 * experiment left "running" by a process that no longer exists is marked interrupted when the store is opened.
 * One connection, used by one thread at a time.
 */
public final class Store implements AutoCloseable {

    private static final String SAMPLE_COLUMNS = "experiment_id, trial, variant, level, row, repetition, warmup, "
            + "planned_ms, ended_ms, ok, error, status, attempts, cached, queue_ms, ttft_ms, ttfc_ms, tpot_ms, e2e_ms, "
            + "latency_ms, input_tokens, cached_input_tokens, output_tokens, cost_usd, target, "
            + "cache_write_tokens, failed_checks, turn, summary";

    private final Path file;
    private final Connection connection;
    private final PreparedStatement insertSample;

    private Store(Path file, Connection connection) throws SQLException {
        this.file = file;
        this.connection = connection;
        this.insertSample = connection.prepareStatement("INSERT OR REPLACE INTO samples (" + SAMPLE_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /** The default file: {@code $XDG_DATA_HOME/llm-dyno/history.db}. */
    public static Path defaultFile() {
        return AppDirs.data().resolve("history.db");
    }

    public static Store open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new StoreException(file + ": cannot open the history (" + e.getMessage() + ")", e);
        }
        try {
            return openForWriting(file);
        } catch (SQLException writing) {
            if (!Files.isRegularFile(file)) {
                throw new StoreException(file + ": cannot open the history (" + writing.getMessage() + ")", writing);
            }
            // A history on a read-only disk (or a file that may not be changed) can still be read: list, show.
            try {
                return openForReading(file);
            } catch (SQLException reading) {
                throw new StoreException(file + ": cannot open the history (" + writing.getMessage() + ")", writing);
            }
        }
    }

    private static Store openForWriting(Path file) throws SQLException {
        var connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try {
            try (var statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode = WAL");
                statement.execute("PRAGMA synchronous = NORMAL");
                statement.execute("PRAGMA foreign_keys = ON");
                statement.execute("PRAGMA busy_timeout = 5000");
            }
            Migrations.apply(connection);
            // A cap on the file's size in pages, for tests that need a store as full as a full disk.
            var maxPages = Integer.getInteger("llmdyno.store.maxPageCount");
            if (maxPages != null) {
                try (var statement = connection.createStatement()) {
                    statement.execute("PRAGMA max_page_count = " + maxPages);
                }
            }
            var store = new Store(file, connection);
            try {
                store.markOrphansInterrupted();
            } catch (SQLException full) {
                // A full disk must not keep the history from being read: the orphans are marked next time.
            }
            return store;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    /** Reads as the file is, without locks or a journal (both need writing); any write fails as a StoreException. */
    private static Store openForReading(Path file) throws SQLException {
        var connection = DriverManager.getConnection("jdbc:sqlite:file:" + file.toAbsolutePath() + "?immutable=1");
        if (!Migrations.isCurrent(connection)) {
            connection.close();
            throw new SQLException("a read-only history of another schema version cannot be upgraded");
        }
        return new Store(file, connection);
    }

    public Path file() {
        return file;
    }

    public synchronized long saveProfile(Profile profile) {
        return update("save a profile", () -> {
            try (var statement = connection.prepareStatement(
                    "INSERT INTO profiles (name, json, saved_at) VALUES (?, ?, ?)", PreparedStatement.RETURN_GENERATED_KEYS)) {
                statement.setString(1, profile.name());
                statement.setString(2, Mappers.json().writeValueAsString(profile));
                statement.setLong(3, System.currentTimeMillis());
                statement.executeUpdate();
                return generatedKey(statement);
            }
        });
    }

    /** Records a new running experiment owned by this process; returns its id. */
    public synchronized long createExperiment(String name, String planJson, Profile base) {
        return createExperiment(name, planJson, base, null);
    }

    /**
     * The same, naming where its samples come from when another tool measured them ({@code source}, such as a load
     * script's export id), so that importing them again finds it ({@link #experimentFrom}).
     */
    public synchronized long createExperiment(String name, String planJson, Profile base, String source) {
        long profileId = saveProfile(base);
        return update("record an experiment", () -> {
            try (var statement = connection.prepareStatement("INSERT INTO experiments (name, plan_json, "
                    + "base_profile_id, status, started_at, owner, source) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    PreparedStatement.RETURN_GENERATED_KEYS)) {
                statement.setString(1, name);
                statement.setString(2, planJson);
                statement.setLong(3, profileId);
                statement.setString(4, Outcome.Status.RUNNING.id());
                statement.setLong(5, System.currentTimeMillis());
                statement.setString(6, Owner.current());
                statement.setString(7, source);
                statement.executeUpdate();
                return generatedKey(statement);
            }
        });
    }

    /** Claims an interrupted experiment for this process, so it can be resumed. */
    public synchronized void reopen(long id) {
        update("resume an experiment", () -> {
            try (var statement = connection.prepareStatement(
                    "UPDATE experiments SET status = ?, reason = NULL, ended_at = NULL, owner = ? WHERE id = ?")) {
                statement.setString(1, Outcome.Status.RUNNING.id());
                statement.setString(2, Owner.current());
                statement.setLong(3, id);
                return (long) statement.executeUpdate();
            }
        });
    }

    public synchronized void finish(long id, Outcome.Status status, String reason, String resultsJson) {
        update("finish an experiment", () -> {
            try (var statement = connection.prepareStatement(
                    "UPDATE experiments SET status = ?, reason = ?, ended_at = ?, results_json = ?, owner = NULL WHERE id = ?")) {
                statement.setString(1, status.id());
                statement.setString(2, reason);
                statement.setLong(3, System.currentTimeMillis());
                statement.setString(4, resultsJson);
                statement.setLong(5, id);
                return (long) statement.executeUpdate();
            }
        });
    }

    /** Removes the samples filed under {@code trials} (schedule indices), in one transaction. */
    public synchronized void deleteSamples(long experimentId, java.util.Collection<Integer> trials) {
        if (trials.isEmpty()) {
            return;
        }
        update("remove samples", () -> {
            Transactions.inTransaction(connection, () -> {
                try (var statement = connection.prepareStatement(
                        "DELETE FROM samples WHERE experiment_id = ? AND trial = ?")) {
                    for (int trial : trials) {
                        statement.setLong(1, experimentId);
                        statement.setInt(2, trial);
                        statement.addBatch();
                    }
                    statement.executeBatch();
                }
            });
            return (long) trials.size();
        });
    }

    /** Writes samples in one transaction. */
    public synchronized void addSamples(long experimentId, List<Sample> samples) {
        if (samples.isEmpty()) {
            return;
        }
        update("save samples", () -> {
            Transactions.inTransaction(connection, () -> {
                for (var sample : samples) {
                    bind(insertSample, experimentId, sample);
                    insertSample.addBatch();
                }
                insertSample.executeBatch();
            });
            return (long) samples.size();
        });
    }

    public synchronized void addMachineReading(long experimentId, MachineReading reading) {
        update("save a machine reading", () -> {
            try (var statement = connection.prepareStatement("INSERT INTO machine_readings (experiment_id, at, "
                    + "cpu_load, memory_used_bytes, json) VALUES (?, ?, ?, ?, ?)")) {
                statement.setLong(1, experimentId);
                statement.setLong(2, reading.epochMillis());
                setDouble(statement, 3, reading.cpuLoad());
                statement.setLong(4, reading.memoryUsedBytes());
                statement.setString(5, Mappers.json().writeValueAsString(reading));
                return (long) statement.executeUpdate();
            }
        });
    }

    public synchronized int machineReadingCount(long experimentId) {
        return query("count machine readings", "SELECT count(*) FROM machine_readings WHERE experiment_id = ?",
                experimentId, result -> result.getInt(1)).getFirst();
    }

    /** Records one playground run: its profile, what came back and the machine beside it. */
    public synchronized long addRun(StoredRun run) {
        return update("save a run", () -> {
            try (var statement = connection.prepareStatement("INSERT INTO runs (at, model, profile_json, result_json, "
                    + "machine_json) VALUES (?, ?, ?, ?, ?)", PreparedStatement.RETURN_GENERATED_KEYS)) {
                statement.setLong(1, run.epochMillis());
                statement.setString(2, run.profile().model());
                statement.setString(3, Mappers.json().writeValueAsString(run.profile()));
                statement.setString(4, Mappers.json().writeValueAsString(run.result()));
                statement.setString(5, run.machine() == null ? null : Mappers.json().writeValueAsString(run.machine()));
                statement.executeUpdate();
                return generatedKey(statement);
            }
        });
    }

    /**
     * The last {@code limit} playground runs, newest first. A row this version cannot read (written by another one)
     * is left out rather than hiding the rest.
     */
    public synchronized List<StoredRun> runs(int limit) {
        var rows = query("read the run history", "SELECT id, at, profile_json, result_json, machine_json FROM runs "
                + "ORDER BY at DESC, id DESC LIMIT ?", (long) limit, result -> {
            try {
                var machine = result.getString(5);
                return new StoredRun(result.getLong(1), result.getLong(2),
                        LENIENT.readValue(result.getString(3), Profile.class),
                        LENIENT.readValue(result.getString(4), dev.llmdyno.call.CallResult.class),
                        machine == null ? null : LENIENT.readValue(machine, MachineReading.class));
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                System.getLogger(Store.class.getName()).log(System.Logger.Level.WARNING,
                        file + ": run " + result.getLong(1) + " cannot be read (" + e.getOriginalMessage() + ")");
                return null;
            }
        });
        return rows.stream().filter(java.util.Objects::nonNull).toList();
    }

    /** Reads what this version wrote, ignoring derived properties the JSON carries ({@code ok}). */
    private static final com.fasterxml.jackson.databind.ObjectMapper LENIENT = Mappers.json().copy()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The experiments, newest first. */
    public synchronized List<ExperimentRecord> experiments() {
        return query("list experiments", experimentQuery("") + " ORDER BY e.id DESC", null, Store::experiment);
    }

    public synchronized Optional<ExperimentRecord> experiment(long id) {
        return query("read an experiment", experimentQuery("WHERE e.id = ?"), id, Store::experiment).stream().findFirst();
    }

    /** The experiment whose samples came from {@code source} (see {@link #createExperiment(String, String, Profile, String)}). */
    public synchronized Optional<ExperimentRecord> experimentFrom(String source) {
        return query("find an imported experiment", experimentQuery("WHERE e.source = ?"), source, Store::experiment)
                .stream().findFirst();
    }

    /** An experiment's samples in the order they ended. */
    public synchronized List<Sample> samples(long experimentId) {
        return query("read samples", "SELECT " + SAMPLE_COLUMNS + " FROM samples WHERE experiment_id = ? ORDER BY ended_ms",
                experimentId, Store::sample);
    }

    @Override
    public synchronized void close() {
        try {
            insertSample.close();
            connection.close();
        } catch (SQLException e) {
            throw new StoreException(file + ": cannot close the history (" + e.getMessage() + ")", e);
        }
    }

    private void markOrphansInterrupted() throws SQLException {
        var orphans = new ArrayList<Long>();
        try (var statement = connection.prepareStatement("SELECT id, owner FROM experiments WHERE status = ?")) {
            statement.setString(1, Outcome.Status.RUNNING.id());
            try (var result = statement.executeQuery()) {
                while (result.next()) {
                    if (!Owner.isAlive(result.getString(2))) {
                        orphans.add(result.getLong(1));
                    }
                }
            }
        }
        for (long id : orphans) {
            finish(id, Outcome.Status.INTERRUPTED, "the process running it ended unexpectedly", null);
        }
    }

    private static String experimentQuery(String where) {
        return "SELECT e.id, e.name, e.status, e.reason, e.started_at, e.ended_at, "
                + "(SELECT count(*) FROM samples s WHERE s.experiment_id = e.id), e.plan_json, e.results_json "
                + "FROM experiments e " + where;
    }

    private static ExperimentRecord experiment(ResultSet r) throws SQLException {
        var ended = optionalLong(r, 6);
        return new ExperimentRecord(r.getLong(1), r.getString(2), Outcome.Status.fromId(r.getString(3)),
                r.getString(4), r.getLong(5), ended, r.getInt(7), r.getString(8), r.getString(9));
    }

    private static void bind(PreparedStatement s, long experimentId, Sample sample) throws SQLException {
        s.setLong(1, experimentId);
        s.setInt(2, sample.trial());
        s.setInt(3, sample.variant());
        s.setInt(4, sample.level());
        s.setInt(5, sample.row());
        s.setInt(6, sample.repetition());
        s.setInt(7, sample.warmup() ? 1 : 0);
        s.setDouble(8, sample.plannedMs());
        s.setDouble(9, sample.endedMs());
        s.setInt(10, sample.ok() ? 1 : 0);
        s.setString(11, sample.error());
        s.setInt(12, sample.status());
        s.setInt(13, sample.attempts());
        s.setInt(14, sample.cached() ? 1 : 0);
        setDouble(s, 15, sample.queueMs());
        setDouble(s, 16, sample.ttftMs());
        setDouble(s, 17, sample.ttfcMs());
        setDouble(s, 18, sample.tpotMs());
        setDouble(s, 19, sample.e2eMs());
        setDouble(s, 20, sample.latencyMs());
        setInt(s, 21, sample.inputTokens());
        setInt(s, 22, sample.cachedInputTokens());
        setInt(s, 23, sample.outputTokens());
        setDouble(s, 24, sample.costUsd());
        s.setString(25, sample.target());
        setInt(s, 26, sample.cacheWriteTokens());
        s.setString(27, sample.failedChecks());
        setInt(s, 28, sample.turn());
        s.setInt(29, sample.summary() ? 1 : 0);
    }

    private static Sample sample(ResultSet r) throws SQLException {
        return new Sample(r.getInt(2), r.getInt(3), r.getInt(4), r.getInt(5), r.getInt(6), r.getInt(7) == 1,
                r.getDouble(8), r.getDouble(9), r.getInt(10) == 1, r.getString(11), r.getInt(12), r.getInt(13),
                r.getInt(14) == 1, optionalDouble(r, 15), optionalDouble(r, 16), optionalDouble(r, 17),
                optionalDouble(r, 18), optionalDouble(r, 19), optionalDouble(r, 20), optionalInt(r, 21),
                optionalInt(r, 22), optionalInt(r, 26), optionalInt(r, 23), optionalDouble(r, 24), r.getString(25),
                r.getString(27), optionalInt(r, 28), r.getInt(29) == 1);
    }

    private static void setDouble(PreparedStatement s, int index, Double value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.REAL);
        } else {
            s.setDouble(index, value);
        }
    }

    private static void setInt(PreparedStatement s, int index, Integer value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setInt(index, value);
        }
    }

    private static Double optionalDouble(ResultSet r, int index) throws SQLException {
        double value = r.getDouble(index);
        return r.wasNull() ? null : value;
    }

    private static Long optionalLong(ResultSet r, int index) throws SQLException {
        long value = r.getLong(index);
        return r.wasNull() ? null : value;
    }

    private static Integer optionalInt(ResultSet r, int index) throws SQLException {
        int value = r.getInt(index);
        return r.wasNull() ? null : value;
    }

    private static long generatedKey(PreparedStatement statement) throws SQLException {
        try (var keys = statement.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    @FunctionalInterface
    private interface SqlWork {
        long run() throws SQLException, com.fasterxml.jackson.core.JacksonException;
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet result) throws SQLException;
    }

    private long update(String what, SqlWork work) {
        try {
            return work.run();
        } catch (SQLException | com.fasterxml.jackson.core.JacksonException e) {
            throw new StoreException(file + ": cannot " + what + " (" + e.getMessage() + ")", e);
        }
    }

    private <T> List<T> query(String what, String sql, Object parameter, RowReader<T> reader) {
        try (var statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setObject(1, parameter);
            }
            var rows = new ArrayList<T>();
            try (var result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(reader.read(result));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new StoreException(file + ": cannot " + what + " (" + e.getMessage() + ")", e);
        }
    }
}
