package io.woosync.ingest;

import io.quarkus.scheduler.Scheduled;
import io.woosync.queue.QueueConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;

/** Purges webhook deliveries and endpoint events older than {@code woosync.ingest.retention}, in batches. */
@ApplicationScoped
public class DeliveryRetention {

    private static final Logger LOG = Logger.getLogger(DeliveryRetention.class);

    private final DeliveryStore store;
    private final IngestConfig config;
    private final QueueConfig queueConfig;
    private final Clock clock;

    public DeliveryRetention(DeliveryStore store, IngestConfig config, QueueConfig queueConfig, Clock clock) {
        this.store = store;
        this.config = config;
        this.queueConfig = queueConfig;
        this.clock = clock;
    }

    @Scheduled(every = "${woosync.ingest.retention-interval:1h}", identity = "woosync-ingest-retention",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPurge() {
        if (queueConfig.schedulerEnabled()) {
            purge();
        }
    }

    /** @return rows deleted (deliveries plus events); each batch is its own short statement. */
    public int purge() {
        Instant before = clock.instant().minus(config.retention());
        int batch = config.retentionBatch();
        int total = 0;
        try {
            int n;
            do {
                n = store.purgeDeliveries(before, batch);
                total += n;
            } while (n == batch);
            do {
                n = store.purgeEvents(before, batch);
                total += n;
            } while (n == batch);
        } catch (SQLException e) {
            LOG.warnf("webhook retention purge stopped after %d rows: %s", total, e.getMessage());
        }
        if (total > 0) {
            LOG.infof("purged %d webhook deliveries/events received before %s", total, before);
        }
        return total;
    }
}
