package io.agentsconformance.server.store;

import java.sql.SQLException;

/** A database failure. Client input never causes one: it is validated before it reaches SQL. */
public final class DataAccessException extends RuntimeException {
    DataAccessException(SQLException cause) {
        super(cause.getMessage(), cause);
    }
}
