package io.woosync.queue;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every query on {@code queue_job}, named and kept in one place (River's {@code river_job.sql}
 * model). Plain JDBC on the shared datasource: inside a JTA transaction the connection is the
 * transaction's, outside one each statement commits on its own.
 *
 * <p>Every "now" is a parameter from the injected clock; the SQL never calls {@code now()}.
 * Every update made by a worker is fenced by {@code state = 'running' and claims = ?}.
 */
@ApplicationScoped
public class JobStore {

    static final String ACTIVE_STATES = "('available', 'running', 'retrying')";

    /**
     * The fold rule, shared with the webhook endpoint's single-statement insert: a new event for a
     * resource with an active job folds into it; if that job is running it gets exactly one
     * follow-up run (follow_up_trigger). Returns the job id, whether it was inserted, and its state.
     */
    public static final String ENQUEUE_ON_CONFLICT = """
            on conflict (tenant_id, resource_type, resource_id) where state in ('available', 'running', 'retrying')
            do update set events = j.events + 1,
                          last_delivery_id = coalesce(excluded.last_delivery_id, j.last_delivery_id),
                          follow_up_trigger = case when j.state = 'running'
                                                   then coalesce(j.follow_up_trigger, excluded.trigger)
                                                   else j.follow_up_trigger end,
                          updated_at = excluded.updated_at
            returning j.id, (j.xmax = 0) as inserted, j.state
            """;

    /**
     * The same fold rule for an insert of several events at once, each row standing for
     * {@code excluded.events} events of one resource (the webhook group commit): they all count.
     */
    public static final String ENQUEUE_MANY_ON_CONFLICT = """
            on conflict (tenant_id, resource_type, resource_id) where state in ('available', 'running', 'retrying')
            do update set events = j.events + excluded.events,
                          last_delivery_id = coalesce(excluded.last_delivery_id, j.last_delivery_id),
                          follow_up_trigger = case when j.state = 'running'
                                                   then coalesce(j.follow_up_trigger, excluded.trigger)
                                                   else j.follow_up_trigger end,
                          updated_at = excluded.updated_at
            returning j.id, j.tenant_id, j.resource_type, j.resource_id
            """;

    static final String ENQUEUE = """
            insert into queue_job as j (tenant_id, resource_type, resource_id, state, trigger, max_attempts,
                                        last_delivery_id, scheduled_at, created_at, updated_at)
            values (?, ?, ?, 'available', ?, ?, ?, ?, ?, ?)
            """ + ENQUEUE_ON_CONFLICT;

    /**
     * Taken first in every claim's transaction: claims, on every instance, run one at a time.
     * Why: the claim counts each tenant's running jobs in its statement's snapshot, and two
     * claims running at once cannot see each other's (uncommitted) claims, so each would fill the
     * same tenant's room and the cap would be exceeded. A claim is one short statement, so
     * waiting for another costs milliseconds; SKIP LOCKED still keeps claims off rows that an
     * enqueue or a completion holds. The key is arbitrary and used for nothing else.
     */
    static final String CLAIM_LOCK = "select pg_advisory_xact_lock(7310867102911472211)";

    /**
     * Claim: for each active tenant with room under its concurrency cap, its due jobs in order
     * (locked with SKIP LOCKED, so concurrent claimers on any instance take disjoint rows); then
     * round-robin across tenants: every tenant's first job before any tenant's second, ties going
     * to the tenant served least recently. Paused tenants' jobs stay where they are.
     */
    static final String CLAIM = """
            with tenant_room as (
                select t.id as tenant_id,
                       ? - (select count(*) from queue_job r where r.tenant_id = t.id and r.state = 'running') as room,
                       (select max(s.attempted_at) from queue_job s where s.tenant_id = t.id) as last_served
                from tenant t
                where t.status = 'active'
            ),
            candidate as (
                select c.id, c.tenant_id, c.rank, c.scheduled_at, tr.last_served
                from tenant_room tr
                cross join lateral (
                    select l.id, l.tenant_id, l.scheduled_at, row_number() over (order by l.scheduled_at, l.id) as rank
                    from (select q.id, q.tenant_id, q.scheduled_at
                          from queue_job q
                          where q.tenant_id = tr.tenant_id
                            and q.state in ('available', 'retrying')
                            and q.scheduled_at <= ?
                          order by q.scheduled_at, q.id
                          limit least(tr.room, ?)
                          for update skip locked) l
                ) c
                where tr.room > 0
                order by c.rank, tr.last_served nulls first, c.scheduled_at, c.id
                limit ?
            )
            update queue_job j
               set state = 'running', attempt = j.attempt + 1, claims = j.claims + 1,
                   attempted_at = ?, attempted_by = ?, lease_expires_at = ?, updated_at = ?
              from candidate c, tenant t
             where j.id = c.id and t.id = j.tenant_id
            returning j.id, j.tenant_id, t.slug, j.resource_type, j.resource_id, j.attempt, j.max_attempts, j.claims,
                      j.trigger, j.requested_by, j.last_delivery_id, c.rank
            """;

