package io.camelbundle.tze;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import javax.sql.DataSource;

import io.camelbundle.persistence.Jdbc;

/**
 * The bindings personId ↔ oauthToken (table {@code tze_binding}, migration V2). TZE's oauthToken lasts 15
 * days by default and is extended each time it is used (seed 002), so the store mirrors that: a successful
 * use {@link #touch touches} the binding, moving its expiry to now + the configured lifetime.
 *
 * <p>Every statement is one auto-committed row statement, atomic on H2 and PostgreSQL alike. The
 * state-changing calls that follow a use of the token ({@link #touch}, {@link #markInvalid}) name the token
 * they used and change nothing if the person has been bound to another token meanwhile
 * (compare-and-set), so a late answer about an old token never spoils a fresh binding.
 */
public class TzeBindingStore {

    static final int MAX_PERSON_ID = 200;
    static final int MAX_TOKEN = 1024;
    static final int MAX_REASON = 500;
    private static final String SQL_STATE_UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "person_id, oauth_token, expires_at, created_at, last_used_at,"
            + " invalid_at, invalid_reason";

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration lifetime;

    /**
     * @param lifetime how far a successful use extends the binding ({@code tze.binding-lifetime}, 15 days)
     */
    public TzeBindingStore(DataSource dataSource, Clock clock, Duration lifetime) {
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("binding lifetime must be positive, was " + lifetime);
        }
        this.dataSource = dataSource;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /**
     * Stores (or replaces) the person's binding with a token fresh from the OAuth exchange; a replaced
     * binding loses its invalid mark and use time.
     *
     * @param expiresAt the expiry TZE announced ({@code data.expiry}, epoch ms)
     */
    public TzeBinding bind(String personId, String oauthToken, long expiresAt) {
        checkPersonId(personId);
        if (oauthToken == null || oauthToken.isBlank()) {
            throw new IllegalArgumentException("oauthToken is blank");
        }
        if (oauthToken.length() > MAX_TOKEN) {
            // checked here: the database's "value too long" message would quote the token
            throw new IllegalArgumentException("oauthToken longer than " + MAX_TOKEN + " characters");
        }
        long now = clock.millis();
        String replace = "UPDATE tze_binding SET oauth_token = ?, expires_at = ?, created_at = ?, last_used_at = 0,"
                + " invalid_at = 0, invalid_reason = NULL, updated_at = ? WHERE person_id = ?";
        if (update("bind " + personId, replace, oauthToken, expiresAt, now, now, personId) == 0) {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("INSERT INTO tze_binding (person_id, oauth_token,"
                            + " expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, personId);
                ps.setString(2, oauthToken);
                ps.setLong(3, expiresAt);
                ps.setLong(4, now);
                ps.setLong(5, now);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (!SQL_STATE_UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw failure("bind " + personId, e);
                }
                // another caller bound the same person between our UPDATE and INSERT: the last one wins
                update("bind " + personId, replace, oauthToken, expiresAt, now, now, personId);
            }
        }
        return new TzeBinding(personId, oauthToken, expiresAt, now, 0, 0, null);
    }

    /** The person's binding if it can be used now; an expired or invalid binding counts as unbound. */
    public Optional<TzeBinding> find(String personId) {
        long now = clock.millis();
        return read(personId).filter(b -> b.usable(now));
    }

    /** The stored row whatever its state (for status views and clean-up), or empty if never bound. */
    public Optional<TzeBinding> read(String personId) {
        if (personId == null) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c
                        .prepareStatement("SELECT " + COLUMNS + " FROM tze_binding WHERE person_id = ?")) {
            ps.setString(1, personId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new TzeBinding(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getString(7)));
            }
        } catch (SQLException e) {
            throw failure("read " + personId, e);
        }
    }

    /**
     * Records a successful use of the token: last used = now, expiry extended to now + lifetime (never
     * shortened, and also when the stored expiry already passed: TZE just accepted the token, so it is
     * alive). False if the person is no longer bound to this token or the binding was marked invalid.
     */
    public boolean touch(String personId, String oauthToken) {
        long now = clock.millis();
        long extended = now + lifetime.toMillis();
        return update("touch " + personId, "UPDATE tze_binding SET last_used_at = ?,"
                + " expires_at = CASE WHEN expires_at < ? THEN ? ELSE expires_at END, updated_at = ?"
                + " WHERE person_id = ? AND oauth_token = ? AND invalid_at = 0",
                now, extended, extended, now, personId, oauthToken) == 1;
    }

    /**
     * Marks the binding unusable because TZE refused its token; the user must authorise again. Only if the
     * person is still bound to this token and not already marked (the first reason stays).
     *
     * @param reason short and free of secrets (e.g. TZE's retCode and retDesc); cut at 500 characters
     */
    public boolean markInvalid(String personId, String oauthToken, String reason) {
        long now = clock.millis();
        String safe = reason == null ? null : reason.substring(0, Math.min(reason.length(), MAX_REASON));
        return update("mark invalid " + personId, "UPDATE tze_binding SET invalid_at = ?, invalid_reason = ?,"
                + " updated_at = ? WHERE person_id = ? AND oauth_token = ? AND invalid_at = 0",
                now, safe, now, personId, oauthToken) == 1;
    }

    /** Forgets the person's binding (the user unbound, or an operator removed it). False if there was none. */
    public boolean unbind(String personId) {
        return update("unbind " + personId, "DELETE FROM tze_binding WHERE person_id = ?", personId) == 1;
    }

    /** How far a successful use extends a binding. */
    public Duration lifetime() {
        return lifetime;
    }

    static void checkPersonId(String personId) {
        String problem = personIdProblem(personId);
        if (problem != null) {
            throw new IllegalArgumentException("personId " + problem);
        }
    }

    /**
     * What is wrong with a personId, or null: every entrance (requests, file lines, the OAuth pages) checks it
     * the same way. Control characters are refused: a personId is a name, and PostgreSQL cannot store U+0000
     * at all (it would fail the person as a database error).
     */
    static String personIdProblem(String personId) {
        if (personId == null || personId.isBlank()) {
            return "must be a non-empty string";
        }
        if (personId.length() > MAX_PERSON_ID) {
            return "longer than " + MAX_PERSON_ID + " characters";
        }
        for (int i = 0; i < personId.length(); i++) {
            char c = personId.charAt(i);
            if (Character.isISOControl(c)) {
                return String.format("contains a control character (U+%04X at index %d)", (int) c, i);
            }
        }
        return null;
    }

    private int update(String what, String sql, Object... params) {
        try {
            return Jdbc.update(dataSource, sql, params);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private static IllegalStateException failure(String what, SQLException e) {
        // token lengths are checked before any statement, so no "value too long" message can quote a token
        return new IllegalStateException("TZE binding store could not " + what + ": " + e.getMessage(), e);
    }
}
