package io.woosync.sync;

import static io.woosync.sync.OrderEdits.MUG;
import static io.woosync.sync.OrderEdits.SAVE10;
import static io.woosync.sync.OrderEdits.TEE_L;
import static io.woosync.sync.OrderEdits.TEE_M;
import static io.woosync.sync.SyncHarness.bound;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.woosync.TestTokens;
import io.woosync.queue.JobQueue;
import io.woosync.queue.JobWorker;
import io.woosync.queue.QueueTestSupport;
import io.woosync.sync.SyncHarness.Tenant;
import io.woosync.sync.settings.SyncSettings;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * Changes after sync and refunds against an open invoice, end to end (stand-in WooCommerce → queue worker →
 * OrderSync → stand-in Odoo 17): a Woo order edited before it is invoiced updates the sales order until
 * Odoo's totals equal WooCommerce's again; edited after, it is flagged for review with the figures and the
 * posted invoice is left alone; a refund of an unpaid order is reconciled with its open invoice, its credit
 * note lines linked to the order's lines.
 */
@QuarkusTest
class OrderChangeScenarioTest extends WithSyncHarness {

    @Inject JobQueue queue;
    @Inject JobWorker worker;
    @Inject DataSource ds;
    @Inject SyncStore store;

    JobWorker.Outcome sync(Tenant t, long orderId) {
        return SyncHarness.sync(queue, worker, ds, t, orderId);
    }

    long saleOrder(Tenant t, long orderId) {
        Long id = bound(store, t, "order_" + orderId);
        assertNotNull(id, "order " + orderId + " has a bound sale order");
        return id;
    }

    List<Map<String, Object>> soLines(long so) {
        return h.recordsWhere("sale.order.line", "order_id", so);
    }

    Map<String, Object> soLine(long so, String sku) {
        return soLines(so).stream().filter(l -> h.products.get(sku).equals(l.get("product_id"))).findFirst().orElseThrow();
    }

    int writes() {
        return h.odoo.calls("sale.order", "write") + h.odoo.calls("account.move", "write") + h.odoo.calls("sale.order.line", "write")
                + h.odoo.calls("account.move.line", "write");
    }

    static BigDecimal money(Object v) {
        return SyncHarness.money(v);
    }

    // ---- before the invoice: the sales order follows the Woo order --------------------------------------