    static final String EXTEND_LEASES = """
            update queue_job j set lease_expires_at = ?
              from unnest(?::bigint[], ?::int[]) as held(id, claims)
             where j.id = held.id and j.claims = held.claims and j.state = 'running'
            """;

    /** Completion: a pending follow-up turns it into one more run from attempt 0. */
    static final String COMPLETE = """
            update queue_job
               set state = case when follow_up_trigger is null then 'completed' else 'available' end,
                   finalized_at = case when follow_up_trigger is null then ?::timestamptz end,
                   scheduled_at = case when follow_up_trigger is null then scheduled_at else ?::timestamptz end,
                   attempt = case when follow_up_trigger is null then attempt else 0 end,
                   trigger = coalesce(follow_up_trigger, trigger),
                   requested_by = case when follow_up_trigger is null then requested_by end,
                   follow_up_trigger = null,
                   lease_expires_at = null, updated_at = ?, error_class = null, last_error = ?
             where id = ? and claims = ? and state = 'running'
            returning state
            """;

    /** A transient failure with attempts left: the retry re-reads the resource, so a pending follow-up is absorbed. */
    static final String RETRY = """
            update queue_job
               set state = 'retrying', scheduled_at = ?, follow_up_trigger = null,
                   lease_expires_at = null, updated_at = ?, error_class = ?, last_error = ?
             where id = ? and claims = ? and state = 'running'
            returning state
            """;

    /** blocked or failed: finalized; returns the follow-up that was pending, which the caller re-enqueues. */
    static final String FINALIZE_FAILURE = """
            with before as (select id, follow_up_trigger from queue_job where id = ? and claims = ? and state = 'running' for update)
            update queue_job j
               set state = ?, finalized_at = ?, follow_up_trigger = null,
                   lease_expires_at = null, updated_at = ?, error_class = ?, last_error = ?
              from before b
             where j.id = b.id
            returning b.follow_up_trigger
            """;

    /** Shutdown: back to available at once; the attempt is not counted. */
    static final String RELEASE = """
            update queue_job
               set state = 'available', attempt = attempt - 1, scheduled_at = ?,
                   lease_expires_at = null, updated_at = ?, error_class = 'released',
                   last_error = 'released unfinished at shutdown by ' || coalesce(attempted_by, '?')
             where id = ? and claims = ? and state = 'running'
            returning state
            """;

    /** Rescuer: a running job whose lease expired counts a failed attempt and runs again at once (or fails). */
    static final String RESCUE = """
            with expired as (
                select id, follow_up_trigger from queue_job
                 where state = 'running' and lease_expires_at < ?
                 order by lease_expires_at
                 limit ?
                 for update skip locked
            )
            update queue_job j
               set state = case when j.attempt >= j.max_attempts then 'failed' else 'retrying' end,
                   finalized_at = case when j.attempt >= j.max_attempts then ?::timestamptz end,
                   scheduled_at = ?, lease_expires_at = null, follow_up_trigger = null, updated_at = ?,
                   error_class = 'lease_expired',
                   last_error = 'worker ' || coalesce(j.attempted_by, '?') || ' stopped renewing its lease during attempt ' || j.attempt
              from expired e, tenant t
             where j.id = e.id and t.id = j.tenant_id
            returning j.id, j.tenant_id, t.slug, j.resource_type, j.resource_id, j.state, j.attempt, j.max_attempts,
                      j.trigger, j.requested_by, j.last_error, e.follow_up_trigger
            """;

    static final String SELECT_VIEW = """
            select id, resource_type, resource_id, state, trigger, attempt, max_attempts, events,
                   follow_up_trigger is not null as follow_up, scheduled_at, created_at, updated_at,
                   attempted_at, finalized_at, error_class, last_error
              from queue_job
            """;

    static final String FIND = SELECT_VIEW + " where tenant_id = ? and id = ?";
    static final String FIND_FOR_UPDATE = SELECT_VIEW + " where tenant_id = ? and id = ? for update";
    static final String LIST_BY_STATE = SELECT_VIEW + " where tenant_id = ? and state = ? order by updated_at desc, id desc limit ?";
    static final String LIST_ALL = SELECT_VIEW + " where tenant_id = ? order by updated_at desc, id desc limit ?";

