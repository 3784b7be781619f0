package io.camelbundle.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.jboss.logging.Logger;

/**
 * Camel idempotent repository on the bundle's datasource, for the idempotentConsumer EIP. Same table
 * and semantics as camel-sql's JdbcMessageIdRepository, written on plain JDBC because camel-sql needs
 * Spring JDBC's bean factory, which the Quarkus platform BOM leaves out. The primary key decides concurrent
 * races, so two instances can never both claim a key.
 * <p>
 * {@link #add} uses group commit: callers (the file drop's sending threads, one per record) queue their keys
 * and park; one committer thread waits {@link #COMMIT_DELAY_NANOS} after the first key for more, inserts the
 * whole group in one transaction and wakes its callers. Each caller returns only once its key is committed, so
 * a record counts as remembered exactly when it did with a commit per record, but the database commits once
 * per group: an H2 commit costs about 100-170 us of CPU whatever it holds, a key about 15 us more (a commit per
 * record was the file drop's bottleneck). A committed caller is woken directly; an earlier version let callers
 * take turns on a lock to commit, so committed callers queued behind the next group's delay and commit.
 */
public class JdbcIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    private static final Logger LOG = Logger.getLogger(JdbcIdempotentRepository.class);
    private static final String UNIQUE_VIOLATION = "23505";

    /**
     * How long the committer lets a group fill after its first key; a caller waits at most this much longer
     * than a commit of its own. Single runs of the file drop (1,000,000 records, concurrency 16) gave 5,963
     * events/s at 0.25 ms, 6,278 at 0.5 ms and 5,290 at 1 ms, but full benchmark runs vary as much from one run
     * to the next (README, Performance); 1 ms commits half as often as 0.5 ms, which counts where the CPU is the
     * limit (concurrency 64).
     */
    static final long COMMIT_DELAY_NANOS = 1_000_000;

    /** How often a waiting caller checks that the committer still runs (it ends on stop). */
    private static final long RECHECK_NANOS = 100_000_000;

    /** Ends the marker key of a claimed prefix; record keys never end with it. */
    static final String PREFIX_MARK = "*";

    /** Keys per transaction at most (a bounded batch statement). */
    static final int MAX_GROUP = 512;

    private static final String INSERT = "INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt)"
            + " VALUES (?, ?, ?)";

    private final DataSource dataSource;
    private final String processorName;
    private final Queue<PendingAdd> pending = new ConcurrentLinkedQueue<>();
    /** Prefixes claimed for the first time and not released: nothing is stored under them but this run's keys. */
    private final Set<String> firstRuns = ConcurrentHashMap.newKeySet();
    private final Object lifecycle = new Object();
    private volatile Thread committer;
    private volatile boolean committerIdle;
    private volatile boolean stopping;

    /** A key waiting for its group's commit; {@code added} is null until then. */
    private static final class PendingAdd {
        final String key;
        final Thread caller = Thread.currentThread();
        volatile Boolean added;
        volatile RuntimeException failure;

        PendingAdd(String key) {
            this.key = key;
        }

        boolean done() {
            return added != null || failure != null;
        }
    }

    public JdbcIdempotentRepository(DataSource dataSource, String processorName) {
        this.dataSource = dataSource;
        this.processorName = processorName;
    }

    /** Claims the key; true if it was new. Returns once the key is committed (see the class comment). */
    @Override
    public boolean add(String key) {
        PendingAdd mine = new PendingAdd(key);
        Thread worker = committer();
        pending.add(mine);
        if (committerIdle) {
            LockSupport.unpark(worker);
        }
        boolean interrupted = false;
        // an interrupted caller still waits: its key may be committed, and the caller must know whether it was
        while (!mine.done()) {
            LockSupport.parkNanos(this, RECHECK_NANOS);
            if (Thread.interrupted()) {
                interrupted = true;
            }
            if (!mine.done() && !worker.isAlive()) {
                // the committer ended (a stop) after this key was queued: a new one commits it
                worker = committer();
                LockSupport.unpark(worker);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.added;
    }

    /** The committer thread, started on first use and again after a stop (routes sharing the repository). */
    private Thread committer() {
        Thread current = committer;
        if (current != null && current.isAlive()) {
            return current;
        }
        synchronized (lifecycle) {
            if (committer == null || !committer.isAlive()) {
                stopping = false;
                Thread t = new Thread(this::commitLoop, "idempotent-commit-" + processorName);
                t.setDaemon(true);
                committer = t;
                t.start();
            }
            return committer;
        }
    }

    private void commitLoop() {
        List<PendingAdd> group = new ArrayList<>();
        while (true) {
            if (pending.isEmpty()) {
                if (stopping) {
                    return;
                }
                committerIdle = true;
                if (pending.isEmpty() && !stopping) {
                    LockSupport.park(this);
                }
                committerIdle = false;
                continue;
            }
            // like PostgreSQL's commit_delay: without it most groups hold one key, because a commit is short
            // next to the time between two callers
            LockSupport.parkNanos(COMMIT_DELAY_NANOS);
            for (PendingAdd next; group.size() < MAX_GROUP && (next = pending.poll()) != null;) {
                group.add(next);
            }
            try {
                commit(group);
            } catch (RuntimeException | Error e) {
                LOG.errorf(e, "Idempotent repository '%s': commit failed", processorName);
                RuntimeException failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                group.stream().filter(p -> !p.done()).forEach(p -> p.failure = failure);
            }
            group.forEach(p -> LockSupport.unpark(p.caller));
            group.clear();
        }
    }

    /**
     * Inserts the group in one transaction. When some of its keys are claimed already (a re-sent record,
     * another instance, the same key twice in the group), those are answered false from one query and the rest
     * inserted together; only a second conflict (a claim racing in between) falls back to a commit per key.
     */
    private void commit(List<PendingAdd> group) {
        try (Connection c = dataSource.getConnection()) {
            if (group.size() > 1) {
                if (insertAll(c, group)) {
                    group.forEach(p -> p.added = true);
                    return;
                }
                List<PendingAdd> fresh = withoutClaimed(c, group);
                if (fresh.isEmpty()) {
                    return;
                }
                if (insertAll(c, fresh)) {
                    fresh.forEach(p -> p.added = true);
                    return;
                }
            }
            for (PendingAdd p : group) {
                if (!p.done()) {
                    insertOne(c, p);
                }
            }
        } catch (SQLException e) {
            RuntimeException failure = failure("add", e);
            group.stream().filter(p -> !p.done()).forEach(p -> p.failure = failure);
        }
    }

    /** Answers false to the keys of the group already stored or queued twice; returns the others. */
    private List<PendingAdd> withoutClaimed(Connection c, List<PendingAdd> group) throws SQLException {
        Set<String> claimed = new HashSet<>();
        String marks = String.join(",", Collections.nCopies(group.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT messageId FROM CAMEL_MESSAGEPROCESSED"
                + " WHERE processorName = ? AND messageId IN (" + marks + ")")) {
            ps.setString(1, processorName);
            for (int i = 0; i < group.size(); i++) {
                ps.setString(i + 2, group.get(i).key);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(rs.getString(1));
                }
            }
        }
        List<PendingAdd> fresh = new ArrayList<>();
        for (PendingAdd p : group) {
            if (claimed.add(p.key)) {
                fresh.add(p);
            } else {
                p.added = false;
            }
        }
        return fresh;
    }

    /** Lets the committer finish what is queued, then end; a later {@link #add} starts a new one. */
    @Override
    protected void doStop() {
        Thread t;
        synchronized (lifecycle) {
            t = committer;
            stopping = true;
        }
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private boolean insertAll(Connection c, List<PendingAdd> group) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            Timestamp now = new Timestamp(System.currentTimeMillis());
            for (PendingAdd p : group) {
                ps.setString(1, processorName);
                ps.setString(2, p.key);
                ps.setTimestamp(3, now);
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
            return true;
        } catch (SQLException e) {
            c.rollback();
            if (isUniqueViolation(e)) {
                return false;
            }
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private void insertOne(Connection c, PendingAdd p) {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, processorName);
            ps.setString(2, p.key);
            ps.setTimestamp(3, new Timestamp(System.currentTimeMillis()));
            p.added = ps.executeUpdate() == 1;
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                p.added = false;
            } else {
                p.failure = failure("add", e);
            }
        }
    }

    /** Also looks into the chained exceptions: a failed batch reports the violation there. */
    private static boolean isUniqueViolation(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if (UNIQUE_VIOLATION.equals(next.getSQLState())
                    || next.getCause() instanceof SQLException cause && UNIQUE_VIOLATION.equals(cause.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Claims a key prefix for one run of a caller that alone claims keys under it, each key at most once (the
     * file drop: a file's content hash, one key per record position). The claim is a marker row
     * ({@code <prefix>*}) committed before the caller claims any key. Returns true when the prefix was never
     * claimed before: then nothing can be stored under it but what this run adds, so {@link #contains} answers
     * false for its keys without a query until {@link #releasePrefix} (one query per record was a tenth of the
     * file drop's CPU). Returns false for a prefix claimed before (a resumed or re-dropped file): {@link #contains}
     * asks the database as usual. Flyway's V4 marked the prefixes stored before claims existed.
     */
    public boolean claimPrefix(String prefix) {
        if (add(prefix + PREFIX_MARK)) {
            firstRuns.add(prefix);
            return true;
        }
        // a first run of this instance that never got to releasePrefix (its route was stopped mid-file) must
        // not answer for this run, whose records another instance may have sent meanwhile
        firstRuns.remove(prefix);
        return false;
    }

    /** Whether {@code key}, which starts with {@code prefix}, is the prefix's marker (no string built per record). */
    private static boolean isMarker(String key, String prefix) {
        return key.length() == prefix.length() + PREFIX_MARK.length() && key.endsWith(PREFIX_MARK);
    }

    /** Ends the run of {@link #claimPrefix}; the marker stays, so a later run of the prefix queries. */
    public void releasePrefix(String prefix) {
        firstRuns.remove(prefix);
    }

    @Override
    public boolean contains(String key) {
        if (!firstRuns.isEmpty()) {
            for (String prefix : firstRuns) {
                if (key.startsWith(prefix) && !isMarker(key, prefix)) {
                    return false;
                }
            }
        }
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
