package io.woosync.queue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Queue gauges for /q/metrics: {@code woosync_queue_jobs{state=...}} and
 * {@code woosync_queue_oldest_due_seconds} (how long the oldest due job has waited). Read from the
 * database every {@code woosync.queue.metrics-interval} rather than on every scrape, so a scrape
 * never queries the database. Attempt and failure counters are incremented by {@link JobWorker}.
 */
@ApplicationScoped
public class QueueMetrics {

    private static final Logger LOG = Logger.getLogger(QueueMetrics.class);

    private final JobStore store;
    private final Clock clock;
    private final QueueConfig config;
    private final MeterRegistry registry;
    private final Map<JobState, AtomicLong> depth = new EnumMap<>(JobState.class);
    private final AtomicLong oldestDueSeconds = new AtomicLong();

    public QueueMetrics(JobStore store, Clock clock, QueueConfig config, MeterRegistry registry) {
        this.store = store;
        this.clock = clock;
        this.config = config;
        this.registry = registry;
        for (JobState state : JobState.values()) {
            depth.put(state, new AtomicLong());
        }
    }

    void register(@Observes StartupEvent event) {
        depth.forEach((state, value) -> Gauge.builder("woosync.queue.jobs", value, AtomicLong::doubleValue)
                .description("Jobs in the queue by state").tag("state", state.name()).register(registry));
        Gauge.builder("woosync.queue.oldest.due.seconds", oldestDueSeconds, AtomicLong::doubleValue)
                .description("Age of the oldest job that is due and not yet claimed").register(registry);
    }

    @Scheduled(every = "${woosync.queue.metrics-interval:15s}", identity = "woosync-queue-metrics",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefresh() {
        if (config.schedulerEnabled()) {
            try {
                refresh();
            } catch (RuntimeException e) {
                LOG.warnf("queue metrics not refreshed: %s", e.getMessage());
            }
        }
    }

    /** Reads depth per state and the oldest due job's age now. */
    public void refresh() {
        Instant now = clock.instant();
        store.depth().forEach((state, count) -> depth.get(state).set(count));
        oldestDueSeconds.set(store.oldestDue(now).map(t -> Math.max(0, Duration.between(t, now).toSeconds())).orElse(0L));
    }
}
