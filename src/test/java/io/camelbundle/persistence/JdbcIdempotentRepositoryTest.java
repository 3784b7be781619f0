package io.camelbundle.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.camelbundle.persistence.JdbcIdempotentRepository.AddMode;
import io.camelbundle.token.TestDatabases;

class JdbcIdempotentRepositoryTest {

    @Test
    void keysAreClaimedOncePerProcessor() {
        DataSource ds = TestDatabases.h2();
        JdbcIdempotentRepository repo = new JdbcIdempotentRepository(ds, "om-file-drop");
        JdbcIdempotentRepository other = new JdbcIdempotentRepository(ds, "other");
        assertThat(repo.contains("abc:1")).isFalse();
        assertThat(repo.add("abc:1")).isTrue();
        assertThat(repo.add("abc:1")).as("a second claim").isFalse();
        assertThat(repo.contains("abc:1")).isTrue();
        assertThat(other.contains("abc:1")).as("keys are per processor").isFalse();
        assertThat(repo.remove("abc:1")).isTrue();
        assertThat(repo.contains("abc:1")).isFalse();
        repo.add("x");
        repo.clear();
        assertThat(repo.contains("x")).isFalse();
    }

    @Test
    void concurrentClaimsAreGroupedAndEachKeyIsClaimedOnce() throws Exception {
        concurrentClaims(TestDatabases.h2());
    }

    @Test
    void concurrentClaimsOnPostgresql() throws Exception {
        concurrentClaims(TestDatabases.postgresPooled("idempotent_group_it", true));
    }

