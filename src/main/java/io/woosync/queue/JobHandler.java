package io.woosync.queue;

/**
 * Does the work of a job for one resource type. Implementations are CDI beans; the queue finds
 * them by {@link #resourceType()} (see {@link JobHandlers}).
 *
 * <p>Outcomes: return a {@link JobResult}; throw {@link io.woosync.SyncFailure} with
 * {@code retryable()} for a transient fault (retried on the schedule) or a data/configuration
 * kind (the job is blocked with its admin message). Any other exception counts as transient and
 * is logged with its stack trace. The job re-reads the resource's current state: events are
 * folded, so a handler must not rely on which event caused it.
 */
public interface JobHandler {

    /** "order", "product", "customer" or "coupon". */
    String resourceType();

    JobResult handle(JobContext context) throws Exception;
}
