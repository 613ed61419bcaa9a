package io.woosync.woo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.woosync.tenant.TenantService;
import io.woosync.woo.standin.StandInWooCommerce;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catch-up poll against the stand-in store, with the default ChangeSink (the woo_pending_change outbox). */
@QuarkusTest
class CatchUpPollTest {

    static StandInWooCommerce store;

    @Inject
    CatchUpPoll poll;
    @Inject
    WooStore wooStore;
    @Inject
    TenantService tenants;
    @Inject
    SyncedVersions versions;

    @BeforeAll
    static void start() {
        store = StandInWooCommerce.start(WooTestTenants.CK, WooTestTenants.CS);
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    private List<String> pendingOrders(long tenantId) {
        return wooStore.pendingChanges(tenantId).stream().filter(c -> c.resourceType().equals("order")).map(WooStore.PendingChange::resourceId).toList();
    }

    private CatchUpPoll.Result orders(List<CatchUpPoll.Result> results) {
        return results.stream().filter(r -> r.resourceType().equals("order")).findFirst().orElseThrow();
    }

    @Test
    void findsAnOrderWhoseWebhookNeverCameAndHandsEachVersionOverOnce() {
        String slug = WooTestTenants.create(WooTestTenants.slug("poll"), store.url());
        long tenantId = WooTestTenants.id(tenants, slug);
        ObjectNode order = store.addOrder(o -> o.put("status", "on-hold"));
        long id = order.path("id").asLong();
        store.dropPendingDeliveries(); // the order.created webhook never came

        CatchUpPoll.Result first = orders(poll.pollTenant(slug));
        assertTrue(first.error() == null, first.error());
        assertTrue(pendingOrders(tenantId).contains(Long.toString(id)), "the poll handed the order over: " + pendingOrders(tenantId));
        WooStore.Cursor cursor = wooStore.cursor(tenantId, "order").orElseThrow();
        assertEquals(WooDates.gmt(order, "date_modified_gmt"), cursor.cursorAt(), "the cursor is the newest date_modified_gmt read");
        int handedFirst = first.handedOver();

        // the next poll reads the overlap again but hands nothing over twice
        store.clearRequests();
        CatchUpPoll.Result second = orders(poll.pollTenant(slug));
        assertEquals(0, second.handedOver());
        assertEquals(handedFirst, pendingOrders(tenantId).size());
        Map<String, String> query = store.requests().get(0).query();
        assertEquals(WooDates.format(cursor.cursorAt().minus(Duration.ofMinutes(10))), query.get("modified_after"), "cursor minus overlap");
        assertEquals("true", query.get("dates_are_gmt"));
        assertEquals("modified", query.get("orderby"));
        assertEquals("asc", query.get("order"));

        // a later change of the same order (webhook lost again) is handed over again, once
        store.modifyOrder(id, o -> o.put("status", "processing"));
        store.dropPendingDeliveries();
        CatchUpPoll.Result third = orders(poll.pollTenant(slug));
        assertEquals(1, third.handedOver());
        assertEquals(WooStore.Version.class, versions.version(tenantId, "order", id).orElseThrow().getClass());
        assertEquals("poll", versions.version(tenantId, "order", id).orElseThrow().source());
    }

    @Test
    void anOrderMovingWhileWePageHoldsTheCursorSoNothingIsSkipped() {
        String slug = WooTestTenants.create(WooTestTenants.slug("shift"), store.url());
        long tenantId = WooTestTenants.id(tenants, slug);
        poll.pollTenant(slug); // take what is there
        Instant before = wooStore.cursor(tenantId, "order").orElseThrow().cursorAt();
        List<Long> added = new java.util.ArrayList<>();
        // nine minutes ago: inside the overlap window and older than anything else in it, so they fill page 1
        store.clock(java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofMinutes(-9)));
        try {
            for (int i = 0; i < 4; i++) {
                added.add(store.addOrder(null).path("id").asLong());
            }
        } finally {
            store.clock(java.time.Clock.systemUTC());
        }
        store.dropPendingDeliveries();
        // while the poll reads page 2, the first order of page 1 is modified: it moves to the end, pushing another back onto page 1
        store.beforeListPage(2, () -> store.modifyOrder(added.get(0), o -> o.put("customer_note", "moved")));
        CatchUpPoll.Result r = orders(poll.pollTenant(slug));
        assertTrue(r.cursorHeld(), "the moved order showed up twice");
        assertEquals(before, wooStore.cursor(tenantId, "order").orElseThrow().cursorAt(), "cursor not moved: the window is read again");
        store.dropPendingDeliveries();
        poll.pollTenant(slug);
        for (long id : added) {
            assertTrue(pendingOrders(tenantId).contains(Long.toString(id)), "order " + id + " was not skipped");
        }
    }

    @Test
    void aVersionTheSyncAlreadyProcessedIsNotHandedOverAgain() {
        String slug = WooTestTenants.create(WooTestTenants.slug("synced"), store.url());
        long tenantId = WooTestTenants.id(tenants, slug);
        ObjectNode order = store.addOrder(null);
        long id = order.path("id").asLong();
        // the webhook came, the sync processed this version and said so
        versions.recordProcessed(tenantId, "order", store.order(id));
        poll.pollTenant(slug);
        assertFalse(pendingOrders(tenantId).contains(Long.toString(id)), "already synced from the webhook");
    }

    @Test
    void productsArePolledTooAndCustomersByFullList() {
        String slug = WooTestTenants.create(WooTestTenants.slug("catalog"), store.url());
        long tenantId = WooTestTenants.id(tenants, slug);
        List<CatchUpPoll.Result> results = poll.pollTenant(slug);
        assertEquals(List.of("order", "product", "customer"), results.stream().map(CatchUpPoll.Result::resourceType).toList());
        results.forEach(r -> assertTrue(r.error() == null, r.error()));
        assertNotNull(wooStore.cursor(tenantId, "product").orElse(null));
        // customers are polled at most every hour: an immediate second poll skips them
        CatchUpPoll.Result customers = poll.pollTenant(slug).stream().filter(r -> r.resourceType().equals("customer")).findFirst().orElseThrow();
        assertTrue(customers.skipped());
    }

    @Test
    void aFailedPollKeepsTheCursorAndSaysWhy() {
        String slug = WooTestTenants.create(WooTestTenants.slug("pollfail"), store.url(), WooTestTenants.CK,
                "cs_00000000000000000000000000000000000000ff");
        long tenantId = WooTestTenants.id(tenants, slug);
        CatchUpPoll.Result r = orders(poll.pollTenant(slug));
        assertTrue(r.error().contains("rejected consumer key …4567"), r.error());
        WooStore.Cursor cursor = wooStore.cursor(tenantId, "order").orElseThrow();
        assertEquals(r.error(), cursor.lastError());
        assertTrue(cursor.cursorAt().isBefore(Instant.now().minus(Duration.ofHours(23))), "the first window (1 day back) is kept for the retry");
    }
}
