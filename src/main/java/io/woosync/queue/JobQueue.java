package io.woosync.queue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The queue's public face: enqueue work for a resource, and the manual actions. Workers are in
 * {@link JobWorker}; the SQL is in {@link JobStore}.
 */
@ApplicationScoped
public class JobQueue {

    /** The resource types a job can be for (the WooCommerce webhook resources). */
    public static final Set<String> RESOURCE_TYPES = Set.of("order", "product", "customer", "coupon");

    private static final Logger LOG = Logger.getLogger(JobQueue.class);

    private final JobStore store;
    private final RetryPolicy retryPolicy;
    private final Clock clock;

    public JobQueue(JobStore store, RetryPolicy retryPolicy, Clock clock) {
        this.store = store;
        this.retryPolicy = retryPolicy;
        this.clock = clock;
    }

    /**
     * Schedules a sync of one resource, in the caller's transaction (one is started when there is
     * none). A queued (available or retrying) job for the same resource absorbs the event; a
     * running one gets exactly one follow-up run; otherwise a new job is due at once.
     *
     * @param resourceType "order", "product", "customer" or "coupon"
     * @param resourceId   the WooCommerce id
     * @param deliveryId   the webhook delivery that caused it, or null
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public EnqueueResult enqueue(long tenantId, String resourceType, String resourceId, JobTrigger trigger, Long deliveryId) {
        if (!RESOURCE_TYPES.contains(resourceType)) {
            throw new IllegalArgumentException("unknown resource type " + resourceType + " (expected one of " + RESOURCE_TYPES + ")");
        }
        if (resourceId == null || resourceId.isBlank() || resourceId.length() > 64) {
            throw new IllegalArgumentException("resource id must be 1-64 characters");
        }
        return store.enqueue(tenantId, resourceType, resourceId, trigger, deliveryId, retryPolicy.maxAttempts(), clock.instant());
    }

    /**
     * Runs a job again now, its attempts starting over: for a blocked job once its cause is fixed,
     * a failed one, a cancelled one, or one waiting for a retry. If the resource already has another
     * active job, that one is expedited instead and this one is marked superseded (one job per
     * resource at a time).
     *
     * @return the job that will run
     * @throws NotFoundException       no such job for this tenant
     * @throws JobStateConflictException the job is running or completed
     */
    @Transactional
    public JobView retryNow(long tenantId, long jobId, String user) {
        JobView job = store.find(tenantId, jobId, true).orElseThrow(NotFoundException::new);
        Instant now = clock.instant();
        if (job.state() == JobState.running || job.state() == JobState.completed) {
            throw new JobStateConflictException("Job " + jobId + " is " + job.state() + "; only waiting, blocked, failed or cancelled jobs can be retried.");
        }
        if (!job.state().isActive()) {
            Optional<Map.Entry<Long, JobState>> active = store.findActiveForUpdate(tenantId, job.resourceType(), job.resourceId());
            if (active.isPresent()) {
                long activeId = active.get().getKey();
                store.expedite(activeId, user, now);
                store.cancel(tenantId, jobId, user, "superseded by job " + activeId, now);
                LOG.infof("job %d: retry requested by %s; %s %s already has job %d, which runs instead",
                        jobId, user, job.resourceType(), job.resourceId(), activeId);
                return store.find(tenantId, activeId, false).orElseThrow();
            }
        }
        store.retryNow(tenantId, jobId, user, now);
        LOG.infof("job %d (%s %s) retried by %s", jobId, job.resourceType(), job.resourceId(), user);
        return store.find(tenantId, jobId, false).orElseThrow();
    }

    /**
     * Cancels a job that is not running and not final.
     *
     * @throws NotFoundException         no such job for this tenant
     * @throws JobStateConflictException the job is running, completed or already cancelled
     */
    @Transactional
    public JobView cancel(long tenantId, long jobId, String user) {
        JobView job = store.find(tenantId, jobId, true).orElseThrow(NotFoundException::new);
        if (!store.cancel(tenantId, jobId, user, null, clock.instant())) {
            throw new JobStateConflictException("Job " + jobId + " is " + job.state() + " and cannot be cancelled"
                    + (job.state() == JobState.running ? " while it runs." : "."));
        }
        LOG.infof("job %d (%s %s) cancelled by %s", jobId, job.resourceType(), job.resourceId(), user);
        return store.find(tenantId, jobId, false).orElseThrow();
    }

    /** The tenant's jobs in one state (all states when null), most recently changed first. */
    public List<JobView> list(long tenantId, JobState state, int limit) {
        return store.list(tenantId, state, Math.max(1, Math.min(limit, 1000)));
    }

    public Optional<JobView> find(long tenantId, long jobId) {
        return store.find(tenantId, jobId, false);
    }

    /** Jobs per state, across all tenants. */
    public Map<JobState, Long> depth() {
        return store.depth();
    }
}
