package io.camelbundle.tze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camelbundle.token.MutableClock;

/** What the binding store promises, run on every database the bundle supports (see the subclasses). */
abstract class TzeBindingStoreContract {

    static final long T0 = 1_800_000_000_000L;
    static final Duration LIFETIME = Duration.ofDays(15);

    final MutableClock clock = new MutableClock(T0);
    TzeBindingStore store;

    abstract DataSource dataSource();

    @BeforeEach
    void createStore() {
        store = new TzeBindingStore(dataSource(), clock, LIFETIME);
    }

    @Test
    void bindThenFind() {
        TzeBinding bound = store.bind("p1", "tok-1", T0 + 1000);
        assertThat(bound).isEqualTo(new TzeBinding("p1", "tok-1", T0 + 1000, T0, 0, 0, null));
        assertThat(store.find("p1")).contains(bound);
        assertThat(store.find("p2")).isEmpty();
        assertThat(store.read("p2")).isEmpty();
        assertThat(store.find(null)).isEmpty();
    }

    @Test
    void anExpiredBindingCountsAsUnbound() {
        store.bind("p1", "tok-1", T0 + 1000);
        clock.advance(Duration.ofMillis(999));
        assertThat(store.find("p1")).isPresent();
        clock.advance(Duration.ofMillis(1));
        assertThat(store.find("p1")).isEmpty();
        assertThat(store.read("p1")).get().extracting(TzeBinding::oauthToken).isEqualTo("tok-1");
    }

    @Test
    void touchExtendsToNowPlusLifetimeAndRecordsTheUse() {
        store.bind("p1", "tok-1", T0 + Duration.ofDays(15).toMillis());
        clock.advance(Duration.ofDays(10));
        assertThat(store.touch("p1", "tok-1")).isTrue();
        TzeBinding touched = store.find("p1").orElseThrow();
        assertThat(touched.expiresAt()).isEqualTo(clock.millis() + LIFETIME.toMillis());
        assertThat(touched.lastUsedAt()).isEqualTo(clock.millis());
        assertThat(touched.createdAt()).isEqualTo(T0);
        clock.advance(Duration.ofDays(14));
        assertThat(store.find("p1")).as("alive 24 days after binding thanks to the use").isPresent();
    }

    @Test
    void touchNeverShortensALongerExpiry() {
        long far = T0 + Duration.ofDays(30).toMillis();
        store.bind("p1", "tok-1", far);
        assertThat(store.touch("p1", "tok-1")).isTrue();
        assertThat(store.read("p1").orElseThrow().expiresAt()).isEqualTo(far);
        assertThat(store.read("p1").orElseThrow().lastUsedAt()).isEqualTo(T0);
    }

    @Test
    void touchRevivesABindingTzeJustAcceptedAfterItsStoredExpiry() {
        store.bind("p1", "tok-1", T0 + 1000);
        clock.advance(Duration.ofSeconds(2));
        assertThat(store.touch("p1", "tok-1")).isTrue();
        assertThat(store.find("p1")).isPresent();
    }

    @Test
    void touchAndMarkInvalidIgnoreAnOldTokenAfterRebinding() {
        store.bind("p1", "old", T0 + 1000);
        clock.advance(Duration.ofMillis(10));
        store.bind("p1", "new", T0 + 5000);
        assertThat(store.touch("p1", "old")).isFalse();
        assertThat(store.markInvalid("p1", "old", "late failure")).isFalse();
        TzeBinding current = store.find("p1").orElseThrow();
        assertThat(current.oauthToken()).isEqualTo("new");
        assertThat(current.expiresAt()).isEqualTo(T0 + 5000);
        assertThat(current.createdAt()).isEqualTo(T0 + 10);
        assertThat(store.touch("nobody", "new")).isFalse();
    }

    @Test
    void markInvalidUnbindsUntilTheNextBind() {
        store.bind("p1", "tok-1", T0 + 100_000);
        clock.advance(Duration.ofSeconds(1));
        assertThat(store.markInvalid("p1", "tok-1", "retCode 100004: oauthToken invalid")).isTrue();
        assertThat(store.markInvalid("p1", "tok-1", "second")).as("first reason stays").isFalse();
        assertThat(store.find("p1")).isEmpty();
        assertThat(store.touch("p1", "tok-1")).as("a late success does not revive it").isFalse();
        TzeBinding row = store.read("p1").orElseThrow();
        assertThat(row.invalidAt()).isEqualTo(T0 + 1000);
        assertThat(row.invalidReason()).isEqualTo("retCode 100004: oauthToken invalid");
        assertThat(row.usable(clock.millis())).isFalse();

        store.bind("p1", "tok-2", T0 + 100_000);
        TzeBinding rebound = store.find("p1").orElseThrow();
        assertThat(rebound.invalidAt()).isZero();
        assertThat(rebound.invalidReason()).isNull();
    }

    @Test
    void longReasonsAreCut() {
        store.bind("p1", "tok-1", T0 + 1000);
        store.markInvalid("p1", "tok-1", "x".repeat(900));
        assertThat(store.read("p1").orElseThrow().invalidReason()).hasSize(500);
    }

    @Test
    void unbind() {
        store.bind("p1", "tok-1", T0 + 1000);
        assertThat(store.unbind("p1")).isTrue();
        assertThat(store.unbind("p1")).isFalse();
        assertThat(store.read("p1")).isEmpty();
    }

    @Test
    void badArgumentsAreRefusedWithoutQuotingTheToken() {
        assertThatThrownBy(() -> store.bind(" ", "t", 1)).hasMessage("personId must be a non-empty string");
        assertThatThrownBy(() -> store.bind("p".repeat(201), "t", 1))
                .hasMessage("personId longer than 200 characters");
        // PostgreSQL cannot store U+0000: refused by name, not failed as a database error
        assertThatThrownBy(() -> store.bind("p\u0000q", "t", 1))
                .hasMessage("personId contains a control character (U+0000 at index 1)");
        assertThatThrownBy(() -> store.bind("p\nq", "t", 1)).hasMessageContaining("control character (U+000A");
        assertThatThrownBy(() -> store.bind("p1", "", 1)).hasMessage("oauthToken is blank");
        String longToken = "secret".repeat(200);
        assertThatThrownBy(() -> store.bind("p1", longToken, 1))
                .hasMessage("oauthToken longer than 1024 characters");
        assertThatThrownBy(() -> new TzeBindingStore(dataSource(), clock, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentFirstBindsOfOnePersonDoNotFail() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<TzeBinding>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String token = "tok-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return store.bind("racer", token, T0 + 1000);
                }));
            }
            start.countDown();
            List<String> tokens = new ArrayList<>();
            for (Future<TzeBinding> f : results) {
                tokens.add(f.get(10, TimeUnit.SECONDS).oauthToken());
            }
            assertThat(tokens).contains(store.find("racer").orElseThrow().oauthToken());
        } finally {
            pool.shutdownNow();
        }
    }
}
