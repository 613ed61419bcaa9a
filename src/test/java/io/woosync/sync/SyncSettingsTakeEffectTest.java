package io.woosync.sync;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.woosync.TestTokens;
import io.woosync.queue.JobQueue;
import io.woosync.queue.JobWorker;
import io.woosync.sync.SyncHarness.Tenant;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Settings saved through the API change what the planner does for the tenant's next job: the plan preview
 * and then a real sync against the stand-in Odoo and WooCommerce.
 */
@QuarkusTest
class SyncSettingsTakeEffectTest extends WithSyncHarness {

    @Inject JobQueue queue;
    @Inject JobWorker worker;
    @Inject DataSource ds;
    @Inject SyncStore store;

    static String plan(Tenant t, long orderId) {
        return "/api/tenants/" + t.slug() + "/orders/" + orderId + "/plan";
    }

    @Test
    void documentsModeAndJournalMapChangeTheNextJob() throws Exception {
        Tenant t = h.tenant("settings-effect", store, ds);
        String txn = h.txn("pi_settings_1");
        ObjectNode o = h.addOrder("049-order_create_for_delete", x -> SyncHarness.paid(x, "stripe", "Stripe", txn));
        long id = o.path("id").asLong();

        // Before: sales order + invoice + payment, the payment on the Stripe journal.
        given().auth().oauth2(TestTokens.viewer(t.slug())).get(plan(t, id)).then().statusCode(200)
                .body("outcome", equalTo("READY"))
                .body("steps.op", hasItem("CreateSaleOrder"))
                .body("steps.op", not(hasItem("CreateDirectInvoice")))
                .body("steps.find { it.op == 'RegisterPayment' }.journalId", equalTo((int) h.stripeJournal));

        // The tenant's admin switches to invoice-only and moves Stripe payments to the PayPal journal.
        String url = "/api/tenants/" + t.slug() + "/sync-settings";
        ObjectNode s = (ObjectNode) new ObjectMapper().readTree(given().auth().oauth2(TestTokens.tenantAdmin(t.slug())).get(url)
                .then().statusCode(200).extract().asString());
        s.put("documents", "INVOICE_ONLY");
        ((ObjectNode) s.path("paymentJournals").path("stripe")).put("journalId", h.paypalJournal);
        given().auth().oauth2(TestTokens.tenantAdmin(t.slug())).contentType(ContentType.JSON).body(s.toString()).put(url)
                .then().statusCode(200);

        // After: a direct customer invoice, no sales order, the payment on the PayPal journal.
        given().auth().oauth2(TestTokens.viewer(t.slug())).get(plan(t, id)).then().statusCode(200)
                .body("outcome", equalTo("READY"))
                .body("steps.op", hasItem("CreateDirectInvoice"))
                .body("steps.op", not(hasItem("CreateSaleOrder")))
                .body("steps.find { it.op == 'RegisterPayment' }.journalId", equalTo((int) h.paypalJournal));

        // And the job that runs now does exactly that in Odoo.
        assertEquals(JobWorker.Outcome.completed, SyncHarness.sync(queue, worker, ds, t, id));
        assertTrue(h.recordsWhere("sale.order", "client_order_ref", Long.toString(id)).isEmpty(), "invoice-only: no sales order");
        assertNull(SyncHarness.bound(store, t, "order_" + id));
        Long invoice = SyncHarness.bound(store, t, "invoice_" + id);
        Map<String, Object> move = h.odoo.record("account.move", invoice);
        assertEquals("out_invoice", move.get("move_type"));
        List<Map<String, Object>> payments = h.payments(txn);
        assertEquals(1, payments.size());
        assertEquals(h.paypalJournal, ((Number) payments.get(0).get("journal_id")).longValue());
    }
}