    /** 64 threads claim 2,000 keys, each key twice from different threads: exactly one claim wins per key. */
    private static void concurrentClaims(DataSource ds) throws Exception {
        JdbcIdempotentRepository repo = new JdbcIdempotentRepository(ds, "group-" + System.nanoTime());
        int keys = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            List<Future<Boolean>> claims = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < keys; i++) {
                    String key = "file:" + i;
                    claims.add(pool.submit(() -> repo.add(key)));
                }
            }
            long won = 0;
            for (Future<Boolean> claim : claims) {
                won += claim.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(won).as("one winning claim per key").isEqualTo(keys);
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < keys; i++) {
            assertThat(repo.contains("file:" + i)).isTrue();
        }
    }

    @Test
    void aPrefixClaimedForTheFirstTimeAnswersWithoutQueriesUntilReleased() throws Exception {
        DataSource ds = TestDatabases.h2();
        JdbcIdempotentRepository repo = new JdbcIdempotentRepository(ds, "om-file-drop");
        assertThat(repo.claimPrefix("abc:")).as("never claimed").isTrue();
        assertThat(repo.add("abc:1")).isTrue();
        insertDirectly(ds, "abc:2"); // what another writer could do, which a first run rules out
        assertThat(repo.contains("abc:2")).as("answered from the claim, not the database").isFalse();
        assertThat(repo.contains("xyz:2")).as("other prefixes are looked up").isFalse();
        insertDirectly(ds, "xyz:2");
        assertThat(repo.contains("xyz:2")).isTrue();
        repo.releasePrefix("abc:");
        assertThat(repo.contains("abc:2")).as("looked up after the run").isTrue();
        assertThat(repo.contains("abc:1")).isTrue();
        assertThat(repo.claimPrefix("abc:")).as("a second run of the same content").isFalse();
        assertThat(repo.contains("abc:1")).isTrue();

        assertThat(repo.claimPrefix("def:")).isTrue();
        assertThat(repo.add("def:1")).isTrue();
        // never released (a route stopped mid-file); meanwhile another instance resumed the content
        insertDirectly(ds, "def:2");
        assertThat(repo.claimPrefix("def:")).as("the next run of this instance").isFalse();
        assertThat(repo.contains("def:2")).as("looked up, not answered from the stale first run").isTrue();
    }

    private static void insertDirectly(DataSource ds, String key) throws Exception {
        try (var c = ds.getConnection();
                var ps = c.prepareStatement(
                        "INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId) VALUES ('om-file-drop', ?)")) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
    }

    private static void insertAged(DataSource ds, String processor, Instant createdAt, List<String> keys)
            throws Exception {
        try (var c = ds.getConnection();
                var ps = c.prepareStatement(
                        "INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES (?, ?, ?)")) {
            for (String key : keys) {
                ps.setString(1, processor);
                ps.setString(2, key);
                ps.setTimestamp(3, Timestamp.from(createdAt));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Instant createdAt(DataSource ds, String processor, String key) throws Exception {
        try (var c = ds.getConnection();
                var ps = c.prepareStatement(
                        "SELECT createdAt FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND messageId = ?")) {
            ps.setString(1, processor);
            ps.setString(2, key);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1).toInstant() : null;
            }
        }
    }

    /**
     * Keys older than the cutoff go, in as many batches as needed (one more key than a batch here), the newer stay;
     * other processors' keys are not touched; a prefix's marker stays {@link JdbcIdempotentRepository#MARKER_GRACE}
     * longer, so a later run of that content still looks its keys up.
     */
    @Test
    void purgeForgetsKeysOlderThanTheCutoffAndMarkersADayLater() throws Exception {
        for (DataSource ds : List.of(TestDatabases.h2(), TestDatabases.postgres("idempotent_purge_it", true))) {
            Instant now = Instant.now();
            Instant cutoff = now.minus(Duration.ofDays(30));
            List<String> old = IntStream.rangeClosed(1, JdbcIdempotentRepository.PURGE_BATCH + 1)
                    .mapToObj(i -> "old:" + i).toList();
            insertAged(ds, "om-file-drop", cutoff.minusSeconds(60), old);
            insertAged(ds, "om-file-drop", cutoff.minusSeconds(60), List.of("old:*"));
            insertAged(ds, "om-file-drop", cutoff.minus(Duration.ofDays(2)), List.of("older:1", "older:*"));
            insertAged(ds, "om-file-drop", cutoff.plusSeconds(60), List.of("new:1", "new:*"));
            insertAged(ds, "tze-file-drop", cutoff.minusSeconds(60), List.of("old:1"));
            JdbcIdempotentRepository repo = new JdbcIdempotentRepository(ds, "om-file-drop");

            assertThat(repo.purgeOlderThan(cutoff)).as("the old keys and the marker past its grace").isEqualTo(
                    old.size() + 2);
            assertThat(repo.contains("old:1")).isFalse();
            assertThat(repo.contains("old:" + old.size())).isFalse();
            assertThat(repo.contains("older:1")).isFalse();
            assertThat(repo.claimPrefix("old:")).as("its marker is kept a day longer than its keys").isFalse();
            assertThat(repo.claimPrefix("older:")).as("forgotten: a first run again").isTrue();
            repo.releasePrefix("older:");
            assertThat(repo.contains("new:1")).isTrue();
            assertThat(new JdbcIdempotentRepository(ds, "tze-file-drop").contains("old:1")).isTrue();
            repo.stop();
        }
    }

    /**
     * A run of a content seen before touches its marker, and so does a re-drive for the prefix of the keys its
     * parked records carry: the marker outlives the keys those runs add.
     */
    @Test
    void aMarkerIsTouchedByEveryRunThatAddsKeysUnderIt() throws Exception {
        DataSource ds = TestDatabases.h2();
        Instant longAgo = Instant.now().minus(Duration.ofDays(20));
        insertAged(ds, "om-file-drop", longAgo, List.of("seen:*", "parked:*"));
        JdbcIdempotentRepository repo = new JdbcIdempotentRepository(ds, "om-file-drop");
        assertThat(repo.claimPrefix("seen:")).isFalse();
        assertThat(createdAt(ds, "om-file-drop", "seen:*")).isAfter(Instant.now().minusSeconds(60));
        repo.touchPrefix("parked:");
        assertThat(createdAt(ds, "om-file-drop", "parked:*")).isAfter(Instant.now().minusSeconds(60));
        repo.touchPrefix("purged:");
        assertThat(createdAt(ds, "om-file-drop", "purged:*")).as("a purged marker is made again").isNotNull();
        assertThat(repo.claimPrefix("purged:")).as("a later run of that content looks its keys up").isFalse();
        repo.stop();
    }

    /** Flyway V4 marks contents stored before prefix claims existed: their next run looks up every record. */
    @Test
    void prefixesStoredBeforeClaimsExistedAreMarkedByTheMigration() throws Exception {
        for (DataSource ds : List.of(TestDatabases.h2At("3"), TestDatabases.postgresAt("idempotent_v4_it", "3"))) {
            insertDirectly(ds, "0123abcd:17");
            insertDirectly(ds, "0123abcd:18");
            TestDatabases.migrate(ds);
            JdbcIdempotentRepository repo = new JdbcIdempotentRepository(ds, "om-file-drop");
            assertThat(repo.claimPrefix("0123abcd:")).as("marked by V4").isFalse();
            assertThat(repo.contains("0123abcd:17")).isTrue();
            assertThat(repo.claimPrefix("ffff:")).isTrue();
        }
    }

    /**
     * The committer thread ends when the repository stops (Camel stops it with a route using it) and a later
     * claim starts a new one; claims racing with stops are all committed, none waits forever.
     */
    @Test
    void claimsRacingWithStopsAreCommitted() throws Exception {
        DataSource ds = TestDatabases.h2();
        JdbcIdempotentRepository repo = new JdbcIdempotentRepository(ds, "stop-" + System.nanoTime());
        repo.start();
        assertThat(repo.add("before")).isTrue();
        repo.stop();
        assertThat(repo.add("after")).as("a claim after a stop").isTrue();
        assertThat(repo.contains("after")).isTrue();

        int threads = 8;
        int perThread = 300;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicBoolean claiming = new AtomicBoolean(true);
        try {
            List<Future<Integer>> claims = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t * perThread;
                claims.add(pool.submit(() -> {
                    int won = 0;
                    for (int i = first; i < first + perThread; i++) {
                        won += repo.add("race:" + i) ? 1 : 0;
                    }
                    return won;
                }));
            }
            Thread stopper = new Thread(() -> {
                while (claiming.get()) {
                    repo.stop();
                    repo.start();
                    Thread.onSpinWait();
                }
            });
            stopper.start();
            int won = 0;
            for (Future<Integer> claim : claims) {
                won += claim.get(60, TimeUnit.SECONDS);
            }
            claiming.set(false);
            stopper.join();
            assertThat(won).isEqualTo(threads * perThread);
        } finally {
            claiming.set(false);
            pool.shutdownNow();
        }
        for (int i = 0; i < threads * perThread; i++) {
            assertThat(repo.contains("race:" + i)).as("race:" + i).isTrue();
        }
    }

    @Test
    void pipelinedAddsAreCommittedBehindTheCaller() {
        DataSource ds = TestDatabases.h2();
        JdbcIdempotentRepository repo = new JdbcIdempotentRepository(ds, "om-file-drop", AddMode.PIPELINED);
        JdbcIdempotentRepository stored = new JdbcIdempotentRepository(ds, "om-file-drop"); // nothing queued
        assertThat(repo.add("f:1")).isTrue();
        assertThat(repo.contains("f:1")).as("a queued key counts as stored").isTrue();
        assertThat(repo.add("f:2")).isTrue();
        assertThat(stored.contains("f:1")).as("the second add waited for the first key's commit").isTrue();
        repo.awaitCommitted();
        assertThat(stored.contains("f:2")).as("awaitCommitted waits for every queued key").isTrue();

        assertThat(repo.add("f:1")).as("a key claimed already is left as it is").isTrue();
        repo.awaitCommitted();
        assertThat(stored.remove("f:1")).as("still one row").isTrue();
        assertThat(stored.contains("f:1")).isFalse();
    }

    /** 16 threads, each key twice: every thread has at most one key uncommitted, and all are stored once. */
    @Test
    void pipelinedAddsFromManyThreadsOnPostgresql() throws Exception {
        DataSource ds = TestDatabases.postgresPooled("idempotent_pipelined_it", true);
        String name = "pipelined-" + System.nanoTime();
        JdbcIdempotentRepository repo = new JdbcIdempotentRepository(ds, name, AddMode.PIPELINED);
        JdbcIdempotentRepository stored = new JdbcIdempotentRepository(ds, name);
        int threads = 16;
        int perThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                senders.add(pool.submit(() -> {
                    for (int round = 0; round < 2; round++) {
                        String previous = null;
                        for (int i = 0; i < perThread; i++) {
                            String key = "k:" + ((thread + round) % threads) + ":" + i;
                            repo.add(key);
                            if (previous != null) {
                                assertThat(stored.contains(previous))
                                        .as(previous + " committed before the next add returned")
                                        .isTrue();
                            }
                            previous = key;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> sender : senders) {
                sender.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        repo.awaitCommitted();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                assertThat(stored.remove("k:" + t + ":" + i)).as("k:" + t + ":" + i + " stored once").isTrue();
            }
        }
    }

    /**
     * A pipelined caller does not get the failed commit of an earlier key at its next add (that runs in Camel's
     * completion callback): the failure is counted, and awaitCommitted with a mark taken before it fails.
     */
    @Test
    void aFailedPipelinedCommitIsCountedAndFailsTheAwaitOfItsCaller() {
        AtomicBoolean down = new AtomicBoolean();
        DataSource flaky = TestDatabases.failingWhile(down, TestDatabases.h2());
        JdbcIdempotentRepository repo = new JdbcIdempotentRepository(flaky, "om-file-drop", AddMode.PIPELINED);
        long before = repo.unstoredKeys();
        down.set(true);
        assertThat(repo.add("lost:1")).isTrue();
        assertThatThrownBy(() -> repo.awaitCommitted(before))
                .isInstanceOf(JdbcIdempotentRepository.KeysNotStoredException.class)
                .hasMessageContaining("'om-file-drop': 1 key could not be stored")
                .hasMessageContaining("database down");
        assertThat(repo.unstoredKeys()).isEqualTo(before + 1);
        down.set(false);
        long after = repo.unstoredKeys();
        assertThat(repo.add("kept:1")).as("the next add goes on").isTrue();
        repo.awaitCommitted(after); // nothing lost since that mark
        assertThat(repo.contains("lost:1")).as("not stored, and no longer queued").isFalse();
        assertThat(repo.contains("kept:1")).isTrue();
        assertThatThrownBy(() -> repo.awaitCommitted(before)).as("the loss stays counted for a mark before it")
                .isInstanceOf(JdbcIdempotentRepository.KeysNotStoredException.class);
    }

    @Test
    void worksOnPostgresql() {
        DataSource ds = TestDatabases.postgres("idempotent_it", true);
        JdbcIdempotentRepository repo = new JdbcIdempotentRepository(ds, "om-file-drop");
        assertThat(repo.add("k")).isTrue();
        assertThat(repo.add("k")).isFalse();
        assertThat(repo.contains("k")).isTrue();
    }
}
