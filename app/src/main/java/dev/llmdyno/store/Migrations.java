package dev.llmdyno.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The schema, as numbered steps. A database records the steps it has had in {@code PRAGMA user_version}; opening it
 * applies the rest, each in its own transaction. Steps are only ever added, never changed.
 */
final class Migrations {

    static final List<String> STEPS = List.of(
            """
            CREATE TABLE profiles (
              id INTEGER PRIMARY KEY,
              name TEXT,
              json TEXT NOT NULL,
              saved_at INTEGER NOT NULL
            );
            CREATE TABLE experiments (
              id INTEGER PRIMARY KEY,
              name TEXT NOT NULL,
              plan_json TEXT NOT NULL,
              base_profile_id INTEGER REFERENCES profiles(id),
              status TEXT NOT NULL,
              reason TEXT,
              started_at INTEGER NOT NULL,
              ended_at INTEGER,
              owner TEXT,
              results_json TEXT
            );
            CREATE TABLE samples (
              experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
              trial INTEGER NOT NULL,
              variant INTEGER NOT NULL,
              level INTEGER NOT NULL,
              row INTEGER NOT NULL,
              repetition INTEGER NOT NULL,
              warmup INTEGER NOT NULL,
              planned_ms REAL NOT NULL,
              ended_ms REAL NOT NULL,
              ok INTEGER NOT NULL,
              error TEXT,
              status INTEGER NOT NULL,
              attempts INTEGER NOT NULL,
              cached INTEGER NOT NULL,
              queue_ms REAL, ttft_ms REAL, ttfc_ms REAL, tpot_ms REAL, e2e_ms REAL, latency_ms REAL,
              input_tokens INTEGER, cached_input_tokens INTEGER, output_tokens INTEGER, cost_usd REAL,
              PRIMARY KEY (experiment_id, trial)
            ) WITHOUT ROWID;
            CREATE TABLE machine_readings (
              experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
              at INTEGER NOT NULL,
              cpu_load REAL,
              memory_used_bytes INTEGER,
              json TEXT NOT NULL
            );
            CREATE INDEX machine_readings_experiment ON machine_readings(experiment_id, at);
            """,
            """
            CREATE TABLE runs (
              id INTEGER PRIMARY KEY,
              at INTEGER NOT NULL,
              model TEXT NOT NULL,
              profile_json TEXT NOT NULL,
              result_json TEXT NOT NULL,
              machine_json TEXT
            );
            CREATE INDEX runs_at ON runs(at);
            """,
            """
            ALTER TABLE samples ADD COLUMN target TEXT;
            """,
            """
            ALTER TABLE samples ADD COLUMN cache_write_tokens INTEGER;
            """,
            """
            ALTER TABLE samples ADD COLUMN failed_checks TEXT;
            """,
            """
            ALTER TABLE experiments ADD COLUMN source TEXT;
            CREATE INDEX experiments_source ON experiments(source);
            """,
            """
            ALTER TABLE samples ADD COLUMN turn INTEGER;
            ALTER TABLE samples ADD COLUMN summary INTEGER NOT NULL DEFAULT 0;
            """);

    private Migrations() {
    }

    /** Whether the database has every step (what a read-only opening needs, since it cannot add any). */
    static boolean isCurrent(Connection connection) throws SQLException {
        try (var statement = connection.createStatement(); var result = statement.executeQuery("PRAGMA user_version")) {
            return result.getInt(1) == STEPS.size();
        }
    }

    /** Brings the database up to the latest step; refuses a database written by a newer version. */
    static void apply(Connection connection) throws SQLException {
        int version;
        try (var statement = connection.createStatement(); var result = statement.executeQuery("PRAGMA user_version")) {
            version = result.getInt(1);
        }
        if (version > STEPS.size()) {
            throw new SQLException("the database has schema version " + version + "; this version of LLM Dyno reads up to "
                    + STEPS.size());
        }
        for (int step = version; step < STEPS.size(); step++) {
            int next = step + 1;
            var sql = STEPS.get(step);
            Transactions.inTransaction(connection, () -> {
                try (var statement = connection.createStatement()) {
                    for (var command : sql.split(";")) {
                        if (!command.isBlank()) {
                            statement.execute(command);
                        }
                    }
                    statement.execute("PRAGMA user_version = " + next);
                }
            });
        }
    }
}
