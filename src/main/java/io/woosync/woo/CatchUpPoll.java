package io.woosync.woo;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The catch-up poll: the backstop for webhooks that arrive late, merged, or never (DOMAIN.md).
 *
 * <p>Per tenant and resource it asks {@code GET /orders?modified_after=<cursor - overlap>
 * &dates_are_gmt=true&orderby=modified&order=asc} page by page (products the same; customers have no
 * such filter, see {@link #pollResource}), and hands each resource WooCommerce changed after "what we
 * last synced" to the {@link ChangeSink}. What we last synced is {@link SyncedVersions}: the newest
 * {@code date_modified_gmt} already handed over, processed, or written by ourselves; an order that is
 * exactly what our write-back left is never handed over ({@link OwnWrites}).
 *
 * <p>The cursor is the newest {@code date_modified_gmt} read (the store's clock, never ours, so
 * skew between the two does not matter), and each poll starts {@code overlap} before it:
 * WooCommerce's {@code modified_after} is strict and to the second, and a change committed late
 * can carry an older timestamp. Changes to hand over and the new cursor are written in one
 * transaction. When an order moves while we page (its new date puts it on a later page, shifting
 * the others back), it shows up twice; when one leaves the list, X-WP-Total drops. Either way an
 * item may have slid onto a page already read, so the cursor is not moved and the next poll reads
 * the window again. (Orders created while we page go to the end and shift nothing.)
 */
@ApplicationScoped
public class CatchUpPoll {

    private static final Logger LOG = Logger.getLogger(CatchUpPoll.class);

    /** The outcome of polling one resource of one tenant. */
    public record Result(String tenantSlug, String resourceType, int read, int handedOver, Instant cursor, boolean cursorHeld,
                         boolean skipped, String error) {
    }

    private final WooGateway gateway;
    private final WooStore store;
    private final WooTenants tenants;
    private final ChangeSink sink;
    private final WooConfig config;
    private final Clock clock;

    public CatchUpPoll(WooGateway gateway, WooStore store, WooTenants tenants, ChangeSink sink, WooConfig config, Clock clock) {
        this.gateway = gateway;
        this.store = store;
        this.tenants = tenants;
        this.sink = sink;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(identity = "woo-catch-up-poll", every = "${woosync.woo.poll.every:5m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        for (WooStore.ActiveTenant t : store.activeTenantsWithStore()) {
            try {
                pollTenant(t.slug());
            } catch (RuntimeException e) {
                LOG.errorf(e, "catch-up poll of tenant %s failed", t.slug());
            }
        }
    }

    /** Polls every enabled resource of one tenant now. */
    public List<Result> pollTenant(String slug) {
        WooTenants.WooTenant t = tenants.bySlug(slug).orElseThrow(() -> new IllegalArgumentException("no tenant " + slug));
        WooStore.Settings settings = store.settings(t.id());
        List<Result> results = new ArrayList<>();
        results.add(pollResource(t, "order"));
        if (settings.productsEnabled()) {
            results.add(pollResource(t, "product"));
        }
        if (settings.customersEnabled()) {
            results.add(pollResource(t, "customer"));
        }
        return results;
    }

    /**
     * Polls one resource type. Customers: {@code /customers} has no modified_after, so the poll reads
     * the whole list (at most every {@code poll.customers-every}) and filters on date_modified_gmt.
     */
    Result pollResource(WooTenants.WooTenant t, String resourceType) {
        Instant now = clock.instant();
        var cursor = store.cursor(t.id(), resourceType);
        if ("customer".equals(resourceType) && cursor.isPresent()
                && now.isBefore(cursor.get().lastPolledAt().plus(config.poll().customersEvery()))) {
            return new Result(t.slug(), resourceType, 0, 0, cursor.get().cursorAt(), true, true, null);
        }
        Instant start = cursor.map(WooStore.Cursor::cursorAt).orElse(now.minus(config.poll().initialLookback()));
        Instant from = start.minus(config.poll().overlap());
        String path = resourceType + "s";
        Map<String, String> query = new LinkedHashMap<>();
        if ("customer".equals(resourceType)) {
            query.put("role", "all");
            query.put("orderby", "id");
            query.put("order", "asc");
        } else {
            query.put("modified_after", WooDates.format(from));
            query.put("dates_are_gmt", "true");
            query.put("orderby", "modified");
            query.put("order", "asc");
        }
        List<JsonNode> changed = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        boolean[] shifted = {false};
        int[] firstTotal = {-1};
        Instant[] newest = {start};
        int[] read = {0};
        int maxPages = "customer".equals(resourceType) ? Integer.MAX_VALUE : config.poll().maxPages();
        try {
            gateway.forEachPage(t.woo(), path, query, maxPages, page -> {
                if (firstTotal[0] < 0) {
                    firstTotal[0] = page.total();
                } else if (page.total() < firstTotal[0]) {
                    shifted[0] = true; // something left the list while we paged: later items slid onto pages already read
                }
                for (JsonNode item : page.items()) {
                    read[0]++;
                    long id = item.path("id").asLong();
                    if (!seen.add(id)) {
                        shifted[0] = true;
                        continue;
                    }
                    Instant modified = modifiedAt(item);
                    if (modified == null || !modified.isAfter(from)) {
                        continue; // only customers get here: the list is not filtered by WooCommerce
                    }
                    if (modified.isAfter(newest[0])) {
                        newest[0] = modified;
                    }
                    changed.add(item);
                }
            });
        } catch (WooException e) {
            store.savePollError(t.id(), resourceType, start, now, e.adminMessage());
            LOG.warnf("tenant %s: %s poll failed: %s", t.slug(), resourceType, e.adminMessage());
            return new Result(t.slug(), resourceType, read[0], 0, start, true, false, e.adminMessage());
        }
        Instant newCursor = shifted[0] ? start : newest[0];
        int handed = QuarkusTransaction.requiringNew().call(() -> handOver(t, resourceType, changed, newCursor, now));
        if (handed > 0 || shifted[0]) {
            LOG.infof("tenant %s: catch-up poll read %d %ss, handed %d to the queue%s", t.slug(), read[0], resourceType, handed,
                    shifted[0] ? " (list moved while paging: cursor held)" : "");
        }
        return new Result(t.slug(), resourceType, read[0], handed, newCursor, shifted[0], false, null);
    }

    private int handOver(WooTenants.WooTenant t, String resourceType, List<JsonNode> changed, Instant newCursor, Instant now) {
        int handed = 0;
        for (JsonNode item : changed) {
            long id = item.path("id").asLong();
            Instant modified = modifiedAt(item);
            if (!SyncedVersions.isNewerThanKnown(item, modified, store.version(t.id(), resourceType, id))) {
                continue; // already handed over, synced, or only our own write-back changed it
            }
            sink.changed(t.id(), resourceType, Long.toString(id));
            store.recordVersion(t.id(), resourceType, id, modified, "poll", OwnWrites.syncFingerprint(item), now);
            handed++;
        }
        store.saveCursor(t.id(), resourceType, newCursor, now, handed);
        return handed;
    }

    private static Instant modifiedAt(JsonNode item) {
        Instant m = WooDates.gmt(item, "date_modified_gmt");
        return m != null ? m : WooDates.gmt(item, "date_created_gmt");
    }
}