    @Test
    void editsBeforeInvoicingUpdateTheDraftOrderUntilTotalsMatchAgain() {
        Tenant t = h.tenant("edit-draft", store, ds);
        ObjectNode o = h.addOrder("036-order_get_after_create", x -> {
            x.put("status", "on-hold");
            x.put("payment_method", "bacs");
            x.putNull("date_paid");
            x.putNull("date_paid_gmt");
        });
        long id = o.path("id").asLong();
        assertEquals(JobWorker.Outcome.completed, sync(t, id));
        long so = saleOrder(t, id);
        assertEquals("draft", h.odoo.record("sale.order", so).get("state"));
        h.assertTotals(o, "sale.order", so);

        // The admin edits the order in WooCommerce: 3 mugs instead of 2, a Tee L added, shipping 7.50; WooCommerce recalculates.
        ObjectNode edited = h.woo.modifyOrder(id, x -> OrderEdits.reprice(x, List.of(MUG.quantity(3), TEE_M, TEE_L), "7.50", SAVE10));
        assertTrue(SyncHarness.woo(edited, "total").compareTo(SyncHarness.woo(o, "total")) > 0, edited.path("total").asText());
        // The preview says what will change, in words.
        RestAssured.given().auth().oauth2(TestTokens.viewer(t.slug()))
                .get("/api/tenants/" + t.slug() + "/orders/" + id + "/plan")
                .then().statusCode(200)
                .body("steps.op", Matchers.contains("UpdateSaleOrderLines"))
                .body("notes", Matchers.hasItem(Matchers.allOf(Matchers.containsString("before it was invoiced"),
                        Matchers.containsString("\"Fixture Mug\": quantity 2 → 3"), Matchers.containsString("added \"Fixture Tee - L\" × 1"),
                        Matchers.containsString("shipping \"Flat rate\": price 5.00"))))
                .body("reviews", Matchers.empty());

        assertEquals(JobWorker.Outcome.completed, sync(t, id));

        h.assertTotals(edited, "sale.order", so);
        assertEquals(3, soLine(so, "MUG-001").get("product_uom_qty") instanceof Number n ? n.intValue() : -1);
        assertNotNull(soLine(so, "TEE-L"), "the added line");
        assertEquals(0, new BigDecimal("7.50").compareTo(money(soLine(so, "SHIPPING").get("price_unit"))));
        assertEquals(1, h.recordsWhere("sale.order", "client_order_ref", Long.toString(id)).size(), "the same sales order, updated");

        // The same change processed again (a later, unrelated edit makes the job plan again) writes nothing.
        int before = writes();
        h.woo.modifyOrder(id, x -> x.put("customer_note", "Leave at the door"));
        assertEquals(JobWorker.Outcome.skipped, sync(t, id));
        assertEquals(before, writes(), "no Odoo write for a change already applied");

        // A line removed from a draft order is deleted in Odoo.
        ObjectNode smaller = h.woo.modifyOrder(id, x -> OrderEdits.reprice(x, List.of(MUG.quantity(3), TEE_L), "7.50", SAVE10));
        assertEquals(JobWorker.Outcome.completed, sync(t, id));
        h.assertTotals(smaller, "sale.order", so);
        assertTrue(soLines(so).stream().noneMatch(l -> h.products.get("TEE-M").equals(l.get("product_id"))), "TEE-M deleted from the draft");

        // Then paid: confirmed, invoiced and paid at the edited totals.
        ObjectNode paid = h.woo.modifyOrder(id, x -> {
            x.put("status", "processing");
            x.put("date_paid", "2026-11-27T23:00:00");
            x.put("date_paid_gmt", "2026-11-27T23:00:00");
        });
        assertEquals(JobWorker.Outcome.completed, sync(t, id));
        long invoice = bound(store, t, "invoice_" + id);
        h.assertTotals(paid, "account.move", invoice);
        assertEquals("paid", h.odoo.record("account.move", invoice).get("payment_state"));
    }

    @Test
    void aLineRemovedFromAConfirmedOrderIsSetToZeroNeverDeleted() {
        Tenant t = h.tenant("edit-confirmed", store, ds);
        // Invoiced when completed: a paid, processing order is confirmed but not invoiced yet.
        store.saveSettings(t.id(), h.settings().toBuilder().invoiceTiming(SyncSettings.InvoiceTiming.WHEN_COMPLETED).build(), Instant.now());
        ObjectNode o = h.addOrder("036-order_get_after_create", x -> SyncHarness.paid(x, "stripe", "Stripe", "pi_edit_confirmed"));
        long id = o.path("id").asLong();
        assertEquals(JobWorker.Outcome.completed, sync(t, id));
        long so = saleOrder(t, id);
        assertEquals("sale", h.odoo.record("sale.order", so).get("state"));
        assertNull(bound(store, t, "invoice_" + id));

        ObjectNode edited = h.woo.modifyOrder(id, x -> OrderEdits.reprice(x, List.of(MUG.quantity(1)), "5.00", SAVE10));
        RestAssured.given().auth().oauth2(TestTokens.viewer(t.slug()))
                .get("/api/tenants/" + t.slug() + "/orders/" + id + "/plan")
                .then().statusCode(200)
                .body("steps[0].orderConfirmed", Matchers.equalTo(true))
                .body("notes", Matchers.hasItem(Matchers.containsString("removed the line of Woo item 2 (Odoo product " + h.products.get("TEE-M") + ")")));
        assertEquals(JobWorker.Outcome.completed, sync(t, id));

        h.assertTotals(edited, "sale.order", so);
        Map<String, Object> tee = soLine(so, "TEE-M");
        assertEquals(0, money(tee.get("product_uom_qty")).signum(), "Odoo refuses to delete a confirmed order's line: quantity 0");
        assertEquals(1, ((Number) soLine(so, "MUG-001").get("product_uom_qty")).intValue());

        ObjectNode completed = h.woo.modifyOrder(id, x -> x.put("status", "completed"));
        assertEquals(JobWorker.Outcome.completed, sync(t, id));
        long invoice = bound(store, t, "invoice_" + id);
        h.assertTotals(completed, "account.move", invoice);
        assertTrue(h.recordsWhere("account.move.line", "move_id", invoice).stream()
                .noneMatch(l -> h.products.get("TEE-M").equals(l.get("product_id"))), "the zeroed line is not invoiced");
        assertEquals("paid", h.odoo.record("account.move", invoice).get("payment_state"));
    }

