package io.woosync.queue;

/**
 * The states of a {@code queue_job} row, and who moves a job out of each. All transitions are in
 * {@link JobStore}.
 */
public enum JobState {
    /** Waiting for its {@code scheduled_at}. Left by a worker's claim (→ running) or a cancel. */
    available,
    /**
     * Claimed by a worker that holds a lease. Left by that worker only (→ completed, retrying,
     * blocked, failed, or back to available for a follow-up or a release at shutdown), or by the
     * rescuer when the lease expires (→ retrying, or failed when attempts are used up). Updates are
     * fenced by the claim count, so a worker that lost its lease changes nothing.
     */
    running,
    /** Failed transiently, waiting for the next attempt of the retry schedule. Left like available. */
    retrying,
    /** A data or configuration problem needs a person. Left by a manual retry (→ available) or cancel. */
    blocked,
    /** Transient failures used up every attempt; the admin was notified. Left by a manual retry or cancel. */
    failed,
    /** Done (or skipped by its handler). Final; purged after the retention period. */
    completed,
    /** Cancelled by a person. Final; purged after the retention period. */
    cancelled;

    /** The states in which a job is still someone's work: the queue's unique-per-resource rule covers these. */
    public boolean isActive() {
        return this == available || this == running || this == retrying;
    }
}
