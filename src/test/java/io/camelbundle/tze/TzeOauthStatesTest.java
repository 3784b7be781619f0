package io.camelbundle.tze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.camelbundle.support.Sha256;
import io.camelbundle.token.MutableClock;
import io.camelbundle.token.TestDatabases;

/** The OAuth state store on H2 and on the machine's PostgreSQL, as two replicas would share it. */
class TzeOauthStatesTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());

    private static DataSource database(String kind) {
        return kind.equals("h2") ? TestDatabases.h2() : TestDatabases.postgres("tze_oauth_state_test", true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aStateIsAcceptedOnceForItsPersonOnly(String kind) {
        DataSource db = database(kind);
        TzeOauthStates states = new TzeOauthStates(db, clock, Duration.ofMinutes(10));
        TzeOauthStates otherReplica = new TzeOauthStates(db, clock, Duration.ofMinutes(10));
        TzeOauthStates.Issued issued = states.issue("alice");
        assertThat(issued.state()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(issued.expiresAt()).isEqualTo(clock.millis() + Duration.ofMinutes(10).toMillis());

        assertThat(states.consume(issued.state(), "eve")).isEqualTo(TzeOauthStates.Check.OTHER_PERSON);
        assertThat(otherReplica.consume(issued.state(), "alice")).isEqualTo(TzeOauthStates.Check.ACCEPTED);
        assertThat(states.consume(issued.state(), "alice")).isEqualTo(TzeOauthStates.Check.UNKNOWN);
        assertThat(states.consume(null, "alice")).isEqualTo(TzeOauthStates.Check.MISSING);
        assertThat(states.consume(" ", "alice")).isEqualTo(TzeOauthStates.Check.MISSING);
        assertThat(states.consume("x".repeat(10_000), "alice")).isEqualTo(TzeOauthStates.Check.UNKNOWN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anExpiredStateIsRefusedAndDeletedAndIssuingCleansUp(String kind) throws Exception {
        DataSource db = database(kind);
        TzeOauthStates states = new TzeOauthStates(db, clock, Duration.ofMinutes(10));
        String first = states.issue("alice").state();
        String second = states.issue("bob").state();
        clock.advance(Duration.ofMinutes(10));
        assertThat(states.consume(first, "alice")).isEqualTo(TzeOauthStates.Check.EXPIRED);
        assertThat(states.consume(first, "alice")).isEqualTo(TzeOauthStates.Check.UNKNOWN);
        assertThat(rows(db)).containsExactly(Sha256.of(second));
        String third = states.issue("carol").state();
        assertThat(rows(db)).as("the expired state of bob went with the next issue").containsExactly(Sha256.of(third));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void ofCallbacksRacingWithOneStateExactlyOneWins(String kind) throws Exception {
        DataSource db = database(kind);
        TzeOauthStates states = new TzeOauthStates(db, clock, Duration.ofMinutes(10));
        String state = states.issue("alice").state();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<TzeOauthStates.Check>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<TzeOauthStates.Check> consume = () -> states.consume(state, "alice");
                results.add(pool.submit(consume));
            }
            int accepted = 0;
            for (Future<TzeOauthStates.Check> result : results) {
                accepted += result.get() == TzeOauthStates.Check.ACCEPTED ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void onlyTheHashIsStoredAndPersonIdsAreChecked(String kind) throws Exception {
        DataSource db = database(kind);
        TzeOauthStates states = new TzeOauthStates(db, clock, Duration.ofMinutes(10));
        String state = states.issue("alice").state();
        assertThat(rows(db)).containsExactly(Sha256.of(state)).doesNotContain(state);
        assertThatThrownBy(() -> states.issue(" ")).hasMessageContaining("personId");
        assertThatThrownBy(() -> states.issue("x".repeat(201))).hasMessageContaining("personId");
    }

    private static List<String> rows(DataSource db) throws Exception {
        List<String> hashes = new ArrayList<>();
        try (Connection c = db.getConnection();
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT state_hash FROM tze_oauth_state ORDER BY state_hash")) {
            while (rs.next()) {
                hashes.add(rs.getString(1));
            }
        }
        return hashes;
    }
}