    /** Runs the order's job; if the first attempt failed on an injected fault, retries it until it finishes. */
    JobWorker.Outcome syncThroughFailure(Tenant t, long id) {
        JobWorker.Outcome first = sync(t, id);
        h.odoo.clearFaults();
        long job = SyncHarness.jobOf(ds, t, id);
        JobWorker.Outcome last = first;
        for (int attempt = 0; attempt < 3 && last != JobWorker.Outcome.completed && last != JobWorker.Outcome.skipped; attempt++) {
            queue.retryNow(t.id(), job, "test");
            last = SyncHarness.runJob(worker, job);
        }
        assertTrue(first != JobWorker.Outcome.completed, "the fault interrupted the first attempt");
        return last;
    }

    @Test
    void anUpdateAndAReconciliationCutOffAfterOdooAppliedThemAreNotRepeated() {
        Tenant t = h.tenant("edit-crash", store, ds);
        store.saveSettings(t.id(), h.settings().toBuilder().invoiceTiming(SyncSettings.InvoiceTiming.WHEN_COMPLETED).build(), Instant.now());
        ObjectNode o = h.addOrder("036-order_get_after_create", x -> {
            x.put("status", "on-hold");
            x.put("payment_method", "cod");
            x.putNull("date_paid");
            x.putNull("date_paid_gmt");
        });
        long id = o.path("id").asLong();
        assertEquals(JobWorker.Outcome.completed, sync(t, id));
        long so = saleOrder(t, id);

        // The connection drops after Odoo committed the write that adds a line: the retry must not add it again.
        ObjectNode edited = h.woo.modifyOrder(id, x -> OrderEdits.reprice(x, List.of(MUG, TEE_M, TEE_L), "5.00", SAVE10));
        h.odoo.inject("sale.order", "write", io.woosync.odoo.standin.Fault.dropAfterCommit());
        assertEquals(JobWorker.Outcome.completed, syncThroughFailure(t, id));
        assertEquals(1, soLines(so).stream().filter(l -> h.products.get("TEE-L").equals(l.get("product_id"))).count(), "TEE-L once");
        h.assertTotals(edited, "sale.order", so);

        // Completed unpaid (cash on delivery): invoiced, open; a refund's reconciliation cut off after Odoo applied it.
        ObjectNode completed = h.woo.modifyOrder(id, x -> x.put("status", "completed"));
        assertEquals(JobWorker.Outcome.completed, sync(t, id));
        long invoice = bound(store, t, "invoice_" + id);
        h.assertTotals(completed, "account.move", invoice);
        h.woo.addRefundAsGiven(id, OrderEdits.refund(id * 100, "12.18", false,
                List.of(new OrderEdits.Refunded(MUG, 1, "11.25", "0.93")), null, null));
        h.odoo.inject("account.move.line", "reconcile", io.woosync.odoo.standin.Fault.dropAfterCommit());
        assertEquals(JobWorker.Outcome.completed, syncThroughFailure(t, id));
        Map<String, Object> inv = h.odoo.record("account.move", invoice);
        assertEquals(SyncHarness.woo(completed, "total").subtract(new BigDecimal("12.18")), money(inv.get("amount_residual")));
        assertEquals("partial", inv.get("payment_state"));
        assertEquals(1, h.recordsWhere("account.move", "reversed_entry_id", invoice).size());
    }

