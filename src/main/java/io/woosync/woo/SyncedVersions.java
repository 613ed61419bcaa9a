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

    /** As {@link #recordProcessed(long, String, long, Instant)}, from the resource's JSON (also keeps its fingerprint). */
    public void recordProcessed(long tenantId, String resourceType, com.fasterxml.jackson.databind.JsonNode resource) {
        Instant modified = WooDates.gmt(resource, "date_modified_gmt");
        if (modified != null) {
            store.recordVersion(tenantId, resourceType, resource.path("id").asLong(), modified, "sync",
                    OwnWrites.syncFingerprint(resource), clock.instant());
        }
    }

    /**
     * What the poll decides for a resource WooCommerce reports: hand it over (true) unless this
     * version, or a newer one, was already handed over, processed or written by us, or nothing
     * sync-relevant differs from it. Pure.
     */
    public static boolean isNewerThanKnown(com.fasterxml.jackson.databind.JsonNode resource, Instant modified,
                                           Optional<WooStore.Version> known) {
        if (known.isEmpty()) {
            return true;
        }
        WooStore.Version v = known.get();
        if (modified.isBefore(v.dateModifiedGmt())) {
            return false;
        }
        if (v.fingerprint() != null && v.fingerprint().equals(OwnWrites.syncFingerprint(resource))) {
            return false; // e.g. exactly what our own write-back left, or a save that changed nothing
        }
        // the same second with no fingerprint to compare: treat as known (WooCommerce dates have one-second resolution)
        return modified.isAfter(v.dateModifiedGmt()) || v.fingerprint() != null;
    }

    public Optional<WooStore.Version> version(long tenantId, String resourceType, long resourceId) {
        return store.version(tenantId, resourceType, resourceId);
    }
}
