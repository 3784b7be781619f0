package io.camelbundle.tze;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.sql.DataSource;

import io.camelbundle.persistence.Jdbc;
import io.camelbundle.support.Sha256;

/**
 * The OAuth {@code state} values of the TZE login (table {@code tze_oauth_state}, migration V10). TZE's
 * {@code getOauthToken} answer names no person, so the {@code personId} on the login redirect is only as
 * trustworthy as the request carrying it: a state, issued by the bundle to an internal server for one person,
 * random, single-use and short-lived, is what lets the callback believe it (RFC 6749 section 10.12).
 *
 * <p>Only the state's SHA-256 is stored. Every statement is auto-committed, and consuming is a DELETE whose
 * row count decides, so two callbacks racing with one state cannot both win, on one replica or several.
 */
public class TzeOauthStates {

    /** Longest state accepted on a callback; ours are 43 characters. */
    static final int MAX_STATE = 128;
    private static final int STATE_BYTES = 32;

    /** What a callback's state turned out to be. Only {@link #ACCEPTED} lets the callback bind. */
    public enum Check {
        ACCEPTED, MISSING, UNKNOWN, EXPIRED, OTHER_PERSON
    }

    /** A state issued for a person, and when it stops being accepted (epoch ms). */
    public record Issued(String state, long expiresAt) {
    }

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();

    /** @param lifetime how long a state is accepted ({@code tze.oauth.state-lifetime}) */
    public TzeOauthStates(DataSource dataSource, Clock clock, Duration lifetime) {
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("state lifetime must be positive, was " + lifetime);
        }
        this.dataSource = dataSource;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** A fresh state for the person; states that expired meanwhile are deleted, so the table stays small. */
    public Issued issue(String personId) {
        TzeBindingStore.checkPersonId(personId);
        byte[] bytes = new byte[STATE_BYTES];
        random.nextBytes(bytes);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long now = clock.millis();
        long expiresAt = now + lifetime.toMillis();
        update("delete expired states", "DELETE FROM tze_oauth_state WHERE expires_at <= ?", now);
        update("store a state", "INSERT INTO tze_oauth_state (state_hash, person_id, expires_at, created_at)"
                + " VALUES (?, ?, ?, ?)", Sha256.of(state), personId, expiresAt, now);
        return new Issued(state, expiresAt);
    }

    /**
     * Checks a callback's state against the person the redirect names and, if it was issued for that person
     * and has not expired, consumes it. A state presented for another person stays valid for its own person
     * (whoever typed it cannot spend it); an expired one is deleted.
     */
    public Check consume(String state, String personId) {
        if (state == null || state.isBlank()) {
            return Check.MISSING;
        }
        if (state.length() > MAX_STATE) {
            return Check.UNKNOWN;
        }
        String hash = Sha256.of(state);
        String issuedFor;
        long expiresAt;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT person_id, expires_at FROM tze_oauth_state WHERE state_hash = ?")) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Check.UNKNOWN;
                }
                issuedFor = rs.getString(1);
                expiresAt = rs.getLong(2);
            }
        } catch (SQLException e) {
            throw failure("read a state", e);
        }
        if (expiresAt <= clock.millis()) {
            update("delete an expired state", "DELETE FROM tze_oauth_state WHERE state_hash = ?", hash);
            return Check.EXPIRED;
        }
        if (!issuedFor.equals(personId)) {
            return Check.OTHER_PERSON;
        }
        // the row count decides: of two callbacks racing with one state, one deletes it, the other finds it gone
        int deleted = update("consume a state", "DELETE FROM tze_oauth_state WHERE state_hash = ?", hash);
        return deleted == 1 ? Check.ACCEPTED : Check.UNKNOWN;
    }

    /** How long a state is accepted. */
    public Duration lifetime() {
        return lifetime;
    }

    private int update(String what, String sql, Object... params) {
        try {
            return Jdbc.update(dataSource, sql, params);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private static IllegalStateException failure(String what, SQLException e) {
        // statements carry only hashes and personIds, never a state or token, so the message is safe to show
        return new IllegalStateException("TZE OAuth state store could not " + what + ": " + e.getMessage(), e);
    }
}
