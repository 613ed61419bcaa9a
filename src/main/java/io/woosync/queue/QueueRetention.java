package io.woosync.queue;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;

/**
 * Purges completed and cancelled jobs older than {@code woosync.queue.retention} and sync-log rows
 * older than {@code woosync.queue.sync-log-retention}, in batches.
 */
@ApplicationScoped
public class QueueRetention {

    private static final Logger LOG = Logger.getLogger(QueueRetention.class);

    private final JobStore store;
    private final SyncLog syncLog;
    private final QueueConfig config;
    private final Clock clock;

    public QueueRetention(JobStore store, SyncLog syncLog, QueueConfig config, Clock clock) {
        this.store = store;
        this.syncLog = syncLog;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${woosync.queue.retention-interval:1h}", identity = "woosync-queue-retention",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPurge() {
        if (config.schedulerEnabled()) {
            purge();
        }
    }

    /** @return jobs deleted (the sync log is purged too); each batch is its own short statement. */
    public int purge() {
        purgeSyncLog();
        Instant before = clock.instant().minus(config.retention());
        int total = 0;
        int deleted;
        do {
            deleted = store.purge(before, config.retentionBatch());
            total += deleted;
        } while (deleted == config.retentionBatch());
        if (total > 0) {
            LOG.infof("purged %d completed/cancelled jobs finalized before %s", total, before);
        }
        return total;
    }

    /** @return sync-log rows deleted. */
    int purgeSyncLog() {
        Instant before = clock.instant().minus(config.syncLogRetention());
        int total = 0;
        int deleted;
        do {
            deleted = syncLog.purge(before, config.retentionBatch());
            total += deleted;
        } while (deleted == config.retentionBatch());
        if (total > 0) {
            LOG.infof("purged %d sync-log rows logged before %s", total, before);
        }
        return total;
    }
}
