package io.camelbundle.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

import javax.sql.DataSource;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Camel idempotent repository on the bundle's datasource, for the idempotentConsumer EIP. Same table
 * and semantics as camel-sql's JdbcMessageIdRepository, written on plain JDBC because camel-sql needs
 * Spring JDBC's bean factory, which the Quarkus platform BOM leaves out. {@link #add} is one INSERT whose
 * primary key decides concurrent races, so two instances can never both claim a key.
 */
public class JdbcIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final String processorName;

    public JdbcIdempotentRepository(DataSource dataSource, String processorName) {
        this.dataSource = dataSource;
        this.processorName = processorName;
    }

    @Override
    public boolean add(String key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES (?, ?, ?)")) {
            ps.setString(1, processorName);
            ps.setString(2, key);
            ps.setTimestamp(3, new Timestamp(System.currentTimeMillis()));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw failure("add", e);
        }
    }

    @Override
    public boolean contains(String key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND messageId = ?")) {
            ps.setString(1, processorName);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    @Override
    public boolean remove(String key) {
        return delete("DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND messageId = ?", key) == 1;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        delete("DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ?", null);
    }

    private int delete(String sql, String key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, processorName);
            if (key != null) {
                ps.setString(2, key);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("delete", e);
        }
    }

    private IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("Idempotent repository '" + processorName + "' could not " + what + ": "
                + e.getMessage(), e);
    }
}
