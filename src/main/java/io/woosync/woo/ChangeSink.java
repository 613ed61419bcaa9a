package io.woosync.woo;

/**
 * Where the catch-up poll hands a resource it found changed. Called inside the transaction that
 * advances the poll's cursor, so a change is either handed over and the cursor moved, or neither.
 *
 * <p>Bound at merge time to {@code io.woosync.queue.JobQueue.enqueue(tenantId, resourceType,
 * resourceId, JobTrigger.POLL, null)}, which folds the change into the resource's existing job if
 * one is waiting. Until then {@link PendingChangeOutbox} (a {@code @DefaultBean}) keeps the changes
 * in {@code woo_pending_change}; any other {@code ChangeSink} bean replaces it.
 *
 * @param resourceType "order", "product" or "customer"
 * @param resourceId   WooCommerce's id, as text (the queue keys jobs by text ids)
 */
public interface ChangeSink {
    void changed(long tenantId, String resourceType, String resourceId);
}
