package io.camelbundle.persistence;

import static org.assertj.core.api.Assertions.assertThat;

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
    void worksOnPostgresql() {
        DataSource ds = TestDatabases.postgres("idempotent_it", true);
        JdbcIdempotentRepository repo = new JdbcIdempotentRepository(ds, "om-file-drop");
        assertThat(repo.add("k")).isTrue();
        assertThat(repo.add("k")).isFalse();
        assertThat(repo.contains("k")).isTrue();
    }
}
