package io.camelbundle.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
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
 * record is what the file drop would wait for). A committed caller is woken directly, not by taking turns on a
 * lock, so it never queues behind the next group's delay and commit.
 * <p>
 * {@link AddMode#PIPELINED} (the OM file drop) moves that wait: {@link #add} queues the key and returns at
 * once, and the caller's next {@code add} first waits for the previous key's commit. A sending thread thus
 * sends its next record while its last key is being committed, and still has at most one key uncommitted:
 * a crash forgets at most one confirmed key per thread (against at most none in {@link AddMode#COMMITTED}).
 * {@link #awaitCommitted} waits for everything queued so far, e.g. before a file is reported done, and fails
 * when a key queued since the caller's {@link #unstoredKeys} mark could not be stored: nobody else would say
 * that those records were sent and not remembered.
 */
public class JdbcIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    private static final Logger LOG = Logger.getLogger(JdbcIdempotentRepository.class);
    private static final String UNIQUE_VIOLATION = "23505";

    /**
     * How long the committer lets a group fill after its first key; a caller waits at most this much longer
     * than a commit of its own. Shorter delays made no difference beyond the benchmarks' run-to-run spread, and
     * 1 ms commits half as often as 0.5 ms, which counts where the CPU is the limit (high concurrency).
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

    /** Keys deleted per statement by {@link #purgeOlderThan}: one short transaction each, however many are due. */
    static final int PURGE_BATCH = 10_000;

    /**
     * How much longer than its keys a prefix's marker is kept: a run claims (or touches) the marker before its
     * first key, so a marker younger than every key of its prefix by less than a run's length would otherwise go
     * first, and the next run of that content would skip the lookups of keys still stored.
     */
    static final Duration MARKER_GRACE = Duration.ofDays(1);

    /** A batch of keys added before a time; {@code markers} selects the markers or the other keys. */
    private static final String PURGE = "DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND messageId IN"
            + " (SELECT messageId FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND createdAt < ?"
            + " AND messageId %s LIKE '%%*' FETCH FIRST " + PURGE_BATCH + " ROWS ONLY)";

    private final DataSource dataSource;
    private final String processorName;
    private final Queue<PendingAdd> pending = new ConcurrentLinkedQueue<>();
    /** Prefixes claimed for the first time and not released: nothing is stored under them but this run's keys. */
    private final Set<String> firstRuns = ConcurrentHashMap.newKeySet();
    private final Object lifecycle = new Object();
    private final AddMode addMode;
    /** PIPELINED: each thread's last key, whose commit its next add waits for. */
    private final ThreadLocal<PendingAdd> lastAdd = new ThreadLocal<>();
    /** PIPELINED: keys queued and not yet committed, which {@link #contains} must count as stored. */
    private final Set<String> uncommitted = ConcurrentHashMap.newKeySet();
    /** PIPELINED: keys whose commit failed so far, and the last such failure. */
    private final AtomicLong unstored = new AtomicLong();
    private volatile RuntimeException lastUnstored;
    private volatile Thread committer;
    private volatile boolean committerIdle;
    private volatile boolean stopping;

    /** When {@link #add} returns; see the class comment. */
    public enum AddMode {
        /** Once the key is committed; answers whether it was new. */
        COMMITTED,
        /**
         * At once, answering true; the caller's next add waits for this key's commit. A key claimed already is
         * left as it is. A failed commit is logged and counted ({@link #unstoredKeys}), not thrown at the next
         * add: that runs in Camel's completion callback, where an exception escapes the route.
         */
        PIPELINED
    }

    /** A key waiting for its group's commit ({@code added} is null until then), or a barrier (no key). */
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
        this(dataSource, processorName, AddMode.COMMITTED);
    }

    public JdbcIdempotentRepository(DataSource dataSource, String processorName, AddMode addMode) {
        this.dataSource = dataSource;
        this.processorName = processorName;
        this.addMode = addMode;
    }

    /**
     * Claims the key. {@link AddMode#COMMITTED}: returns once the key is committed, true if it was new.
     * {@link AddMode#PIPELINED}: waits for the commit of this thread's previous key, queues this one and
     * returns true.
     */
    @Override
    public boolean add(String key) {
        if (addMode == AddMode.COMMITTED) {
            return await(enqueue(key));
        }
        PendingAdd previous = lastAdd.get();
        if (previous != null) {
            awaitQuietly(previous);
        }
        lastAdd.set(enqueue(key));
        return true;
    }

    /**
     * Returns once every key queued before the call is committed (or its commit failed, which is logged).
     * With {@link AddMode#PIPELINED}, call it before reporting work done whose keys must survive a crash.
     */
    public void awaitCommitted() {
        awaitQuietly(enqueue(null));
    }

    /**
     * Like {@link #awaitCommitted()}, then fails if the commit of a pipelined key failed after the caller took
     * the {@code mark} from {@link #unstoredKeys}: work whose keys are not stored must not be reported done.
     */
    public void awaitCommitted(long mark) {
        awaitCommitted();
        long failed = unstored.get() - mark;
        if (failed > 0) {
            throw new KeysNotStoredException(processorName, failed, lastUnstored);
        }
    }

    /**
     * How many pipelined keys could not be stored since the repository was made. A caller takes it as a mark
     * before its work, and asks again (or calls {@link #awaitCommitted(long)}) to learn whether keys were lost
     * since: with several callers at once, possibly another's.
     */
    public long unstoredKeys() {
        return unstored.get();
    }

    /** Keys of work that was done (e.g. records sent) could not be stored, so a later run would do it again. */
    public static final class KeysNotStoredException extends IllegalStateException {
        KeysNotStoredException(String processorName, long count, RuntimeException cause) {
            super("Idempotent repository '" + processorName + "': " + count + (count == 1 ? " key" : " keys")
                    + " could not be stored" + (cause == null ? "" : " (" + cause.getMessage() + ")"), cause);
        }
    }

    private PendingAdd enqueue(String key) {
        PendingAdd mine = new PendingAdd(key);
        if (key != null && addMode == AddMode.PIPELINED) {
            uncommitted.add(key);
        }
        Thread worker = committer();
        pending.add(mine);
        if (committerIdle) {
            LockSupport.unpark(worker);
        }
        return mine;
    }

    private void awaitQuietly(PendingAdd mine) {
        try {
            await(mine);
        } catch (RuntimeException e) {
            // logged by the committer; a pipelined caller has moved on from that key
        }
    }

    /** Waits for the key's commit; true if it was new. */
    private boolean await(PendingAdd mine) {
        Thread worker = committer();
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
            List<PendingAdd> keys = withoutBarriers(group);
            try {
                if (!keys.isEmpty()) {
                    commit(keys);
                }
            } catch (RuntimeException | Error e) {
                LOG.errorf(e, "Idempotent repository '%s': commit failed", processorName);
                RuntimeException failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                keys.stream().filter(p -> !p.done()).forEach(p -> p.failure = failure);
            }
            finished(group);
            group.clear();
        }
    }

    private static List<PendingAdd> withoutBarriers(List<PendingAdd> group) {
        for (PendingAdd p : group) {
            if (p.key == null) {
                return group.stream().filter(q -> q.key != null).toList();
            }
        }
        return group;
    }

    /** Answers the barriers, forgets the pipelined keys and wakes every caller of the group. */
    private void finished(List<PendingAdd> group) {
        int failed = 0;
        RuntimeException firstFailure = null;
        for (PendingAdd p : group) {
            if (p.key == null) {
                p.added = true;
            } else if (addMode == AddMode.PIPELINED) {
                uncommitted.remove(p.key);
                if (p.failure != null) {
                    failed++;
                    firstFailure = firstFailure == null ? p.failure : firstFailure;
                }
            }
        }
        if (failed > 0) {
            lastUnstored = firstFailure;
            unstored.addAndGet(failed);
            LOG.errorf("Idempotent repository '%s': %d keys could not be stored (%s); their records would be sent"
                    + " again by a later run of the same content", processorName, failed, firstFailure.getMessage());
        }
        group.forEach(p -> LockSupport.unpark(p.caller));
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
        if (await(enqueue(prefix + PREFIX_MARK))) {
            firstRuns.add(prefix);
            return true;
        }
        // a first run of this instance that never got to releasePrefix (its route was stopped mid-file) must
        // not answer for this run, whose records another instance may have sent meanwhile
        firstRuns.remove(prefix);
        // this run adds keys now: the marker must outlive them ({@link #purgeOlderThan}), and made again if the
        // purge took it between the insert above and now
        touchPrefix(prefix);
        return false;
    }

    /**
     * Marks the prefix as claimed now, for a caller that adds keys under a prefix it did not claim (the OM
     * re-drive: a parked record keeps its original file's key), so the marker outlives those keys too. A prefix
     * whose marker is gone (purged) gets one: a marker only makes a later run of that content look its keys up,
     * which is always correct.
     */
    public void touchPrefix(String prefix) {
        if (!touch(prefix + PREFIX_MARK)) {
            await(enqueue(prefix + PREFIX_MARK)); // false when another caller made it meanwhile: as good
        }
    }

    /** Dates the key anew; false when it is not stored. */
    private boolean touch(String key) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE CAMEL_MESSAGEPROCESSED SET createdAt = ? WHERE processorName = ? AND messageId = ?")) {
            ps.setTimestamp(1, new Timestamp(System.currentTimeMillis()));
            ps.setString(2, processorName);
            ps.setString(3, key);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw failure("touch", e);
        }
    }

    /**
     * Forgets the keys added before {@code cutoff}: a file of that content dropped again is sent again. Deletes
     * in batches of {@link #PURGE_BATCH}, each its own transaction, so the file drops' inserts never wait long;
     * the prefixes' markers go {@link #MARKER_GRACE} later than the keys (a run touches its marker when it
     * starts, so a marker outlives every key its runs added). Returns how many keys and markers were deleted.
     */
    public long purgeOlderThan(Instant cutoff) {
        return purge(cutoff, "NOT") + purge(cutoff.minus(MARKER_GRACE), "");
    }

    private long purge(Instant before, String markers) {
        String sql = String.format(PURGE, markers);
        long deleted = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int batch;
            do {
                ps.setString(1, processorName);
                ps.setString(2, processorName);
                ps.setTimestamp(3, Timestamp.from(before));
                batch = ps.executeUpdate();
                deleted += batch;
            } while (batch == PURGE_BATCH);
        } catch (SQLException e) {
            throw failure("purge", e);
        }
        return deleted;
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
        if (uncommitted.contains(key)) {
            return true;
        }
        if (!firstRuns.isEmpty()) {
            for (String prefix : firstRuns) {
                if (key.startsWith(prefix) && !isMarker(key, prefix)) {
                    return false;
                }
            }
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
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
