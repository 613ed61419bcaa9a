package io.woosync.ingest;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The WooCommerce webhook endpoint. */
@ConfigMapping(prefix = "woosync.ingest")
public interface IngestConfig {

    /**
     * Largest delivery body accepted; larger ones get 413. WooCommerce's biggest payloads are
     * orders with many lines and meta data (a few tens of KB); 2 MB leaves ample room.
     */
    @WithDefault("2M")
    MemorySize maxBodySize();

    /**
     * How long a tenant's id and webhook secret are cached by slug on the hot path. A signature
     * that fails with the cached secret reloads the tenant at once (at most once per
     * {@link #tenantReloadInterval()}), so a rotated secret works immediately.
     */
    @WithDefault("60s")
    Duration tenantCacheTtl();

    /** Minimum time between reloads of one tenant forced by failing signatures (bounds database work under attack). */
    @WithDefault("1s")
    Duration tenantReloadInterval();

    /** Deliveries and endpoint events (pings, rejections) are purged after this age. */
    @WithDefault("30d")
    Duration retention();

    /** Rows deleted per statement by the retention purge. */
    @WithDefault("1000")
    int retentionBatch();

    /** How often the retention purge runs (only when woosync.queue.scheduler-enabled). */
    @WithDefault("1h")
    Duration retentionInterval();

    /** Group commit of accepted deliveries ({@link DeliveryWriter}). */
    GroupCommit groupCommit();

    interface GroupCommit {
        /**
         * Writer threads, each committing one batch at a time. The first writes everything; the
         * others stand by and take a batch only when a delivery has waited {@link #standbyAfter}
         * (the first is stuck: a lock, a slow statement), so batches stay as large as the load
         * makes them.
         */
        @WithDefault("2")
        int writers();

        /**
         * How long a delivery may wait in the queue before a standby writer takes it. Several
         * times a normal commit (1-5 ms here), so a standby never splits the first writer's batches.
         */
        @WithDefault("25ms")
        Duration standbyAfter();

        /** Most deliveries in one transaction. */
        @WithDefault("64")
        int maxBatch();

        /** Longest a request waits for its commit before answering 503 (WooCommerce itself waits a few seconds at most). */
        @WithDefault("5s")
        Duration maxWait();
    }
}
