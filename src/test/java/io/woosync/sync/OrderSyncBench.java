package io.woosync.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.woosync.odoo.OdooGateway;
import io.woosync.sync.plan.OrderLine;
import io.woosync.sync.plan.PlanStep;
import io.woosync.tenant.TenantConnections;
import io.woosync.tenant.TenantService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark (run by bench/order-sync.sh, skipped otherwise): Odoo calls and Odoo time per paid order
 * through OrderSync with warm caches (returning customer already bound, SKUs cached), beside a minimal
 * hand-written flow (create, confirm, invoice wizard ×2, post, payment wizard ×2) against the same
 * Odoo in the same run (the stand-in, or the real Odoo that WOOSYNC_ODOO_URL names). Prints figures;
 * asserts nothing about time.
 */
@QuarkusTest
@TestProfile(OrderSyncBench.Profile.class)
@EnabledIfSystemProperty(named = "woosync.bench", matches = "true")
class OrderSyncBench {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(TimedOdooGateway.class);
        }
    }

    @Inject OrderSync sync;
    @Inject OdooGateway gateway;
    @Inject SyncStore store;
    @Inject TenantService tenants;
    @Inject DataSource ds;

    @Test
    void callsAndTimePerPaidOrder() {
        int orders = Integer.getInteger("woosync.bench.orders", 40);
        TimedOdooGateway timed = (TimedOdooGateway) io.quarkus.arc.Arc.container().instance(TimedOdooGateway.class).get();
        try (SyncHarness h = new SyncHarness()) {
            SyncHarness.Tenant t = h.tenant("bench", store, ds);
            TenantConnections.Odoo odoo = QuarkusTransaction.requiringNew().call(() -> tenants.odoo(tenants.findBySlug(t.slug()).orElseThrow()));
            String today = LocalDate.now(ZoneOffset.UTC) + "T10:00:00";
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i <= orders; i++) {
                int n = i;
                ids.add(h.addOrder("036-order_get_after_create", x -> {
                    SyncHarness.paid(x, "stripe", "Stripe", "pi_bench_" + n + "_" + System.nanoTime());
                    x.put("date_paid", today);
                    x.put("date_paid_gmt", today);
                }).path("id").asLong());
            }
            // Warm-up: binds the returning customer and caches SKUs and countries.
            sync.sync(t.slug(), ids.get(0), null);
            OrderSync.Preview sample = sync.preview(findTenant(t.slug()), ids.get(1));
            PlanStep.CreateSaleOrder so = sample.plan().step(PlanStep.CreateSaleOrder.class).orElseThrow();
            long partner = sample.planned().bindings().get(so.partnerKey()).odooId();

            long syncCalls = 0, syncNanos = 0, minCalls = 0, minNanos = 0;
            for (int i = 1; i <= orders; i++) {
                // Alternate so that both flows see the same stand-in state and JIT warmth.
                timed.reset();
                sync.sync(t.slug(), ids.get(i), null);
                syncCalls += timed.calls.get();
                syncNanos += timed.nanos.get();

                timed.reset();
                minimalFlow(odoo, partner, so, h.stripeJournal, "pi_min_" + i + "_" + System.nanoTime());
                minCalls += timed.calls.get();
                minNanos += timed.nanos.get();
            }
            double perSync = syncNanos / 1e6 / orders;
            double perMin = minNanos / 1e6 / orders;
            System.out.printf("%nBENCH order sync, %d paid orders (B2B, 3 lines, coupon, shipping, tax; warm caches), %s Odoo %d%n", orders,
                    h.odoo.isStandIn() ? "stand-in" : "real", h.odoo.major());
            System.out.printf("BENCH WooSync:       %.2f Odoo calls/order, %.2f ms Odoo time/order%n", (double) syncCalls / orders, perSync);
            System.out.printf("BENCH minimal flow:  %.2f Odoo calls/order, %.2f ms Odoo time/order%n", (double) minCalls / orders, perMin);
            System.out.printf("BENCH ratio WooSync/minimal Odoo time: %.3f (target <= 1.10); calls target <= 9%n%n", perSync / perMin);
        }
    }

    private io.woosync.tenant.Tenant findTenant(String slug) {
        return QuarkusTransaction.requiringNew().call(() -> tenants.findBySlug(slug).orElseThrow());
    }

    /** The hand-written flow: the same order, no idempotency, no bookkeeping. */
    private void minimalFlow(TenantConnections.Odoo odoo, long partner, PlanStep.CreateSaleOrder so, long journal, String txn) {
        Map<String, Object> vals = new LinkedHashMap<>();
        vals.put("partner_id", partner);
        vals.put("partner_invoice_id", partner);
        vals.put("partner_shipping_id", partner);
        vals.put("client_order_ref", "min-" + txn);
        List<Object> lines = new ArrayList<>();
        for (OrderLine l : so.lines()) {
            lines.add(List.of(0, 0, l.saleOrderLineValues(so.taxField())));
        }
        vals.put("order_line", lines);
        long order = gateway.create(odoo, "sale.order", vals);
        gateway.callMethod(odoo, "sale.order", "action_confirm", List.of(order), null);
        Map<String, Object> ctx = Map.of("active_model", "sale.order", "active_ids", List.of(order), "active_id", order);
        long wizard = gateway.create(odoo, "sale.advance.payment.inv", Map.of("advance_payment_method", "delivered"), ctx);
        long invoice = gateway.callMethod(odoo, "sale.advance.payment.inv", "create_invoices", List.of(wizard), ctx).path("res_id").asLong();
        gateway.callMethod(odoo, "account.move", "action_post", List.of(invoice), null);
        Map<String, Object> pctx = Map.of("active_model", "account.move", "active_ids", List.of(invoice), "active_id", invoice);
        long pay = gateway.create(odoo, "account.payment.register", Map.of("journal_id", journal, "communication", txn), pctx);
        gateway.callMethod(odoo, "account.payment.register", "action_create_payments", List.of(pay), pctx);
    }
}
