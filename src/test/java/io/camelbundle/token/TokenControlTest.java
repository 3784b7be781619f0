package io.camelbundle.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Token central control against an in-memory H2 database, with a hand-moved clock. */
class TokenControlTest {

    private static final long T0 = 1_800_000_000_000L;

    private final MutableClock clock = new MutableClock(T0);
    private final CountingTokenSource source = new CountingTokenSource("om");
    private final TokenPolicy policy = TokenPolicy.defaults();
    private TokenControl control;
    private ExecutorService pool;

    @BeforeEach
    void setUp() {
        control = new TokenControl(new TokenStore(TestDatabases.h2()), List.of(source), policy, clock,
                TokenListener.NONE, "test-instance");
        pool = Executors.newFixedThreadPool(200);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    @Test
    void twoHundredConcurrentCallersOnAColdCacheCauseOneUpstreamRequest() throws Exception {
        source.delay(300);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return control.accessToken("om");
            }));
        }
        start.countDown();
        Set<String> tokens = ConcurrentHashMap.newKeySet();
        for (Future<String> answer : answers) {
            tokens.add(answer.get(10, TimeUnit.SECONDS));
        }
        assertThat(source.calls()).isEqualTo(1);
        assertThat(tokens).containsExactly("om-token-1");
    }

    @Test
    void tokenIsStoredWithItsAbsoluteExpiryAndServedUntilTheRefreshWindow() {
        source.lifetime(Duration.ofSeconds(7200));
        StoredToken token = control.current("om");
        assertThat(token.expiresAt()).isEqualTo(T0 + 7_200_000);
        // margin = max(10 min, 10 % of 2 h) = 12 min, plus up to 30 s jitter
        assertThat(token.refreshAt()).isBetween(T0 + 7_200_000 - 750_000, T0 + 7_200_000 - 720_000);

        clock.advance(Duration.ofMinutes(100));
        control.refreshDue();
        assertThat(source.calls()).as("not yet in the refresh window").isEqualTo(1);

        clock.advance(Duration.ofMinutes(8)); // 108 min: inside the window (expires at 120, refresh by 108)
        control.refreshDue();
        assertThat(source.calls()).isEqualTo(2);
        assertThat(control.accessToken("om")).isEqualTo("om-token-2");
    }

    @Test
    void aTokenLongerThanTheStoreHoldsIsABadAnswerWithBackoffNeverADatabaseErrorQuotingIt() {
        source.tokenLength(TokenStore.MAX_TOKEN_LENGTH + 1);
        assertThatThrownBy(() -> control.accessToken("om")).isInstanceOf(TokenUnavailableException.class)
                .hasMessageContaining("refresh failed: bad_answer").hasMessageNotContaining("om-token-1");
        StoredToken failed = control.peek("om");
        assertThat(failed.failures()).isEqualTo(1);
        assertThat(failed.lastError()).isEqualTo(TokenAcquisitionException.BAD_ANSWER);
        assertThat(failed.nextAttemptAt()).as("backs off like any failed refresh").isGreaterThan(clock.millis());
        assertThat(failed.accessToken()).isNull();

        source.tokenLength(TokenStore.MAX_TOKEN_LENGTH);
        clock.advance(Duration.ofSeconds(2));
        assertThat(control.accessToken("om")).as("the longest the store holds").hasSize(TokenStore.MAX_TOKEN_LENGTH);
    }

    @Test
    void aRejectedTokenThatARacingReadCachedAgainIsNotServed() {
        AtomicReference<TokenControl> racing = new AtomicReference<>();
        TokenStore store = new TokenStore(TestDatabases.h2()) {
            @Override
            public boolean expireIfCurrent(String credential, String token, long now) {
                racing.get().refreshDue(); // the refresh timer reads the row before the expiry lands, and caches it
                return super.expireIfCurrent(credential, token, now);
            }
        };
        TokenControl control = new TokenControl(store, List.of(source), policy, clock, TokenListener.NONE, "racing");
        racing.set(control);
        assertThat(control.accessToken("om")).isEqualTo("om-token-1");

        assertThat(control.expireIfCurrent("om", "om-token-1")).isTrue();
        assertThat(control.accessToken("om")).as("the vendor rejected om-token-1").isEqualTo("om-token-2");
    }

    /**
     * The refresh timer stores a new token; before it reads it back, a route finds the vendor rejects it and asks
     * for a token, joining the timer's refresh, which then ends without a valid token. The caller gets a refresh
     * of its own, not "the refreshed token was not stored" (a clean CI run failed on it once).
     */
    @Test
    void aCallerThatJoinedARefreshBegunBeforeItsRejectionGetsAFreshTokenNotTheFailure() throws Exception {
        source.lifetime(Duration.ofSeconds(7200));
        CountDownLatch stored = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        TokenStore store = storeRunningAfter("om-token-2", () -> {
            stored.countDown();
            await(goOn);
        });
        TokenControl control = new TokenControl(store, List.of(source), policy, clock, TokenListener.NONE, "joined");
        assertThat(control.accessToken("om")).isEqualTo("om-token-1");
        clock.advance(Duration.ofMinutes(108)); // inside the refresh window

        Future<?> timer = pool.submit(control::refreshDue);
        assertThat(stored.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(control.expireIfCurrent("om", "om-token-2")).isTrue();
        FutureTask<String> caller = new FutureTask<>(() -> control.accessToken("om"));
        Thread callerThread = new Thread(caller, "caller");
        callerThread.start();
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> callerThread.getState() == Thread.State.TIMED_WAITING); // waiting for the timer's refresh
        goOn.countDown();
        timer.get(10, TimeUnit.SECONDS);

        assertThat(caller.get(10, TimeUnit.SECONDS)).isEqualTo("om-token-3");
        assertThat(source.calls()).isEqualTo(3);
    }

    /** The same race when the caller runs the refresh itself: its new token is rejected before it reads it back. */
    @Test
    void aRefreshWhoseNewTokenIsRejectedBeforeItIsReadBackRefreshesOnceMore() {
        source.lifetime(Duration.ofSeconds(7200));
        AtomicReference<TokenControl> routes = new AtomicReference<>();
        // another route read it at once and OM refused it
        TokenStore store = storeRunningAfter("om-token-2", () -> routes.get().expireIfCurrent("om", "om-token-2"));
        TokenControl control = new TokenControl(store, List.of(source), policy, clock, TokenListener.NONE, "owner");
        routes.set(control);
        assertThat(control.accessToken("om")).isEqualTo("om-token-1");
        clock.advance(Duration.ofSeconds(7300)); // expired: the next caller refreshes on demand

        assertThat(control.accessToken("om")).isEqualTo("om-token-3");
    }

    /**
     * A caller whose wait for a running refresh runs out gets the wait's error even when a token was rejected
     * meanwhile: a refresh of its own beside the running one would ask the vendor twice at once.
     */
    @Test
    void aCallerWhoseWaitRanOutStartsNoSecondRefreshBesideTheRunningOne() throws Exception {
        source.lifetime(Duration.ofSeconds(7200));
        TokenPolicy shortWait = new TokenPolicy(policy.marginMin(), policy.marginRatio(), policy.jitter(),
                policy.minRemaining(), Duration.ofMillis(200), policy.leaseDuration(), policy.retryInitial(),
                policy.retryMax(), policy.cacheTtl(), policy.pollInterval(), policy.lifetimeMin(),
                policy.lifetimeMax());
        TokenControl control = new TokenControl(new TokenStore(TestDatabases.h2()), List.of(source), shortWait, clock,
                TokenListener.NONE, "waiting");
        assertThat(control.accessToken("om")).isEqualTo("om-token-1");
        clock.advance(Duration.ofMinutes(108)); // inside the refresh window
        source.delay(1_000);

        Future<?> timer = pool.submit(control::refreshDue);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> source.calls() == 2); // the timer is fetching
        control.expireIfCurrent("om", "om-token-1");
        assertThatThrownBy(() -> control.accessToken("om")).isInstanceOf(TokenUnavailableException.class)
                .hasMessageContaining("did not finish within");
        timer.get(10, TimeUnit.SECONDS);

        assertThat(source.calls()).as("the timer's fetch only").isEqualTo(2);
        assertThat(control.accessToken("om")).isEqualTo("om-token-2");
    }

    /** A store that runs {@code action} right after storing {@code token}, before the control reads it back. */
    private static TokenStore storeRunningAfter(String token, Runnable action) {
        return new TokenStore(TestDatabases.h2()) {
            @Override
            public boolean storeToken(String credential, String owner, String stored, String fingerprint,
                    long issuedAt, long expiresAt, long refreshAt) {
                boolean done = super.storeToken(credential, owner, stored, fingerprint, issuedAt, expiresAt, refreshAt);
                if (stored.equals(token)) {
                    action.run();
                }
                return done;
            }
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void expiresInIsHonouredNotAConstant() {
        source.lifetime(Duration.ofSeconds(60));
        StoredToken token = control.current("om");
        assertThat(token.expiresAt()).isEqualTo(T0 + 60_000);
        // a short lifetime caps the margin at half of it: refresh after 30 s, not immediately
        assertThat(token.refreshAt()).isBetween(T0 + 24_000, T0 + 30_000);
    }

    @Test
    void failedRefreshesBackOffAndKeepServingTheStillValidToken() {
        control.accessToken("om");
        clock.advance(Duration.ofMinutes(110)); // in the refresh window, 10 min left
        source.failNext("OM token endpoint answered HTTP 500", "OM token endpoint did not answer within PT10S",
                "OM token endpoint answered malformed JSON", "OM token endpoint answered code 50001 (busy)");

        control.refreshDue();
        assertThat(source.calls()).isEqualTo(2);
        assertThat(control.accessToken("om")).as("still valid, still served").isEqualTo("om-token-1");
        StoredToken afterFirst = control.peek("om");
        assertThat(afterFirst.failures()).isEqualTo(1);
        assertThat(afterFirst.lastError()).isEqualTo("OM token endpoint answered HTTP 500");
        long firstBackoff = afterFirst.nextAttemptAt() - clock.millis();
        assertThat(firstBackoff).isBetween(800L, 1200L);

        control.refreshDue();
        assertThat(source.calls()).as("no request during the backoff").isEqualTo(2);

        clock.advance(Duration.ofMillis(1300));
        control.refreshDue();
        assertThat(source.calls()).isEqualTo(3);
        long secondBackoff = control.peek("om").nextAttemptAt() - clock.millis();
        assertThat(secondBackoff).as("exponential").isBetween(1600L, 2400L);

        clock.advance(Duration.ofMillis(2500));
        control.refreshDue();
        clock.advance(Duration.ofMillis(5000));
        control.refreshDue();
        assertThat(source.calls()).isEqualTo(5);
        assertThat(control.peek("om").lastError()).isEqualTo("OM token endpoint answered code 50001 (busy)");
        assertThat(control.accessToken("om")).isEqualTo("om-token-1");

        clock.advance(Duration.ofMillis(10_000));
        control.refreshDue();
        assertThat(source.calls()).isEqualTo(6);
        assertThat(control.accessToken("om")).as("recovered").isEqualTo("om-token-6");
        assertThat(control.peek("om").failures()).isZero();
    }

    @Test
    void anExpiredTokenIsNeverServedWhenRefreshesFail() {
        control.accessToken("om");
        clock.advance(Duration.ofHours(2)); // expired
        source.failNext("OM token endpoint answered HTTP 500");
        assertThatThrownBy(() -> control.accessToken("om"))
                .isInstanceOf(TokenUnavailableException.class)
                .hasMessage("No valid access token for credential 'om': refresh failed: "
                        + "OM token endpoint answered HTTP 500");
        // during the backoff the caller gets a clear error at once, without a new upstream request
        assertThatThrownBy(() -> control.accessToken("om"))
                .isInstanceOf(TokenUnavailableException.class)
                .hasMessageContaining("the last refresh failed (OM token endpoint answered HTTP 500)");
        assertThat(source.calls()).isEqualTo(2);
    }

    @Test
    void tokenAboutToExpireIsNotHandedOut() {
        source.lifetime(Duration.ofSeconds(60));
        control.accessToken("om");
        clock.advance(Duration.ofMillis(59_500)); // 0.5 s left, less than min-remaining (1 s)
        assertThat(control.accessToken("om")).isEqualTo("om-token-2");
    }

    @Test
    void aRejectedTokenIsExpiredAndTheNextReadFetchesAFreshOne() {
        assertThat(control.accessToken("om")).isEqualTo("om-token-1");
        assertThat(control.expireIfCurrent("om", "om-token-1")).isTrue();
        assertThat(control.accessToken("om")).isEqualTo("om-token-2");
        assertThat(source.calls()).isEqualTo(2);
    }

    @Test
    void compareAndExpireLeavesANewerTokenAlone() {
        String old = control.accessToken("om");
        assertThat(control.expireIfCurrent("om", old)).isTrue();
        String fresh = control.accessToken("om");
        assertThat(fresh).isEqualTo("om-token-2");
        // a late rejection of the old token must not throw the fresh one away
        assertThat(control.expireIfCurrent("om", old)).isFalse();
        assertThat(control.accessToken("om")).isEqualTo("om-token-2");
        assertThat(source.calls()).isEqualTo(2);
    }

    @Test
    void unknownCredentialIsAClearError() {
        assertThatThrownBy(() -> control.accessToken("tze"))
                .isInstanceOf(UnknownCredentialException.class)
                .hasMessage("Unknown credential 'tze'; configured credentials: [om]");
    }

    @Test
    void refreshDueNeverThrows() {
        source.failNext("OM token endpoint unreachable (ConnectException)");
        control.refreshDue();
        assertThat(control.peek("om").lastError()).isEqualTo("OM token endpoint unreachable (ConnectException)");
    }

    @Test
    void aLifetimeOutsideTheBoundsIsAFailedRefreshSharedByFiftyCallers() throws Exception {
        for (Duration lifetime : List.of(Duration.ofSeconds(Long.MAX_VALUE), Duration.ofSeconds(9_000_000_000_000_000L),
                Duration.ofSeconds(1), Duration.ofSeconds(59), Duration.ofDays(31))) {
            CountingTokenSource bad = new CountingTokenSource("om");
            bad.lifetime(lifetime);
            bad.delay(200);
            TokenControl fresh = new TokenControl(new TokenStore(TestDatabases.h2()), List.of(bad), policy, clock,
                    TokenListener.NONE, "test-instance");
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    try {
                        fresh.accessToken("om");
                        return "served";
                    } catch (TokenUnavailableException e) {
                        return e.reason();
                    }
                }));
            }
            start.countDown();
            for (Future<String> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).as("lifetime %s", lifetime).contains("bad_lifetime");
            }
            assertThat(bad.calls()).as("one token call for 50 callers, lifetime %s", lifetime).isEqualTo(1);
            StoredToken row = fresh.peek("om");
            assertThat(row.accessToken()).isNull();
            assertThat(row.failures()).isEqualTo(1);
            assertThat(row.lastError()).isEqualTo("bad_lifetime");
            assertThat(row.nextAttemptAt()).as("a backoff is recorded").isGreaterThan(clock.millis());
            fresh.refreshDue();
            assertThat(bad.calls()).as("the timer honours the backoff").isEqualTo(1);
        }
    }

    @Test
    void lifetimesAtTheBoundsAreAccepted() {
        source.lifetime(Duration.ofSeconds(60));
        assertThat(control.current("om").expiresAt()).isEqualTo(T0 + 60_000);
        control.expireIfCurrent("om", control.peek("om").accessToken());
        source.lifetime(Duration.ofDays(30));
        assertThat(control.current("om").expiresAt()).isEqualTo(T0 + Duration.ofDays(30).toMillis());
    }

    @Test
    void aTokenAnotherInstanceStoredIsMaskedOnceThisOneReadsIt() {
        // the usual case with several replicas: the token was fetched elsewhere, yet OM may quote it here
        TokenStore store = new TokenStore(TestDatabases.h2());
        store.ensureRow("om");
        String token = "stored-by-another-instance-" + java.util.UUID.randomUUID();
        assertThat(store.tryAcquireLease("om", "other", T0, T0 + 10_000)).isTrue();
        assertThat(store.storeToken("om", "other", token, source.fingerprint(), T0, T0 + 7_200_000, T0 + 6_000_000))
                .isTrue();
        TokenControl reader = new TokenControl(store, List.of(source), policy, clock, TokenListener.NONE, "reader");
        assertThat(reader.accessToken("om")).isEqualTo(token);
        assertThat(source.calls()).as("read, not fetched").isZero();
        assertThat(io.camelbundle.support.Secrets.mask("OM: access_token " + token + " expired"))
                .isEqualTo("OM: access_token **** expired");
    }

    @Test
    void aTokenStoredForAnotherEndpointOrClientIsNotServed() {
        javax.sql.DataSource db = TestDatabases.h2();
        CountingTokenSource sandbox = new CountingTokenSource("om");
        sandbox.fingerprint("sandbox-url/sandbox-client");
        TokenControl dev = new TokenControl(new TokenStore(db), List.of(sandbox), policy, clock, TokenListener.NONE,
                "dev");
        assertThat(dev.accessToken("om")).isEqualTo("om-token-1");

        CountingTokenSource real = new CountingTokenSource("om");
        real.fingerprint("real-url/real-client");
        real.failNext("unreachable");
        TokenControl prod = new TokenControl(new TokenStore(db), List.of(real), policy, clock, TokenListener.NONE,
                "prod");
        assertThat(prod.peek("om").accessToken()).as("readiness sees no token").isNull();
        assertThat(prod.cachedValid("om")).isNull();
        assertThatThrownBy(() -> prod.accessToken("om")).isInstanceOf(TokenUnavailableException.class)
                .hasMessageContaining("unreachable");
        assertThat(real.calls()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1)); // past the backoff: the real OM answers
        assertThat(prod.accessToken("om")).isEqualTo("om-token-2");
        assertThat(dev.peek("om").accessToken()).as("and the other way round").isNull();
    }

    @Test
    void theStoredReasonIsTheCodeNotTheVendorsText() {
        source.failNext("refused:40013");
        control.refreshDue();
        assertThat(control.peek("om").lastError()).isEqualTo("refused:40013");
        assertThatThrownBy(() -> control.accessToken("om")).isInstanceOf(TokenUnavailableException.class)
                .satisfies(e -> assertThat(((TokenUnavailableException) e).reason()).contains("refused:40013")
                        .doesNotContain("detail"));
    }
}
