package io.woosync.queue;

/**
 * A job a worker holds. {@code claims} is the fence: every update the worker makes later matches
 * only while the row is still running under this claim.
 */
public record ClaimedJob(long id, long tenantId, String tenantSlug, String resourceType, String resourceId,
                         int attempt, int maxAttempts, int claims, JobTrigger trigger, String requestedBy,
                         Long lastDeliveryId) {

    /** The trigger this attempt is logged with: attempts after the first of a run are retries. */
    public JobTrigger attemptTrigger() {
        return attempt > 1 ? JobTrigger.retry : trigger;
    }
}
