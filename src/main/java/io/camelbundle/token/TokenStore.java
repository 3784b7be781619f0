package io.camelbundle.token;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import io.camelbundle.persistence.Jdbc;

/**
 * The shared token table. Every statement is a single auto-committed row update, so the same SQL is
 * atomic on H2 and PostgreSQL; the refresher lease is a conditional UPDATE, whose row count says who won.
 */
public class TokenStore {

    /** Longest access token the {@code token_state.access_token} column holds. */
    public static final int MAX_TOKEN_LENGTH = 4096;

    private static final String SQL_STATE_UNIQUE_VIOLATION = "23505";
    private static final int MAX_ERROR_LENGTH = 500;

    private final DataSource dataSource;

    public TokenStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the credential's row if it does not exist yet; safe when instances race. */
    public void ensureRow(String credential) {
        if (read(credential).isPresent()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO token_state (credential) VALUES (?)")) {
            ps.setString(1, credential);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (!isUniqueViolation(e)) {
                throw storeFailure("create row for credential " + credential, e);
            }
        }
    }

    public Optional<StoredToken> read(String credential) {
        String sql = "SELECT credential, access_token, version, issued_at, expires_at, refresh_at, failures,"
                + " next_attempt_at, last_error, fingerprint FROM token_state WHERE credential = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, credential);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredToken(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getInt(7), rs.getLong(8), rs.getString(9), rs.getString(10)));
            }
        } catch (SQLException e) {
            throw storeFailure("read credential " + credential, e);
        }
    }

    /** Takes the refresher lease if it is free, expired or already ours. */
    public boolean tryAcquireLease(String credential, String owner, long now, long leaseUntil) {
        return update("acquire lease for " + credential,
                "UPDATE token_state SET lease_owner = ?, lease_until = ? WHERE credential = ?"
                        + " AND (lease_until < ? OR lease_owner = ?)",
                owner, leaseUntil, credential, now, owner) == 1;
    }

    /**
     * Stores a fresh token with the fingerprint of the endpoint and client it was issued for, and frees the
     * lease; false if the lease was lost meanwhile (nothing written).
     */
    public boolean storeToken(String credential, String owner, String token, String fingerprint, long issuedAt,
            long expiresAt, long refreshAt) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new IllegalArgumentException("Token for " + credential + " has " + token.length()
                    + " characters; at most " + MAX_TOKEN_LENGTH + " are stored");
        }
        return update("store token for " + credential,
                "UPDATE token_state SET access_token = ?, fingerprint = ?, version = version + 1, issued_at = ?,"
                        + " expires_at = ?, refresh_at = ?, failures = 0, next_attempt_at = 0, last_error = NULL,"
                        + " lease_owner = NULL, lease_until = 0, updated_at = ? WHERE credential = ? AND lease_owner = ?",
                token, fingerprint, issuedAt, expiresAt, refreshAt, issuedAt, credential, owner) == 1;
    }

    /** Records a failed refresh (the backoff is shared by all instances) and frees the lease. */
    public void recordFailure(String credential, String owner, String error, long now, long nextAttemptAt) {
        String safe = error == null ? null : error.substring(0, Math.min(error.length(), MAX_ERROR_LENGTH));
        update("record failure for " + credential,
                "UPDATE token_state SET failures = failures + 1, next_attempt_at = ?, last_error = ?,"
                        + " lease_owner = NULL, lease_until = 0, updated_at = ? WHERE credential = ? AND lease_owner = ?",
                nextAttemptAt, safe, now, credential, owner);
    }

    public void releaseLease(String credential, String owner) {
        update("release lease for " + credential,
                "UPDATE token_state SET lease_owner = NULL, lease_until = 0 WHERE credential = ? AND lease_owner = ?",
                credential, owner);
    }

    /**
     * Compare-and-expire: marks the token expired only if it is still the stored one, so a late "token
     * invalid" answer for an old token cannot throw away a fresh token another caller already fetched.
     */
    public boolean expireIfCurrent(String credential, String token, long now) {
        return update("expire token for " + credential,
                "UPDATE token_state SET expires_at = 0, refresh_at = 0, updated_at = ?"
                        + " WHERE credential = ? AND access_token = ?",
                now, credential, token) == 1;
    }

    private int update(String what, String sql, Object... params) {
        try {
            return Jdbc.update(dataSource, sql, params);
        } catch (SQLException e) {
            throw storeFailure(what, e);
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        return SQL_STATE_UNIQUE_VIOLATION.equals(e.getSQLState());
    }

    private static IllegalStateException storeFailure(String what, SQLException e) {
        // Statements carry tokens only as parameters. A driver may quote a parameter value that breaks a
        // column's rule (H2 quotes the start of a value too long): storeToken refuses such tokens first.
        return new IllegalStateException("Token store could not " + what + ": " + e.getMessage(), e);
    }
}
