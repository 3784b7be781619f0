package io.camelbundle.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

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
        concurrentClaims(TestDatabases.postgres("idempotent_group_it", true));
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
    void worksOnPostgresql() {
        DataSource ds = TestDatabases.postgres("idempotent_it", true);
        JdbcIdempotentRepository repo = new JdbcIdempotentRepository(ds, "om-file-drop");
        assertThat(repo.add("k")).isTrue();
        assertThat(repo.add("k")).isFalse();
        assertThat(repo.contains("k")).isTrue();
    }
}