    // ---- after the invoice: flagged, never written into the posted invoice -----------------------------

    @Test
    void anEditAfterInvoicingIsFlaggedForReviewWithTheFigures() {
        Tenant t = h.tenant("edit-invoiced", store, ds);
        ObjectNode o = h.addOrder("036-order_get_after_create", x -> SyncHarness.paid(x, "stripe", "Stripe", "pi_edit_invoiced"));
        long id = o.path("id").asLong();
        assertEquals(JobWorker.Outcome.completed, sync(t, id));
        long so = saleOrder(t, id);
        long invoice = bound(store, t, "invoice_" + id);
        Map<String, Object> invoiceBefore = h.odoo.record("account.move", invoice);
        List<Map<String, Object>> linesBefore = h.recordsWhere("account.move.line", "move_id", invoice);
        Map<String, Object> soBefore = h.odoo.record("sale.order", so);
        int writesBefore = writes();

        h.woo.modifyOrder(id, x -> OrderEdits.reprice(x, List.of(MUG.quantity(3), TEE_M), "5.00", SAVE10));
        assertEquals(JobWorker.Outcome.completed, sync(t, id));

        assertEquals(writesBefore, writes(), "nothing is written to Odoo");
        assertEquals(invoiceBefore, h.odoo.record("account.move", invoice), "the posted invoice is untouched");
        assertEquals(linesBefore, h.recordsWhere("account.move.line", "move_id", invoice));
        assertEquals(soBefore.get("amount_total"), h.odoo.record("sale.order", so).get("amount_total"));
        SyncStore.OrderState state = store.orderState(t.id(), id);
        assertEquals("review", state.lastOutcome());
        String msg = state.lastMessage();
        assertTrue(msg.contains("Order #" + id + " changed in WooCommerce after it was invoiced in Odoo"), msg);
        assertTrue(msg.contains("WooCommerce now says 61.43") && msg.contains("the invoice in Odoo says 49.26")
                && msg.contains("a difference of 12.17") && msg.contains("\"Fixture Mug\": quantity 2 → 3"), msg);
        // The sync log row of the flag (skipped: nothing done in Odoo) and the trace show it.
        List<Map<String, Object>> log = QueueTestSupport.rows(ds,
                "select status, error_message from sync_log where tenant_id = ? and woo_record_id = ? and request_payload like ?",
                t.id(), Long.toString(id), "%FlagForReview%");
        assertEquals(1, log.size(), log.toString());
        assertEquals("skipped", log.get(0).get("status"));
        assertTrue(String.valueOf(log.get(0).get("error_message")).contains("a difference of 12.17"), log.toString());
        RestAssured.given().auth().oauth2(TestTokens.finance(t.slug()))
                .get("/api/tenants/" + t.slug() + "/orders/" + id + "/trace")
                .then().statusCode(200)
                .body("lastOutcome", Matchers.equalTo("review"))
                .body("lastMessage", Matchers.containsString("61.43"))
                .body("odooRecords.step", Matchers.hasItem("REVIEW_FLAGGED"));
        RestAssured.given().auth().oauth2(TestTokens.viewer(t.slug()))
                .get("/api/tenants/" + t.slug() + "/orders/" + id + "/plan")
                .then().statusCode(200)
                .body("steps.size()", Matchers.equalTo(0))
                .body("reviews[0]", Matchers.containsString("a difference of 12.17"));

        // Processed again (an unrelated edit makes the job plan again): nothing new (no second flag, no write), still in review.
        h.woo.modifyOrder(id, x -> x.put("customer_note", "Leave at the door"));
        assertEquals(JobWorker.Outcome.skipped, sync(t, id));
        assertTrue(store.orderState(t.id(), id).lastMessage().startsWith("Order #" + id + " needs review: "),
                store.orderState(t.id(), id).lastMessage());
        assertEquals(writesBefore, writes());
        assertEquals(1, QueueTestSupport.rows(ds, "select 1 from sync_log where tenant_id = ? and woo_record_id = ? and request_payload like ?",
                t.id(), Long.toString(id), "%FlagForReview%").size(), "flagged once");
        assertEquals("review", store.orderState(t.id(), id).lastOutcome());

        // The change undone in WooCommerce: in sync again.
        h.woo.modifyOrder(id, x -> OrderEdits.reprice(x, List.of(MUG, TEE_M), "5.00", SAVE10));
        assertEquals(JobWorker.Outcome.skipped, sync(t, id));
        assertEquals("synced", store.orderState(t.id(), id).lastOutcome());
        assertEquals(writesBefore, writes());
    }

