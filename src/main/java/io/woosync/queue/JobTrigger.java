package io.woosync.queue;

/** What caused a sync attempt; the sync log's "User / Trigger" column. */
public enum JobTrigger {
    /** A WooCommerce webhook delivery. */
    webhook,
    /** The catch-up poll ({@code modified_after}) found the record. */
    poll,
    /** A person asked for it (admin API or page). */
    manual,
    /** An automatic retry after a transient failure. */
    retry
}
