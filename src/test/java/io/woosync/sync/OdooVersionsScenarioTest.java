package io.woosync.sync;

import static io.woosync.sync.OrderEdits.MUG;
import static io.woosync.sync.SyncHarness.bound;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.woosync.queue.JobQueue;
import io.woosync.queue.JobWorker;
import io.woosync.sync.SyncHarness.Tenant;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The representative scenarios on stand-in Odoo 16, 18 and 19 (19 over JSON-2), with the fields that differ
 * between versions checked where the sync writes them: the sale line's tax field ({@code tax_id} up to 18,
 * {@code tax_ids} on 19), the payment's reference ({@code ref} on 16–17, {@code memo} from 18), the invoice
 * wizard (16 closes it and the invoice is read from the order; 17+ answer its id), the reversal wizard
 * ({@code reverse_moves} with {@code refund_method} on 16, {@code refund_moves} from 17), and product types
 * ({@code detailed_type} on 16–17, {@code type} + {@code is_storable} from 18). Totals to the cent throughout.
 * Odoo 17 runs the same scenarios in {@link OrderSyncScenarioTest} and {@link OrderChangeScenarioTest}.
 */
@QuarkusTest
class OdooVersionsScenarioTest {

    static final Map<Integer, SyncHarness> HARNESSES = new ConcurrentHashMap<>();

    @Inject JobQueue queue;
    @Inject JobWorker worker;
    @Inject DataSource ds;
    @Inject SyncStore store;

    static SyncHarness h(int version) {
        SyncHarness h = HARNESSES.computeIfAbsent(version, SyncHarness::new);
        h.odoo.standIn(); // each version is a stand-in; against a real Odoo (env vars) these are skipped
        return h;
    }

    @AfterAll
    static void stop() {
        HARNESSES.values().forEach(SyncHarness::close);
        HARNESSES.clear();
    }

    JobWorker.Outcome sync(Tenant t, long orderId) {
        return SyncHarness.sync(queue, worker, ds, t, orderId);
    }

    static String refField(int version) {
        return version >= 18 ? "memo" : "ref";
    }

