package io.agentsconformance.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite database behind a connection pool, with the schema brought up to date by Flyway, and
 * a minimal JDBC toolkit. A transaction binds its connection to the calling thread, so repository
 * methods called inside {@link #inTransaction} join it without passing a connection around.
 *
 * <p>Why SQLite in WAL mode: its own documentation promises that a committed transaction survives
 * a crash of the application at any {@code synchronous} setting (a commit is in the write-ahead
 * log, in the operating system's hands, before {@code commit()} returns), and its text values live
 * in the table's pages, so no large-object store can be torn by a crash. H2's MVStore commits to
 * memory and writes the file about every 0.5 s: acknowledged writes were lost on {@code kill -9}
 * (issue 21). With {@code synchronous=NORMAL} a power loss or an operating-system crash may undo
 * the last commits but never corrupts the file; that is the promise in spec/README.md.
 */
public final class Database implements AutoCloseable {

    /** The database file inside the data directory (beside it SQLite keeps -wal and -shm files). */
    public static final String FILE_NAME = "agents.db";
    private static final String LOCK_FILE = "server.lock";
    // Writers take turns (SQLite has one writer at a time); a write waits this long for its turn.
    private static final int BUSY_TIMEOUT_MS = 30_000;
    // After a checkpoint the write-ahead log is cut back to this size, so it cannot keep a peak's size.
    private static final int WAL_SIZE_LIMIT_BYTES = 8 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    private interface ConnectionWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final HikariDataSource dataSource;
    private final DataDirectory directory;
    private final ThreadLocal<Connection> transaction = new ThreadLocal<>();
    // SQLite lets one writer in at a time and makes the others sleep in its busy handler, in steps
    // of up to 100 ms: under load writes waited far longer than they took. Writers take turns here
    // instead, before they hold a connection, and wake the moment the one before them commits.
    private final java.util.concurrent.locks.ReentrantLock writer = new java.util.concurrent.locks.ReentrantLock(true);

    private Database(HikariDataSource dataSource, DataDirectory directory) {
        this.dataSource = dataSource;
        this.directory = directory;
    }

    /**
     * Opens (or creates) the database in {@code dataDir}; {@code null} means a fresh temporary
     * directory, deleted on {@link #close}. Only one server may use a data directory at a time.
     */
    public static Database open(Path dataDir, int maxConnections) {
        DataDirectory directory = DataDirectory.lock(dataDir);
        HikariDataSource dataSource = null;
        try {
            SQLiteConfig sqlite = new SQLiteConfig();
            sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
            sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            sqlite.setJournalSizeLimit(WAL_SIZE_LIMIT_BYTES);
            sqlite.setBusyTimeout(BUSY_TIMEOUT_MS);
            sqlite.enforceForeignKeys(true);
            // A transaction takes the write lock when it begins: one that began as a reader could
            // not wait for the lock later (SQLite answers SQLITE_BUSY at once to avoid a deadlock).
            sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            SQLiteDataSource sqliteSource = new SQLiteDataSource(sqlite);
            sqliteSource.setUrl("jdbc:sqlite:" + directory.path().resolve(FILE_NAME));
            HikariConfig config = new HikariConfig();
            config.setDataSource(sqliteSource);
            config.setPoolName("agents-db");
            config.setMaximumPoolSize(maxConnections);
            config.setConnectionTimeout(BUSY_TIMEOUT_MS);
            dataSource = new HikariDataSource(config);
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            return new Database(dataSource, directory);
        } catch (RuntimeException openFailed) {
            if (dataSource != null) {
                dataSource.close();
            }
            directory.release();
            throw openFailed;
        }
    }

    /** Where the database lives. */
    public Path directory() {
        return directory.path();
    }

    /**
     * SQLite's own consistency check of the file; empty when it is sound. What it finds is
     * reported at start-up; the server starts anyway and serves what it can read.
     */
    public List<String> integrityProblems() {
        try {
            List<String> found = list("PRAGMA quick_check", row -> row.getString(1));
            return found.equals(List.of("ok")) ? List.of() : found;
        } catch (DataAccessException unreadable) {
            return List.of(String.valueOf(unreadable.getCause()));
        }
    }

    /** Runs {@code work} in one transaction; nested calls join the outer one. */
    public <T> T inTransaction(Supplier<T> work) {
        if (transaction.get() != null) {
            return work.get();
        }
        takeWriterTurn();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            transaction.set(connection);
            try {
                T result = work.get();
                connection.commit();
                return result;
            } catch (RuntimeException | Error failure) {
                connection.rollback();
                throw failure;
            } finally {
                transaction.remove();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        } finally {
            writer.unlock();
        }
    }

    /**
     * Waits (bounded, as SQLite's busy timeout was) for this thread's turn to write. Not cut short
     * by an interrupt, as SQLite's own wait was not: a graceful stop interrupts the runs' workers,
     * and what they record on the way out (the step that ends, the run that fails) must still be
     * written. The interrupt is kept for the caller.
     */
    private void takeWriterTurn() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(BUSY_TIMEOUT_MS);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (writer.tryLock(deadline - System.nanoTime(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                        return;
                    }
                    throw new DataAccessException(new SQLException("the database stayed busy with other writes for "
                            + BUSY_TIMEOUT_MS + " ms"));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public int update(String sql, Object... args) {
        if (transaction.get() == null) {
            return inTransaction(() -> update(sql, args));
        }
        return withConnection(connection -> {
            try (PreparedStatement statement = prepare(connection, sql, args)) {
                return statement.executeUpdate();
            }
        });
    }

    public <T> List<T> list(String sql, RowMapper<T> mapper, Object... args) {
        return withConnection(connection -> {
            try (PreparedStatement statement = prepare(connection, sql, args);
                    ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
                return result;
            }
        });
    }

    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = list(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public long number(String sql, Object... args) {
        return one(sql, row -> row.getLong(1), args).orElseThrow();
    }

    /** The store answers a trivial query: the readiness check of {@code GET /api/health}. */
    public boolean isUp() {
        try {
            return number("SELECT 1") == 1;
        } catch (RuntimeException down) {
            return false;
        }
    }

    /**
     * Folds the write-ahead log into the database file and closes every connection: call it
     * last, once nothing writes any more. A temporary directory is deleted.
     */
    @Override
    public void close() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException | RuntimeException notCheckpointed) {
            // The log stays beside the file and is replayed at the next start: nothing is lost.
            LOG.warn("could not checkpoint the database at stop: {}", notCheckpointed.toString());
        }
        dataSource.close();
        directory.release();
    }

    private <T> T withConnection(ConnectionWork<T> work) {
        Connection bound = transaction.get();
        try {
            if (bound != null) {
                return work.apply(bound);
            }
            try (Connection connection = dataSource.getConnection()) {
                return work.apply(connection);
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object[] args) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    /** The data directory, held with an exclusive lock while the server runs (the OS drops it if the process dies). */
    private record DataDirectory(Path path, FileChannel lockChannel, FileLock lock, boolean temporary) {

        static DataDirectory lock(Path requested) {
            try {
                boolean temporary = requested == null;
                Path path = temporary ? Files.createTempDirectory("agents-data-") : requested.toAbsolutePath();
                Files.createDirectories(path);
                FileChannel channel = FileChannel.open(path.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    channel.close();
                    throw new IllegalStateException("the data directory " + path
                            + " is in use by another server process; stop it or give another --data-dir");
                }
                return new DataDirectory(path, channel, lock, temporary);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot use the data directory " + requested + ": " + e.getMessage(), e);
            }
        }

        void release() {
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException ignored) {
                // the lock goes with the process anyway
            }
            if (temporary) {
                try (Stream<Path> files = Files.walk(path)) {
                    files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
                } catch (IOException e) {
                    LOG.warn("could not delete the temporary data directory {}: {}", path, e.toString());
                }
            }
        }
    }
}
