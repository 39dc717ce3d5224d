package io.agentsconformance.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;

/**
 * The H2 database behind a connection pool, with the schema brought up to date by Flyway, and a
 * minimal JDBC toolkit. A transaction binds its connection to the calling thread, so repository
 * methods called inside {@link #inTransaction} join it without passing a connection around.
 */
public final class Database implements AutoCloseable {

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    private interface ConnectionWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final HikariDataSource dataSource;
    private final ThreadLocal<Connection> transaction = new ThreadLocal<>();

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static Database open(String jdbcUrl, int maxConnections) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername("sa");
        config.setPassword("");
        config.setPoolName("agents-db");
        config.setMaximumPoolSize(maxConnections);
        config.setConnectionTimeout(10_000);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException migrationFailed) {
            dataSource.close();
            throw migrationFailed;
        }
        return new Database(dataSource);
    }

    /** Runs {@code work} in one transaction; nested calls join the outer one. */
    public <T> T inTransaction(Supplier<T> work) {
        if (transaction.get() != null) {
            return work.get();
        }
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
        }
    }

    public int update(String sql, Object... args) {
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

    @Override
    public void close() {
        // An in-memory database with DB_CLOSE_DELAY=-1 would otherwise outlive the server.
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException alreadyDown) {
            // nothing left to release
        }
        dataSource.close();
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
}
