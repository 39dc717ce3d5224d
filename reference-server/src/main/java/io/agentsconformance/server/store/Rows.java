package io.agentsconformance.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;

final class Rows {

    private Rows() {
    }

    static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }
}
