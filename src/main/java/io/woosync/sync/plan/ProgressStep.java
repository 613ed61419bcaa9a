package io.woosync.sync.plan;

/** The per-order progress a plan step completes (one row per refund for the refund steps). */
public enum ProgressStep {
    CUSTOMER,
    ORDER_CREATED,
    ORDER_UPDATED,
    CONFIRMED,
    INVOICED,
    POSTED,
    PAID,
    DELIVERED,
    CANCELLED,
    REFUND_CREDITED,
    REFUND_POSTED,
    REFUND_SETTLED,
    REVIEW_FLAGGED,
    /** A person said a flagged difference is dealt with (not an Odoo step: recorded by us alone). */
    REVIEW_ACKNOWLEDGED
}
