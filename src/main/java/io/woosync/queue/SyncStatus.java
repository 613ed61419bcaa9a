package io.woosync.queue;

/** The sync log's status column (the seed: success, failed, skipped, retrying). */
public enum SyncStatus {
    success, failed, skipped, retrying
}