    @Test
    void anAcknowledgedReviewClearsTheOrderUntilItChangesAgain() {
        Tenant t = h.tenant("ack-review", store, ds);
        ObjectNode o = h.addOrder("036-order_get_after_create", x -> SyncHarness.paid(x, "stripe", "Stripe", "pi_ack_review"));
        long id = o.path("id").asLong();
        assertEquals(JobWorker.Outcome.completed, sync(t, id));
        String ack = "/api/tenants/" + t.slug() + "/orders/" + id + "/reviews/acknowledge";
        // Nothing flagged: nothing to acknowledge.
        RestAssured.given().auth().oauth2(TestTokens.tenantAdmin(t.slug())).contentType(io.restassured.http.ContentType.JSON).post(ack).then().statusCode(409)
                .body("detail", Matchers.containsString("has no open review"));

        h.woo.modifyOrder(id, x -> OrderEdits.reprice(x, List.of(MUG.quantity(3), TEE_M), "5.00", SAVE10));
        assertEquals(JobWorker.Outcome.completed, sync(t, id));
        assertEquals("review", store.orderState(t.id(), id).lastOutcome());
        // Processed again with nothing new in WooCommerce: still in review (our write-back's echo is not a change).
        assertEquals(JobWorker.Outcome.skipped, sync(t, id));
        assertEquals("review", store.orderState(t.id(), id).lastOutcome());
        // Nothing is written to Odoo from here on (records compared, so that this also runs against a real Odoo).
        long so = saleOrder(t, id);
        long invoice = bound(store, t, "invoice_" + id);
        Map<String, Object> soBefore = h.odoo.record("sale.order", so);
        Map<String, Object> invoiceBefore = h.odoo.record("account.move", invoice);

        // Only those who administer the tenant: not finance or a viewer (403), not another tenant's admin (404).
        RestAssured.given().auth().oauth2(TestTokens.finance(t.slug())).contentType(io.restassured.http.ContentType.JSON).post(ack).then().statusCode(403);
        RestAssured.given().auth().oauth2(TestTokens.viewer(t.slug())).contentType(io.restassured.http.ContentType.JSON).post(ack).then().statusCode(403);
        RestAssured.given().auth().oauth2(TestTokens.tenantAdmin("not-" + t.slug())).contentType(io.restassured.http.ContentType.JSON).post(ack).then().statusCode(404);
        assertEquals("review", store.orderState(t.id(), id).lastOutcome());

        QueueTestSupport.quiesce(ds);
        long job = RestAssured.given().auth().oauth2(TestTokens.tenantAdmin(t.slug())).contentType(io.restassured.http.ContentType.JSON).post(ack).then().statusCode(200)
                .body("acknowledged.size()", Matchers.equalTo(1))
                .body("acknowledged[0]", Matchers.startsWith("review_" + id + "_changed_"))
                .extract().jsonPath().getLong("job");
        // The order is synced again at once: nothing written to Odoo, out of review, the difference kept as a note.
        SyncHarness.runJob(worker, job);
        SyncStore.OrderState state = store.orderState(t.id(), id);
        assertEquals("synced", state.lastOutcome(), state.lastMessage());
        assertEquals(soBefore, h.odoo.record("sale.order", so));
        assertEquals(invoiceBefore, h.odoo.record("account.move", invoice));
        RestAssured.given().auth().oauth2(TestTokens.viewer(t.slug()))
                .get("/api/tenants/" + t.slug() + "/orders/" + id + "/trace")
                .then().statusCode(200)
                .body("lastOutcome", Matchers.equalTo("synced"))
                .body("odooRecords.find { it.step == 'REVIEW_ACKNOWLEDGED' }.detail", Matchers.equalTo("acknowledged by tom-admin"));
        RestAssured.given().auth().oauth2(TestTokens.viewer(t.slug()))
                .get("/api/tenants/" + t.slug() + "/orders/" + id + "/plan")
                .then().statusCode(200)
                .body("reviews.size()", Matchers.equalTo(0))
                .body("notes", Matchers.hasItem(Matchers.startsWith("Acknowledged by a person: Order #" + id + " changed in WooCommerce")));
        RestAssured.given().auth().oauth2(TestTokens.tenantAdmin(t.slug())).contentType(io.restassured.http.ContentType.JSON).post(ack).then().statusCode(409);

        // Another change (other figures): flagged again; the acknowledgement covered only the one it was given for.
        h.woo.modifyOrder(id, x -> OrderEdits.reprice(x, List.of(MUG.quantity(4), TEE_M), "5.00", SAVE10));
        assertEquals(JobWorker.Outcome.completed, sync(t, id));
        assertEquals("review", store.orderState(t.id(), id).lastOutcome());
        assertEquals(invoiceBefore, h.odoo.record("account.move", invoice));
    }

