package io.camelbundle.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

/** The one-statement, auto-committed update the bundle's stores are built from. */
public final class Jdbc {

    private Jdbc() {
    }

    /** Runs {@code sql} with positional parameters on its own connection; returns the row count. */
    public static int update(DataSource dataSource, String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }
}