    static Map<String, Integer> delta(Map<String, Integer> before, Map<String, Integer> after) {
        Map<String, Integer> d = new TreeMap<>();
        after.forEach((k, v) -> {
            int n = v - before.getOrDefault(k, 0);
            if (n != 0) {
                d.put(k, n);
            }
        });
        return d;
    }

    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(ints = {16, 18, 19})
    void paidOrderWithCouponShippingAndTax(int version) {
        SyncHarness h = h(version);
        Tenant t = h.tenant("v" + version + "-paid", store, ds);
        String txn = "pi_v" + version + "_paid";
        ObjectNode o = h.addOrder("036-order_get_after_create", x -> SyncHarness.paid(x, "stripe", "Stripe", txn));
        long id = o.path("id").asLong();
        Map<String, Integer> before = h.odoo.calls();

        assertEquals(JobWorker.Outcome.completed, sync(t, id));

        Map<String, Integer> calls = delta(before, h.odoo.calls());
        long so = bound(store, t, "order_" + id);
        h.assertTotals(o, "sale.order", so);
        List<Map<String, Object>> lines = h.recordsWhere("sale.order.line", "order_id", so);
        String taxField = version >= 19 ? "tax_ids" : "tax_id";
        for (Map<String, Object> l : lines) {
            assertEquals(List.of(h.taxExcluded), l.get(taxField), "the sale line's taxes in " + taxField + ": " + l);
            assertFalse(l.containsKey(version >= 19 ? "tax_id" : "tax_ids"), l.toString());
        }
        assertTrue(lines.stream().anyMatch(l -> ((Number) l.get("discount")).doubleValue() > 0), "the coupon as a line discount");
        long invoice = bound(store, t, "invoice_" + id);
        Map<String, Object> inv = h.odoo.record("account.move", invoice);
        assertEquals("posted", inv.get("state"));
        assertEquals("paid", inv.get("payment_state"));
        h.assertTotals(o, "account.move", invoice);
        // The transaction id is the payment's reference: ref on 16-17, memo from 18.
        List<Map<String, Object>> payments = h.recordsWhere("account.payment", refField(version), txn);
        assertEquals(1, payments.size(), calls.toString());
        assertFalse(payments.get(0).containsKey(version >= 18 ? "ref" : "memo"));
        assertEquals(h.stripeJournal, payments.get(0).get("journal_id"));
        assertEquals(SyncHarness.woo(o, "total"), SyncHarness.money(payments.get(0).get("amount")));
        // One read checks Odoo's own total before confirming. 16's invoice wizard closes without naming the
        // invoice: the sync reads it from the order too. 17+ answer its id.
        assertEquals(version == 16 ? 2 : 1, calls.getOrDefault("sale.order.read", 0), calls.toString());
        // 19 speaks JSON-2: no JSON-RPC login, the key is checked per request.
        assertEquals(version >= 19, calls.getOrDefault("common.authenticate", 0) == 0
                && h.odoo.calls("common", "authenticate") == 0, calls.toString());
        // The products the harness made carry this version's type fields.
        Map<String, Object> mug = h.odoo.record("product.product", h.products.get("MUG-001"));
        if (version <= 17) {
            assertEquals("consu", mug.get("detailed_type"));
        } else {
            assertNull(mug.get("detailed_type"));
            assertEquals(Boolean.FALSE, mug.get("is_storable"));
        }
        assertEquals("consu", mug.get("type"));
        assertEquals(JobWorker.Outcome.skipped, sync(t, id), "our own write-back's echo");
    }

    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(ints = {16, 18, 19})
    void partialRefundBecomesALinkedCreditNoteAndARefundPayment(int version) {
        SyncHarness h = h(version);
        Tenant t = h.tenant("v" + version + "-refund", store, ds);
        ObjectNode o = h.addOrder("036-order_get_after_create", x -> SyncHarness.paid(x, "stripe", "Stripe", "pi_v" + version + "_refund"));
        long id = o.path("id").asLong();
        assertEquals(JobWorker.Outcome.completed, sync(t, id));
        long so = bound(store, t, "order_" + id);
        long invoice = bound(store, t, "invoice_" + id);
        long refundId = id * 100;
        h.woo.addRefundAsGiven(id, OrderEdits.refund(refundId, "12.18", true, List.of(new OrderEdits.Refunded(MUG, 1, "11.25", "0.93")),
                null, null));

        assertEquals(JobWorker.Outcome.completed, sync(t, id));

        List<Map<String, Object>> notes = h.recordsWhere("account.move", "reversed_entry_id", invoice);
        assertEquals(1, notes.size());
        Map<String, Object> cn = notes.get(0);
        assertEquals("out_refund", cn.get("move_type"));
        assertEquals("posted", cn.get("state"));
        assertEquals(new BigDecimal("12.18"), SyncHarness.money(cn.get("amount_total")));
        assertEquals(new BigDecimal("0.93"), SyncHarness.money(cn.get("amount_tax")));
        Map<String, Object> mugLine = h.recordsWhere("sale.order.line", "order_id", so).stream()
                .filter(l -> h.products.get("MUG-001").equals(l.get("product_id"))).findFirst().orElseThrow();
        Map<String, Object> cnLine = h.recordsWhere("account.move.line", "move_id", cn.get("id")).stream()
                .filter(l -> "product".equals(l.get("display_type"))).findFirst().orElseThrow();
        assertEquals(List.of(mugLine.get("id")), cnLine.get("sale_line_ids"));
        assertEquals(1, ((Number) mugLine.get("qty_invoiced")).intValue(), "Odoo's invoiced quantity dropped by the refunded mug");
        List<Map<String, Object>> payouts = h.recordsWhere("account.payment", refField(version),
                "WooCommerce refund #" + refundId + " of order #" + id);
        assertEquals(1, payouts.size());
        assertEquals(new BigDecimal("12.18"), SyncHarness.money(payouts.get(0).get("amount")));
        assertEquals("paid", cn.get("payment_state"));
        assertEquals(JobWorker.Outcome.skipped, sync(t, id), "credited once");
        assertEquals(1, h.recordsWhere("account.move", "reversed_entry_id", invoice).size());
    }

    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(ints = {16, 18, 19})
    void bankTransferPaidLaterThenCancelledIsReversedByTheWizard(int version) {
        SyncHarness h = h(version);
        Tenant t = h.tenant("v" + version + "-bacs", store, ds);
        ObjectNode o = h.addOrder("036-order_get_after_create", x -> {
            x.put("status", "on-hold");
            x.put("payment_method", "bacs");
            x.put("payment_method_title", "Direct bank transfer");
            x.put("transaction_id", "");
            x.putNull("date_paid");
            x.putNull("date_paid_gmt");
        });
        long id = o.path("id").asLong();
        assertEquals(JobWorker.Outcome.completed, sync(t, id));
        long so = bound(store, t, "order_" + id);
        assertEquals("draft", h.odoo.record("sale.order", so).get("state"));
        assertNull(bound(store, t, "invoice_" + id), "no invoice before the money arrives");

        ObjectNode paid = h.woo.modifyOrder(id, x -> {
            x.put("status", "processing");
            x.put("date_paid", "2026-11-27T23:00:00");
            x.put("date_paid_gmt", "2026-11-27T23:00:00");
        });
        assertEquals(JobWorker.Outcome.completed, sync(t, id));
        assertEquals("sale", h.odoo.record("sale.order", so).get("state"));
        long invoice = bound(store, t, "invoice_" + id);
        h.assertTotals(paid, "account.move", invoice);
        assertEquals("paid", h.odoo.record("account.move", invoice).get("payment_state"));
        List<Map<String, Object>> payments = h.recordsWhere("account.payment", refField(version), "WooCommerce #" + id);
        assertEquals(1, payments.size());
        assertEquals(h.bankJournal, payments.get(0).get("journal_id"));
        assertEquals(1, h.recordsWhere("sale.order", "client_order_ref", Long.toString(id)).size());

        // Cancelled after invoicing: a full reversal through the wizard (16: reverse_moves with refund_method).
        h.woo.modifyOrder(id, x -> x.put("status", "cancelled"));
        Map<String, Integer> before = h.odoo.calls();
        assertEquals(JobWorker.Outcome.completed, sync(t, id));
        Map<String, Integer> calls = delta(before, h.odoo.calls());
        assertEquals(version == 16 ? 1 : 0, calls.getOrDefault("account.move.reversal.reverse_moves", 0), calls.toString());
        assertEquals(version == 16 ? 0 : 1, calls.getOrDefault("account.move.reversal.refund_moves", 0), calls.toString());
        List<Map<String, Object>> notes = h.recordsWhere("account.move", "reversed_entry_id", invoice);
        assertEquals(1, notes.size());
        assertEquals("posted", notes.get(0).get("state"));
        assertEquals(SyncHarness.woo(paid, "total"), SyncHarness.money(notes.get(0).get("amount_total")));
        // The wizard copies each invoice line's sale_line_ids, as Odoo's reversal does.
        List<Object> linked = h.recordsWhere("account.move.line", "move_id", notes.get(0).get("id")).stream()
                .filter(l -> "product".equals(l.get("display_type"))).map(l -> l.get("sale_line_ids")).toList();
        assertTrue(linked.stream().allMatch(l -> l instanceof List<?> ids && ids.size() == 1), linked.toString());
    }
}
