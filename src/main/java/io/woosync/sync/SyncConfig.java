package io.woosync.sync;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The order sync's settings (prefix {@code woosync.sync}). Per-tenant rules live in {@code sync_settings}. */
@ConfigMapping(prefix = "woosync.sync")
public interface SyncConfig {

    /**
     * How long a SKU → product.product match found in Odoo is reused without asking Odoo again. Only a
     * single match is remembered: a missing or duplicated SKU is looked up afresh on every attempt, so
     * adding the product in Odoo and retrying the blocked job completes it at once.
     */
    @WithDefault("10m")
    Duration productCacheTtl();

    /** Largest number of sync-log rows the trace endpoint returns for one order. */
    @WithDefault("200")
    int traceLimit();
}
