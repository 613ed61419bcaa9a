package io.woosync.queue;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/** The job queue: workers, retries, leases, fairness and retention. */
@ConfigMapping(prefix = "woosync.queue")
public interface QueueConfig {

    /**
     * Whether the Quarkus scheduler drives the workers, the rescuer, retention and the metrics
     * refresh. Tests set it to false and call {@link JobWorker} directly with a settable clock.
     */
    @WithDefault("true")
    boolean schedulerEnabled();

    /** How often an idle worker looks for due jobs (also the lease heartbeat). */
    @WithDefault("500ms")
    Duration pollInterval();

    /** Jobs this service instance runs at once (the worker thread pool). */
    @WithDefault("4")
    int poolSize();

    /** Jobs one tenant may have running at once, across all instances sharing the database. */
    @WithDefault("2")
    int perTenantConcurrency();

    /**
     * Delays between attempts after a transient failure: the first attempt runs at once, then
     * one retry after each delay; when they are used up the job is {@code failed} and the admin
     * notified. The seed's schedule: 1 min, 5 min, 15 min.
     */
    @WithDefault("1m,5m,15m")
    List<Duration> retryDelays();

    /**
     * How long a claim stays valid without a heartbeat. A worker renews it on every poll while the
     * job runs; when a worker dies the rescuer returns its job once this has passed.
     */
    @WithDefault("5m")
    Duration lease();

    /** How often the rescuer looks for expired leases. */
    @WithDefault("30s")
    Duration rescueInterval();

    /** At shutdown: how long running jobs may take to finish before they are released. */
    @WithDefault("20s")
    Duration shutdownGrace();

    /** Completed and cancelled jobs, and webhook deliveries and events, are purged after this age. */
    @WithDefault("30d")
    Duration retention();

    /**
     * Sync-log rows (the per-order trace of attempts and their payloads) are purged after this age.
     * Longer than the jobs': finance asks about an order weeks after the job is gone.
     */
    @WithDefault("90d")
    Duration syncLogRetention();

    /** Rows deleted per statement by the retention purge (keeps each transaction short). */
    @WithDefault("1000")
    int retentionBatch();

    /** How often the retention purge runs. */
    @WithDefault("1h")
    Duration retentionInterval();

    /** How often queue depth and the oldest available job's age are read for /q/metrics. */
    @WithDefault("15s")
    Duration metricsInterval();

    /** The worker loop is considered dead when it has not polled for this long (liveness). */
    @WithDefault("2m")
    Duration livenessTimeout();

    /** Request and response payloads in the sync log are cut to this many characters. */
    @WithDefault("16384")
    int syncLogPayloadLimit();
}
