package io.woosync.queue;

/**
 * CDI event fired (after the state change committed) when a job ends up {@code failed} (retries
 * used up) or {@code blocked} (data or configuration problem): the admin notification. Observe it
 * with {@code @Observes JobNeedsAttention}.
 */
public record JobNeedsAttention(long jobId, long tenantId, String tenantSlug, String resourceType, String resourceId,
                                JobState state, int attempts, String reason) {
}