    static final String FIND_ACTIVE_FOR_UPDATE = """
            select id, state from queue_job
             where tenant_id = ? and resource_type = ? and resource_id = ? and state in ('available', 'running', 'retrying')
             for update
            """;

    /** Manual retry of a finalized (blocked/failed/cancelled) or waiting job: run now, attempts start over. */
    static final String RETRY_NOW = """
            update queue_job
               set state = 'available', scheduled_at = ?, attempt = 0, trigger = 'manual', requested_by = ?,
                   finalized_at = null, updated_at = ?, error_class = null, last_error = null
             where id = ? and tenant_id = ? and state in ('available', 'retrying', 'blocked', 'failed', 'cancelled')
            """;

    /** A manual retry for a resource that already has an active job: that job runs now (or once more). */
    static final String EXPEDITE_ACTIVE = """
            update queue_job
               set scheduled_at = case when state = 'running' then scheduled_at else least(scheduled_at, ?::timestamptz) end,
                   follow_up_trigger = case when state = 'running' then 'manual' else follow_up_trigger end,
                   requested_by = ?, updated_at = ?
             where id = ?
            """;

    static final String CANCEL = """
            update queue_job
               set state = 'cancelled', finalized_at = ?, updated_at = ?, requested_by = ?,
                   last_error = coalesce(?, last_error)
             where id = ? and tenant_id = ? and state in ('available', 'retrying', 'blocked', 'failed')
            """;

    static final String DEPTH = "select state, count(*) from queue_job group by state";
    static final String OLDEST_DUE = """
            select min(scheduled_at) from queue_job where state in ('available', 'retrying') and scheduled_at <= ?
            """;

    static final String PURGE = """
            delete from queue_job where id in (
                select id from queue_job
                 where state in ('completed', 'cancelled') and finalized_at < ?
                 limit ?)
            """;

    static final String PING = "select 1 from queue_job limit 1";

    private final AgroalDataSource dataSource;

