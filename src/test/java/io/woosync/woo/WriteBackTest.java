package io.woosync.woo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.woosync.TestTokens;
import io.woosync.tenant.TenantConnections;
import io.woosync.tenant.TenantService;
import io.woosync.woo.standin.StandInWooCommerce;
import io.woosync.woo.standin.WebhookReceiver;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Write-back of the sync's result into the order's meta_data, and the proof that it does not start a
 * sync loop: WooCommerce's order.updated echo of our own PUT is recognised (webhook side) and the
 * poll does not hand the order over again; a real change afterwards still is.
 */
@QuarkusTest
class WriteBackTest {

    static StandInWooCommerce store;
    static WebhookReceiver receiver;
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    OrderWriteBack writeBack;
    @Inject
    CatchUpPoll poll;
    @Inject
    WooGateway gateway;
    @Inject
    WooStore wooStore;
    @Inject
    SyncedVersions versions;
    @Inject
    TenantService tenants;

    @BeforeAll
    static void start() {
        store = StandInWooCommerce.start(WooTestTenants.CK, WooTestTenants.CS);
        receiver = WebhookReceiver.start();
    }

    @AfterAll
    static void stop() {
        store.close();
        receiver.close();
    }

    private List<WooStore.PendingChange> pending(long tenantId, long orderId) {
        return wooStore.pendingChanges(tenantId).stream()
                .filter(c -> c.resourceType().equals("order") && c.resourceId().equals(Long.toString(orderId))).toList();
    }

    private static CatchUpPoll.Result orders(List<CatchUpPoll.Result> results) {
        return results.stream().filter(r -> r.resourceType().equals("order")).findFirst().orElseThrow();
    }

    private JsonNode lastDeliveredOrder(long orderId) throws Exception {
        List<WebhookReceiver.Received> got = receiver.received().stream()
                .filter(r -> "order.updated".equals(r.header("X-WC-Webhook-Topic"))).toList();
        WebhookReceiver.Received last = got.get(got.size() - 1);
        assertEquals(StandInWooCommerce.sign(last.body(), WooTestTenants.WEBHOOK_SECRET), last.header("X-WC-Webhook-Signature"));
        JsonNode body = JSON.readTree(last.body());
        assertEquals(orderId, body.path("id").asLong());
        return body;
    }

