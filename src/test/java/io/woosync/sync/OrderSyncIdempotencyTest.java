package io.woosync.sync;

import static io.woosync.sync.SyncHarness.bound;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.woosync.odoo.standin.Fault;
import io.woosync.odoo.standin.StandInOdoo;
import io.woosync.queue.JobQueue;
import io.woosync.queue.JobWorker;
import io.woosync.sync.SyncHarness.Tenant;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing is ever created twice: the same paid and partly refunded order processed twice, by two
 * workers at once, and with the connection dropped right after each single Odoo call in turn (Odoo
 * applied it, WooSync never heard back: what a crash after that call looks like to Odoo), then retried.
 * Each ends with exactly one sales order, one invoice, one payment, one credit note (and one refund
 * payment) for the refund, and one external id per created record.
 */
@QuarkusTest
class OrderSyncIdempotencyTest extends WithSyncHarness {

    @Inject JobQueue queue;
    @Inject JobWorker worker;
    @Inject DataSource ds;
    @Inject SyncStore store;
    @Inject OrderSync orderSync;

    @AfterEach
    void clear() {
        h.odoo.clearFaults();
    }

    /** A paid B2B order with a unique company and email, and one paid-back partial refund. */
    ObjectNode refundedOrder(String txn) {
        String unique = Long.toString(System.nanoTime());
        ObjectNode o = h.addOrder("036-order_get_after_create", x -> {
            SyncHarness.paid(x, "stripe", "Stripe", txn);
            ((ObjectNode) x.get("billing")).put("company", "Acme " + unique);
            ((ObjectNode) x.get("billing")).put("email", "jane." + unique + "@example.test");
            x.put("customer_id", 0); // a guest: the partner is matched by the unique email
        });
        long id = o.path("id").asLong();
        long itemId = o.path("line_items").get(0).path("id").asLong();
        return h.woo.addRefundAsGiven(id, OrderSyncScenarioTest.refund(id * 100, "12.18", true, itemId, "MUG-001", 1, "11.25", "0.93"));
    }

    void assertExactlyOnce(Tenant t, ObjectNode o, String txn) {
        long id = o.path("id").asLong();
        List<Map<String, Object>> orders = h.recordsWhere("sale.order", "client_order_ref", Long.toString(id));
        assertEquals(1, orders.size(), "one sales order for #" + id);
        assertEquals("sale", orders.get(0).get("state"));
        h.assertTotals(o, "sale.order", (Long) orders.get(0).get("id"));
        String soName = (String) orders.get(0).get("name");
        List<Map<String, Object>> invoices = h.search("account.move",
                List.of(List.of("move_type", "=", "out_invoice"), List.of("invoice_origin", "=", soName)));
        assertEquals(1, invoices.size(), "one invoice for " + soName);
        assertEquals("posted", invoices.get(0).get("state"));
        h.assertTotals(o, "account.move", (Long) invoices.get(0).get("id"));
        assertEquals(1, h.payments(txn).size(), "one payment for " + txn);
        List<Map<String, Object>> notes = h.recordsWhere("account.move", "reversed_entry_id", invoices.get(0).get("id"));
        assertEquals(1, notes.size(), "one credit note for the one refund");
        assertEquals("posted", notes.get(0).get("state"));
        assertEquals(1, h.payments("WooCommerce refund #" + (id * 100) + " of order #" + id).size(),
                "one refund payment");
        String module = "woosync_" + t.slug().replace('-', '_');
        for (String key : List.of("order_" + id, "invoice_" + id, "payment_" + id + "_" + txn, "refund_" + id + "_" + (id * 100))) {
            Long odooId = bound(store, t, key);
            assertNotNull(odooId, key + " is bound");
            List<Map<String, Object>> xids = h.externalIds(module, OrderExecutor.xid(key));
            assertEquals(1, xids.size(), "one external id for " + key);
            assertEquals(odooId, ((Number) xids.get(0).get("res_id")).longValue(), key);
        }
    }

    @Test
    void theSameOrderTwice() {
        Tenant t = h.tenant("twice", store, ds);
        ObjectNode o = refundedOrder(h.txn("pi_twice"));
        assertEquals(JobWorker.Outcome.completed, SyncHarness.sync(queue, worker, ds, t, o.path("id").asLong()));
        assertEquals(JobWorker.Outcome.skipped, SyncHarness.sync(queue, worker, ds, t, o.path("id").asLong()));
        assertExactlyOnce(t, o, h.txn("pi_twice"));
    }