    public JobStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    EnqueueResult enqueue(long tenantId, String resourceType, String resourceId, JobTrigger trigger, Long deliveryId,
                          int maxAttempts, Instant now) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(ENQUEUE)) {
            ps.setLong(1, tenantId);
            ps.setString(2, resourceType);
            ps.setString(3, resourceId);
            ps.setString(4, trigger.name());
            ps.setInt(5, maxAttempts);
            if (deliveryId == null) {
                ps.setNull(6, Types.BIGINT);
            } else {
                ps.setLong(6, deliveryId);
            }
            Timestamp ts = Timestamp.from(now);
            ps.setTimestamp(7, ts);
            ps.setTimestamp(8, ts);
            ps.setTimestamp(9, ts);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return enqueueResult(rs);
            }
        } catch (SQLException e) {
            throw new QueueStoreException("enqueue " + resourceType + " " + resourceId, e);
        }
    }

    /** Reads the result row of a statement ending in {@link #ENQUEUE_ON_CONFLICT}. */
    public static EnqueueResult enqueueResult(ResultSet rs) throws SQLException {
        long id = rs.getLong(1);
        if (rs.getBoolean(2)) {
            return new EnqueueResult(id, EnqueueResult.Outcome.CREATED);
        }
        return new EnqueueResult(id, "running".equals(rs.getString(3)) ? EnqueueResult.Outcome.FOLLOW_UP : EnqueueResult.Outcome.FOLDED);
    }

    List<ClaimedJob> claim(String workerId, int max, int perTenantCap, Instant now, Instant leaseUntil) {
        if (max <= 0) {
            return new ArrayList<>();
        }
        // Agroal puts auto-commit back when the connection returns to the pool.
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<ClaimedJob> claimed = claimUncommitted(c, workerId, max, perTenantCap, now, leaseUntil);
                c.commit();
                return claimed;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new QueueStoreException("claim", e);
        }
    }

    /**
     * The claim inside the caller's transaction on {@code c}: {@link #CLAIM_LOCK}, then
     * {@link #CLAIM}. Whoever commits (or rolls back) ends the claim and lets the next one in.
     * Separate so that a test can hold one instance's claim open while another tries its own.
     */
    List<ClaimedJob> claimUncommitted(Connection c, String workerId, int max, int perTenantCap, Instant now, Instant leaseUntil)
            throws SQLException {
        List<ClaimedJob> claimed = new ArrayList<>();
        try (PreparedStatement lock = c.prepareStatement(CLAIM_LOCK)) {
            lock.execute();
        }
        try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
            Timestamp ts = Timestamp.from(now);
            ps.setInt(1, perTenantCap);
            ps.setTimestamp(2, ts);
            ps.setInt(3, max);
            ps.setInt(4, max);
            ps.setTimestamp(5, ts);
            ps.setString(6, workerId);
            ps.setTimestamp(7, Timestamp.from(leaseUntil));
            ps.setTimestamp(8, ts);
            List<long[]> order = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long delivery = rs.getLong(11);
                    Long lastDelivery = rs.wasNull() ? null : delivery;
                    claimed.add(new ClaimedJob(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getInt(6), rs.getInt(7), rs.getInt(8), JobTrigger.valueOf(rs.getString(9)), rs.getString(10),
                            lastDelivery));
                    order.add(new long[]{rs.getLong(12), claimed.size() - 1});
                }
            }
            // UPDATE ... RETURNING does not keep the candidate order; hand jobs out round-robin anyway.
            List<ClaimedJob> ordered = new ArrayList<>(claimed.size());
            order.stream().sorted((a, b) -> Long.compare(a[0], b[0])).forEach(o -> ordered.add(claimed.get((int) o[1])));
            return ordered;
        }
    }

    int extendLeases(List<ClaimedJob> held, Instant leaseUntil) {
        if (held.isEmpty()) {
            return 0;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(EXTEND_LEASES)) {
            Long[] ids = held.stream().map(ClaimedJob::id).toArray(Long[]::new);
            Integer[] claims = held.stream().map(ClaimedJob::claims).toArray(Integer[]::new);
            Array idArray = c.createArrayOf("bigint", ids);
            Array claimArray = c.createArrayOf("integer", claims);
            ps.setTimestamp(1, Timestamp.from(leaseUntil));
            ps.setArray(2, idArray);
            ps.setArray(3, claimArray);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new QueueStoreException("extend leases", e);
        }
    }

    /** @return the new state, or empty when the claim was no longer ours (a late worker). */
    Optional<JobState> complete(ClaimedJob job, String message, Instant now) {
        return fenced(COMPLETE, "complete", ps -> {
            Timestamp ts = Timestamp.from(now);
            ps.setTimestamp(1, ts);
            ps.setTimestamp(2, ts);
            ps.setTimestamp(3, ts);
            ps.setString(4, message);
            ps.setLong(5, job.id());
            ps.setInt(6, job.claims());
        });
    }

    Optional<JobState> retry(ClaimedJob job, Instant nextAttempt, String errorClass, String error, Instant now) {
        return fenced(RETRY, "retry", ps -> {
            ps.setTimestamp(1, Timestamp.from(nextAttempt));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, errorClass);
            ps.setString(4, error);
            ps.setLong(5, job.id());
            ps.setInt(6, job.claims());
        });
    }

    Optional<JobState> release(ClaimedJob job, Instant now) {
        return fenced(RELEASE, "release", ps -> {
            Timestamp ts = Timestamp.from(now);
            ps.setTimestamp(1, ts);
            ps.setTimestamp(2, ts);
            ps.setLong(3, job.id());
            ps.setInt(4, job.claims());
        });
    }

    /**
     * Moves a running job to blocked or failed.
     *
     * @return empty when the claim was no longer ours; otherwise the follow-up trigger that was
     *         pending (null when none), which the caller must re-enqueue in the same transaction.
     */
    Optional<Optional<JobTrigger>> finalizeFailure(ClaimedJob job, JobState state, String errorClass, String error, Instant now) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(FINALIZE_FAILURE)) {
            Timestamp ts = Timestamp.from(now);
            ps.setLong(1, job.id());
            ps.setInt(2, job.claims());
            ps.setString(3, state.name());
            ps.setTimestamp(4, ts);
            ps.setTimestamp(5, ts);
            ps.setString(6, errorClass);
            ps.setString(7, error);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String followUp = rs.getString(1);
                return Optional.of(Optional.ofNullable(followUp).map(JobTrigger::valueOf));
            }
        } catch (SQLException e) {
            throw new QueueStoreException("finalize job " + job.id(), e);
        }
    }

    /** A job the rescuer moved; {@code pendingFollowUp} must be re-enqueued when it failed. */
    public record Rescued(ClaimedJob job, JobState state, String reason, JobTrigger pendingFollowUp) {
    }

    List<Rescued> rescue(Instant now, int limit) {
        List<Rescued> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(RESCUE)) {
            Timestamp ts = Timestamp.from(now);
            ps.setTimestamp(1, ts);
            ps.setInt(2, limit);
            ps.setTimestamp(3, ts);
            ps.setTimestamp(4, ts);
            ps.setTimestamp(5, ts);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ClaimedJob job = new ClaimedJob(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getInt(7), rs.getInt(8), 0, JobTrigger.valueOf(rs.getString(9)), rs.getString(10), null);
                    String followUp = rs.getString(12);
                    out.add(new Rescued(job, JobState.valueOf(rs.getString(6)), rs.getString(11),
                            followUp == null ? null : JobTrigger.valueOf(followUp)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new QueueStoreException("rescue", e);
        }
    }

    Optional<JobView> find(long tenantId, long jobId, boolean forUpdate) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(forUpdate ? FIND_FOR_UPDATE : FIND)) {
            ps.setLong(1, tenantId);
            ps.setLong(2, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(view(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new QueueStoreException("find job " + jobId, e);
        }
    }

    List<JobView> list(long tenantId, JobState state, int limit) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(state == null ? LIST_ALL : LIST_BY_STATE)) {
            int i = 1;
            ps.setLong(i++, tenantId);
            if (state != null) {
                ps.setString(i++, state.name());
            }
            ps.setInt(i, limit);
            List<JobView> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(view(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new QueueStoreException("list jobs", e);
        }
    }

    /** The active job of a resource, locked, as (id, state). */
    Optional<Map.Entry<Long, JobState>> findActiveForUpdate(long tenantId, String resourceType, String resourceId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(FIND_ACTIVE_FOR_UPDATE)) {
            ps.setLong(1, tenantId);
            ps.setString(2, resourceType);
            ps.setString(3, resourceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Map.entry(rs.getLong(1), JobState.valueOf(rs.getString(2)))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new QueueStoreException("find active job", e);
        }
    }

    boolean retryNow(long tenantId, long jobId, String user, Instant now) {
        return update(RETRY_NOW, "retry job " + jobId, ps -> {
            Timestamp ts = Timestamp.from(now);
            ps.setTimestamp(1, ts);
            ps.setString(2, user);
            ps.setTimestamp(3, ts);
            ps.setLong(4, jobId);
            ps.setLong(5, tenantId);
        }) == 1;
    }

    void expedite(long activeJobId, String user, Instant now) {
        update(EXPEDITE_ACTIVE, "expedite job " + activeJobId, ps -> {
            Timestamp ts = Timestamp.from(now);
            ps.setTimestamp(1, ts);
            ps.setString(2, user);
            ps.setTimestamp(3, ts);
            ps.setLong(4, activeJobId);
        });
    }

    boolean cancel(long tenantId, long jobId, String user, String note, Instant now) {
        return update(CANCEL, "cancel job " + jobId, ps -> {
            Timestamp ts = Timestamp.from(now);
            ps.setTimestamp(1, ts);
            ps.setTimestamp(2, ts);
            ps.setString(3, user);
            ps.setString(4, note);
            ps.setLong(5, jobId);
            ps.setLong(6, tenantId);
        }) == 1;
    }

    Map<JobState, Long> depth() {
        Map<JobState, Long> out = new EnumMap<>(JobState.class);
        for (JobState s : JobState.values()) {
            out.put(s, 0L);
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(DEPTH);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(JobState.valueOf(rs.getString(1)), rs.getLong(2));
            }
            return out;
        } catch (SQLException e) {
            throw new QueueStoreException("queue depth", e);
        }
    }

    Optional<Instant> oldestDue(Instant now) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(OLDEST_DUE)) {
            ps.setTimestamp(1, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp ts = rs.getTimestamp(1);
                return ts == null ? Optional.empty() : Optional.of(ts.toInstant());
            }
        } catch (SQLException e) {
            throw new QueueStoreException("oldest due job", e);
        }
    }

    int purge(Instant before, int batch) {
        return update(PURGE, "purge jobs", ps -> {
            ps.setTimestamp(1, Timestamp.from(before));
            ps.setInt(2, batch);
        });
    }

    void ping() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(PING)) {
            ps.executeQuery().close();
        } catch (SQLException e) {
            throw new QueueStoreException("ping", e);
        }
    }

    private static JobView view(ResultSet rs) throws SQLException {
        return new JobView(rs.getLong(1), rs.getString(2), rs.getString(3), JobState.valueOf(rs.getString(4)),
                JobTrigger.valueOf(rs.getString(5)), rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getBoolean(9),
                instant(rs, 10), instant(rs, 11), instant(rs, 12), instant(rs, 13), instant(rs, 14),
                rs.getString(15), rs.getString(16));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private Optional<JobState> fenced(String sql, String what, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(JobState.valueOf(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new QueueStoreException(what, e);
        }
    }

    private int update(String sql, String what, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new QueueStoreException(what, e);
        }
    }
}