    // ---- refunds of an unpaid order: reconciled with the open invoice -----------------------------------

    @Test
    void refundOfAnUnpaidOrderIsReconciledWithTheOpenInvoiceAndLinkedToTheOrderLines() {
        Tenant t = h.tenant("refund-open", store, ds);
        store.saveSettings(t.id(), h.settings().toBuilder().invoiceTiming(SyncSettings.InvoiceTiming.WHEN_COMPLETED).build(), Instant.now());
        // Cash on delivery, delivered (completed) before the cash is booked: invoiced, the invoice open.
        ObjectNode o = h.addOrder("036-order_get_after_create", x -> {
            x.put("status", "completed");
            x.put("payment_method", "cod");
            x.put("payment_method_title", "Cash on delivery");
            x.put("transaction_id", "");
            x.putNull("date_paid");
            x.putNull("date_paid_gmt");
        });
        long id = o.path("id").asLong();
        assertEquals(JobWorker.Outcome.completed, sync(t, id));
        long so = saleOrder(t, id);
        long invoice = bound(store, t, "invoice_" + id);
        assertEquals("posted", h.odoo.record("account.move", invoice).get("state"));
        assertEquals("not_paid", h.odoo.record("account.move", invoice).get("payment_state"));
        int payments = h.odoo.records("account.payment").size();

        // The customer refused one mug at the door: refunded in WooCommerce, no money given back.
        h.woo.addRefundAsGiven(id, OrderEdits.refund(id * 100, "12.18", false,
                List.of(new OrderEdits.Refunded(MUG, 1, "11.25", "0.93")), null, null));
        assertEquals(JobWorker.Outcome.completed, sync(t, id));

        List<Map<String, Object>> notes = h.recordsWhere("account.move", "reversed_entry_id", invoice);
        assertEquals(1, notes.size());
        Map<String, Object> cn = notes.get(0);
        assertEquals("posted", cn.get("state"));
        assertEquals(new BigDecimal("12.18"), money(cn.get("amount_total")));
        assertEquals(payments, h.odoo.records("account.payment").size(), "no money paid back: no payment");
        assertEquals("paid", cn.get("payment_state"), "the credit note is used up against the invoice");
        Map<String, Object> inv = h.odoo.record("account.move", invoice);
        assertEquals("partial", inv.get("payment_state"));
        assertEquals(new BigDecimal("37.08"), money(inv.get("amount_residual")), "49.26 − 12.18 still to pay");
        // The credit note's line names the mug's sales order line: Odoo's invoiced quantity drops to 1.
        long mugLine = (Long) soLine(so, "MUG-001").get("id");
        Map<String, Object> cnLine = h.recordsWhere("account.move.line", "move_id", cn.get("id")).stream()
                .filter(l -> "product".equals(l.get("display_type"))).findFirst().orElseThrow();
        assertEquals(List.of(mugLine), cnLine.get("sale_line_ids"));
        assertEquals(1, ((Number) soLine(so, "MUG-001").get("qty_invoiced")).intValue());
        assertEquals(JobWorker.Outcome.skipped, sync(t, id), "credited once");

        // The cash arrives: WooCommerce marks the order paid; the payment is what is left on the invoice.
        h.woo.modifyOrder(id, x -> {
            x.put("date_paid", "2026-11-28T10:00:00");
            x.put("date_paid_gmt", "2026-11-28T10:00:00");
        });
        assertEquals(JobWorker.Outcome.completed, sync(t, id));
        List<Map<String, Object>> made = h.payments("WooCommerce #" + id);
        assertEquals(1, made.size());
        assertEquals(new BigDecimal("37.08"), money(made.get(0).get("amount")));
        assertEquals(h.cashJournal, made.get(0).get("journal_id"));
        assertEquals("paid", h.odoo.record("account.move", invoice).get("payment_state"));
    }