    @Test
    void writeBackDoesNotStartASyncLoop() throws Exception {
        String slug = WooTestTenants.create(WooTestTenants.slug("loop"), store.url());
        long tenantId = WooTestTenants.id(tenants, slug);
        TenantConnections.Woo woo = WooTestTenants.woo(tenants, slug);
        ObjectNode hook = JSON.createObjectNode().put("topic", "order.updated").put("secret", WooTestTenants.WEBHOOK_SECRET)
                .put("delivery_url", receiver.url("/webhooks/woocommerce/" + slug).toString());
        gateway.createWebhook(woo, hook);

        long id = store.addOrder(null).path("id").asLong();
        store.dropPendingDeliveries();
        poll.pollTenant(slug);
        assertEquals(1, pending(tenantId, id).size(), "the poll found the new order");
        var handedAt = pending(tenantId, id).get(0).lastSeenAt();

        // the sync processes it from fresh state and writes its result back
        WooGateway.FreshOrder fresh = gateway.freshOrder(woo, id);
        versions.recordProcessed(tenantId, "order", fresh.order());
        OrderWriteBack.Result result = writeBack.writeBack(tenantId, woo, id, new OrderWriteBack.SyncMarks("42", "7", "synced"), fresh.order());
        assertEquals(OrderWriteBack.Outcome.WRITTEN, result.outcome());
        ObjectNode saved = store.order(id);
        assertEquals("42", OwnWrites.metaValue(saved, OrderWriteBack.ODOO_ORDER_ID));
        assertEquals("7", OwnWrites.metaValue(saved, OrderWriteBack.ODOO_INVOICE_ID));
        assertEquals("synced", OwnWrites.metaValue(saved, OrderWriteBack.STATUS));
        assertTrue(OwnWrites.metaValue(saved, OrderWriteBack.SYNCED_AT) != null);

        // WooCommerce fires order.updated for our own PUT: recognised, so the webhook side does not enqueue it
        assertEquals(List.of("order.updated:" + id), store.pendingDeliveries());
        store.deliverPending();
        JsonNode echo = lastDeliveredOrder(id);
        assertTrue(writeBack.isOwnWriteEcho(tenantId, echo), "the echo of our own write is recognised");
        assertTrue(writeBack.isOwnWriteEcho(tenantId, gateway.order(woo, id)), "and so is a fresh REST read of it");
        // and the poll does not hand it over again
        assertEquals(0, orders(poll.pollTenant(slug)).handedOver(), "no new job for our own write");
        assertEquals(handedAt, pending(tenantId, id).get(0).lastSeenAt());

        // writing the same result again makes no PUT (and so no echo at all)
        store.clearRequests();
        OrderWriteBack.Result again = writeBack.writeBack(tenantId, woo, id, new OrderWriteBack.SyncMarks("42", "7", "synced"), gateway.order(woo, id));
        assertEquals(OrderWriteBack.Outcome.UNCHANGED, again.outcome());
        assertTrue(store.requests().stream().noneMatch(r -> r.method().equals("PUT")));

        // a real change afterwards is a change: not an echo, and the poll hands it over
        store.modifyOrder(id, o -> o.put("status", "completed"));
        store.deliverPending();
        JsonNode change = lastDeliveredOrder(id);
        assertEquals("completed", change.path("status").asText());
        assertFalse(writeBack.isOwnWriteEcho(tenantId, change));
        assertEquals(1, orders(poll.pollTenant(slug)).handedOver(), "the admin's change is handed over");
        assertNotEquals(handedAt, pending(tenantId, id).get(0).lastSeenAt());
    }

    @Test
    void fingerprintIgnoresOurMetaAndTheDeliveryContextButNothingElse() {
        JsonNode rest = StandInWooCommerce.fixture("044-order_get_after_refund");
        ObjectNode webhookStyle = (ObjectNode) rest.deepCopy();
        webhookStyle.put("payment_url", webhookStyle.path("payment_url").asText().replace("https:", "http:"));
        webhookStyle.remove("_links");
        webhookStyle.put("date_modified_gmt", "2030-01-01T00:00:00");
        webhookStyle.withArray("meta_data").addObject().put("id", 99).put("key", "_woosync_status").put("value", "synced");
        assertEquals(OwnWrites.syncFingerprint(rest), OwnWrites.syncFingerprint(webhookStyle));
        ObjectNode changed = webhookStyle.deepCopy();
        ((ObjectNode) changed.withArray("line_items").get(0)).put("quantity", 3);
        assertNotEquals(OwnWrites.syncFingerprint(rest), OwnWrites.syncFingerprint(changed));
        ObjectNode otherMeta = webhookStyle.deepCopy();
        otherMeta.withArray("meta_data").addObject().put("id", 100).put("key", "_shipment_tracking").put("value", "1Z");
        assertNotEquals(OwnWrites.syncFingerprint(rest), OwnWrites.syncFingerprint(otherMeta));
    }

    @Test
    void writeBackCanBeSwitchedOffPerTenant() {
        String slug = WooTestTenants.create(WooTestTenants.slug("nowrite"), store.url());
        long tenantId = WooTestTenants.id(tenants, slug);
        given().auth().oauth2(TestTokens.tenantAdmin(slug)).contentType(ContentType.JSON).body(Map.of("writeBack", false))
                .put("/api/tenants/" + slug + "/woo/settings").then().statusCode(200);
        store.clearRequests();
        OrderWriteBack.Result r = writeBack.writeBack(tenantId, WooTestTenants.woo(tenants, slug), 17,
                new OrderWriteBack.SyncMarks("1", null, "synced"), null);
        assertEquals(OrderWriteBack.Outcome.DISABLED, r.outcome());
        assertTrue(store.requests().isEmpty());
    }
}
