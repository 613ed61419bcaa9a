package io.woosync.queue;

import java.util.Optional;

/** What a {@link JobHandler} knows about the attempt it runs, and where it writes the sync log. */
public interface JobContext {

    long jobId();

    long tenantId();

    String tenantSlug();

    /** "order", "product", "customer" or "coupon". */
    String resourceType();

    /** The WooCommerce id of the resource. */
    String resourceId();

    /** 1 for the first attempt; counts only attempts that ended in a failure or success. */
    int attempt();

    JobTrigger trigger();

    /** The latest webhook delivery folded into this job, if any ({@code webhook_delivery.id}). */
    Optional<Long> lastDeliveryId();

    /** The Odoo record this attempt created or updated, for the attempt's sync-log row. */
    void odooRecordId(String odooRecordId);

    /** What was sent to Odoo, for the attempt's sync-log row (redacted and capped). */
    void requestPayload(String payload);

    /** What Odoo answered, for the attempt's sync-log row (redacted and capped). */
    void responsePayload(String payload);

    /**
     * Writes an extra sync-log row now (in its own transaction), e.g. for the invoice or payment
     * step of an order; tenant, job, trigger and retry count are filled in from this attempt.
     */
    void log(SyncLogEntry entry);
}