    @Test
    void paidBackRefundIsAPaymentAndItsCreditNoteLinesIncludingShippingAreLinked() {
        Tenant t = h.tenant("refund-paid", store, ds);
        ObjectNode o = h.addOrder("036-order_get_after_create", x -> SyncHarness.paid(x, "stripe", "Stripe", "pi_refund_linked"));
        long id = o.path("id").asLong();
        assertEquals(JobWorker.Outcome.completed, sync(t, id));
        long so = saleOrder(t, id);
        long invoice = bound(store, t, "invoice_" + id);
        // The tee and its shipping refunded through Stripe: 18.00 + 1.49 tax, shipping 5.00 + 0.41.
        h.woo.addRefundAsGiven(id, OrderEdits.refund(id * 100, "24.90", true,
                List.of(new OrderEdits.Refunded(TEE_M, 1, "18.00", "1.49")), "5.00", "0.41"));

        assertEquals(JobWorker.Outcome.completed, sync(t, id));

        Map<String, Object> cn = h.recordsWhere("account.move", "reversed_entry_id", invoice).get(0);
        assertEquals(new BigDecimal("24.90"), money(cn.get("amount_total")));
        List<Map<String, Object>> lines = h.recordsWhere("account.move.line", "move_id", cn.get("id")).stream()
                .filter(l -> "product".equals(l.get("display_type"))).toList();
        assertEquals(2, lines.size());
        for (String sku : List.of("TEE-M", "SHIPPING")) {
            Map<String, Object> l = lines.stream().filter(x -> h.products.get(sku).equals(x.get("product_id"))).findFirst().orElseThrow();
            assertEquals(List.of(soLine(so, sku).get("id")), l.get("sale_line_ids"), sku);
            assertEquals(0, ((Number) soLine(so, sku).get("qty_invoiced")).intValue(), sku + " no longer invoiced");
        }
        assertFalse(h.payments("WooCommerce refund #" + (id * 100) + " of order #" + id).isEmpty(),
                "money given back through the gateway: a refund payment");
        assertEquals("paid", cn.get("payment_state"));
    }
}
