package io.woosync.woo;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * "What we last synced", per resource: the newest WooCommerce {@code date_modified_gmt} that was
 * handed to the queue (by the poll), processed by the sync, or left by our own write-back
 * ({@code woo_resource_version}). The catch-up poll enqueues a resource only when WooCommerce
 * reports a newer modification than this.
 */
@ApplicationScoped
public class SyncedVersions {

    private final WooStore store;
    private final Clock clock;

    public SyncedVersions(WooStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * The sync calls this after processing a resource from fresh state, with the
     * {@code date_modified_gmt} of what it read: the poll then skips that version (it was maybe
     * delivered by webhook), and only a later change brings the resource back.
     */
    public void recordProcessed(long tenantId, String resourceType, long resourceId, Instant dateModifiedGmt) {
        if (dateModifiedGmt != null) {
            store.recordVersion(tenantId, resourceType, resourceId, dateModifiedGmt, "sync", null, clock.instant());
        }
    }

    public Optional<WooStore.Version> version(long tenantId, String resourceType, long resourceId) {
        return store.version(tenantId, resourceType, resourceId);
    }
}
