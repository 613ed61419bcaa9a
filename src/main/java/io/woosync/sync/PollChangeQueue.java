package io.woosync.sync;

import io.woosync.queue.JobQueue;
import io.woosync.queue.JobTrigger;
import io.woosync.woo.ChangeSink;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Binds the WooCommerce catch-up poll to the job queue: every resource the poll finds changed becomes
 * (or folds into) that resource's job with trigger {@code poll}. Runs inside the poll's transaction
 * (JobQueue.enqueue joins it), so the cursor moves only if the job is queued. Replaces the woo
 * capability's default outbox ({@code PendingChangeOutbox}, a {@code @DefaultBean}).
 */
@ApplicationScoped
public class PollChangeQueue implements ChangeSink {

    private final JobQueue queue;

    public PollChangeQueue(JobQueue queue) {
        this.queue = queue;
    }

    @Override
    public void changed(long tenantId, String resourceType, String resourceId) {
        if (!JobQueue.RESOURCE_TYPES.contains(resourceType)) {
            return; // nothing syncs this type; the queue would refuse it
        }
        queue.enqueue(tenantId, resourceType, resourceId, JobTrigger.poll, null);
    }
}
