package io.camelbundle.token;

import java.sql.Connection;
import java.sql.PreparedStatement;

import javax.sql.DataSource;

import io.quarkus.arc.Arc;

/** Direct edits of the token table, for tests that need a token to be inside its refresh window now. */
final class TestTokenRows {

    private TestTokenRows() {
    }

    static void markRefreshDue(String credential) {
        DataSource ds = Arc.container().instance(DataSource.class).get();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c
                        .prepareStatement("UPDATE token_state SET refresh_at = 0 WHERE credential = ?")) {
            ps.setString(1, credential);
            ps.executeUpdate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