    @Test
    void twoWorkersAtOnce() throws Exception {
        Tenant t = h.tenant("race", store, ds);
        ObjectNode o = refundedOrder(h.txn("pi_race"));
        long id = o.path("id").asLong();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            results.add(pool.submit(() -> {
                go.await();
                try {
                    return orderSync.sync(t.slug(), id, null).status().name();
                } catch (io.woosync.SyncFailure e) {
                    return "backed off: " + e.adminMessage();
                }
            }));
        }
        go.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> f : results) {
            outcomes.add(f.get());
        }
        pool.shutdown();
        assertTrue(outcomes.contains("completed"), outcomes.toString());
        // Whoever backed off (or ran second) finds nothing left to do.
        assertEquals("skipped", orderSync.sync(t.slug(), id, null).status().name());
        assertExactlyOnce(t, o, h.txn("pi_race"));
    }

    /**
     * Two shops syncing into one Odoo, an order in each with the same payment reference (here the
     * transaction id; in practice "WooCommerce #N" for bank transfers of equal order numbers). The second
     * shop's payment call is lost on the wire; its retry must register its own payment, not take the first
     * shop's. Before the fix the retry took any payment with that reference and the invoice stayed unpaid
     * while the order counted as paid (surfaced by rerunning the suite on a real Odoo 17, where an earlier
     * run's payments carry the same references).
     */
    @Test
    void aRetryDoesNotTakeAnotherOrdersPaymentWithTheSameReference() {
        StandInOdoo odoo = h.odoo.standIn(); // fault injection
        String txn = "pi_shared_" + System.nanoTime();
        Tenant shopA = h.tenant("memo-a", store, ds);
        Tenant shopB = h.tenant("memo-b", store, ds);
        long a = h.addOrder("049-order_create_for_delete", x -> SyncHarness.paid(x, "stripe", "Stripe", txn)).path("id").asLong();
        long b = h.addOrder("049-order_create_for_delete", x -> SyncHarness.paid(x, "stripe", "Stripe", txn)).path("id").asLong();
        assertEquals(JobWorker.Outcome.completed, SyncHarness.sync(queue, worker, ds, shopA, a));

        odoo.inject("account.payment.register", "create", Fault.drop(), 1);
        JobWorker.Outcome first = SyncHarness.sync(queue, worker, ds, shopB, b);
        assertTrue(first != JobWorker.Outcome.completed, "the payment call was lost: " + first);
        long job = SyncHarness.jobOf(ds, shopB, b);
        queue.retryNow(shopB.id(), job, "test");
        assertEquals(JobWorker.Outcome.completed, SyncHarness.runJob(worker, job), SyncHarness.jobError(ds, job));

        long invoiceA = bound(store, shopA, "invoice_" + a);
        long invoiceB = bound(store, shopB, "invoice_" + b);
        assertEquals("paid", h.record("account.move", invoiceB).get("payment_state"), "shop B's invoice is paid by its own payment");
        long paymentB = bound(store, shopB, "payment_" + b + "_" + txn);
        assertEquals(List.of(invoiceB), h.record("account.payment", paymentB).get("reconciled_invoice_ids"));
        assertTrue(paymentB != bound(store, shopA, "payment_" + a + "_" + txn));
        assertEquals("paid", h.record("account.move", invoiceA).get("payment_state"));
        assertEquals(2, h.payments(txn).size());
    }

    @Test
    void droppedAfterEachOdooCallThenRetried() {
        StandInOdoo odoo = h.odoo.standIn(); // drops after call N: the stand-in only (skipped on a real Odoo)
        // A clean run tells how many Odoo calls the whole order takes.
        Tenant ref = h.tenant("crash-ref", store, ds);
        ObjectNode refOrder = refundedOrder("pi_crash_ref");
        odoo.resetCalls();
        assertEquals(JobWorker.Outcome.completed, SyncHarness.sync(queue, worker, ds, ref, refOrder.path("id").asLong()));
        List<String> flow = List.copyOf(odoo.callLog());
        assertTrue(flow.size() >= 12, flow.toString());

        for (int n = 1; n <= flow.size(); n++) {
            Tenant t = h.tenant("crash" + n, store, ds);
            String txn = "pi_crash_" + n;
            ObjectNode o = refundedOrder(txn);
            long id = o.path("id").asLong();
            odoo.injectAtCall(n, Fault.dropAfterCommit());
            JobWorker.Outcome first = SyncHarness.sync(queue, worker, ds, t, id);
            odoo.clearFaults();
            long job = SyncHarness.jobOf(ds, t, id);
            JobWorker.Outcome last = first;
            for (int attempt = 0; attempt < 3 && last != JobWorker.Outcome.completed && last != JobWorker.Outcome.skipped; attempt++) {
                queue.retryNow(t.id(), job, "test");
                last = SyncHarness.runJob(worker, job);
            }
            String call = n + " (" + flow.get(n - 1) + ")";
            assertTrue(last == JobWorker.Outcome.completed || last == JobWorker.Outcome.skipped,
                    "after a drop at call " + call + ": " + last + " " + SyncHarness.jobError(ds, job));
            try {
                assertExactlyOnce(t, o, txn);
            } catch (AssertionError e) {
                throw new AssertionError("after a drop at call " + call + ": " + e.getMessage(), e);
            }
            // And a further sync changes nothing.
            assertEquals(JobWorker.Outcome.skipped, SyncHarness.sync(queue, worker, ds, t, id), "call " + call);
        }
    }
}
