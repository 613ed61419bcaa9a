package io.woosync.sync.plan;

import static io.woosync.sync.plan.PlannerFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.woosync.sync.order.WooOrderParser;
import io.woosync.sync.order.WooRefund;
import io.woosync.sync.plan.PlanStep.CreateCreditNote;
import io.woosync.sync.plan.PlanStep.CreateDirectInvoice;
import io.woosync.sync.plan.PlanStep.CreateSaleOrder;
import io.woosync.sync.plan.PlanStep.FlagForReview;
import io.woosync.sync.plan.PlanStep.RegisterPayment;
import io.woosync.sync.plan.PlanStep.SettleCreditNote;
import io.woosync.sync.settings.SyncSettings;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pure rules for changes after sync and for refunds of an order whose invoice is still open. */
class ChangesAfterSyncPlannerTest {

    static final List<String> INVOICED_17 = List.of("company_acme-inc", "customer_2", "order_17", "confirm_17", "invoice_17",
            "post_invoice_17", "payment_17_paid");

    static List<OrderLine> linesOf(ObjectNode order) {
        return plan(order(order)).step(CreateSaleOrder.class).orElseThrow().lines();
    }

    /** Order 17 (036) with 3 mugs instead of 2, as WooCommerce recalculates it: total 61.43, tax 4.68. */
    static ObjectNode threeMugs(ObjectNode j) {
        ObjectNode mug = (ObjectNode) array(j, "line_items").get(0);
        mug.put("quantity", 3).put("subtotal", "37.50").put("total", "33.75").put("subtotal_tax", "3.09").put("total_tax", "2.78");
        ((ObjectNode) mug.get("taxes").get(0)).put("total", "2.78").put("subtotal", "3.09");
        ((ObjectNode) array(j, "tax_lines").get(0)).put("tax_total", "4.27");
        j.put("total", "61.43").put("total_tax", "4.68").put("cart_tax", "4.27");
        return j;
    }

    @Test
    void changeAfterInvoiceIsFlaggedWithTheFiguresAndStaysInReviewUntilResolved() {
        OrderBindings invoiced = done(linesOf(paidOrder()), INVOICED_17.toArray(String[]::new));
        Plan p = plan(order(threeMugs(paidOrder())), List.of(), lookups(), settings(), invoiced);

        assertEquals(List.of("FlagForReview"), ops(p));
        String reason = p.step(FlagForReview.class).orElseThrow().reason();
        assertEquals("Order #17 changed in WooCommerce after it was invoiced in Odoo: WooCommerce now says 61.43 (untaxed 56.75, "
                + "tax 4.68), the invoice in Odoo says 49.26 (untaxed 45.50, tax 3.76), a difference of 12.17; changed: \"Fixture Mug\": "
                + "quantity 2 → 3. The posted invoice is not rewritten: correct it in Odoo by hand (a credit note or an extra invoice) "
                + "or undo the change in WooCommerce.", reason);
        assertEquals(List.of(reason), p.reviewReasons());

        // Flagged once: the next plan writes nothing and records nothing new, but the order still needs review.
        List<String> keys = new ArrayList<>(INVOICED_17);
        keys.add(p.step(FlagForReview.class).orElseThrow().key());
        Plan again = plan(order(threeMugs(paidOrder())), List.of(), lookups(), settings(), done(linesOf(paidOrder()), keys.toArray(String[]::new)));
        assertTrue(again.steps().isEmpty());
        assertEquals(List.of(reason), again.reviewReasons());

        // Back as invoiced: nothing to review.
        Plan undone = plan(order(paidOrder()), List.of(), lookups(), settings(), done(linesOf(paidOrder()), keys.toArray(String[]::new)));
        assertTrue(undone.steps().isEmpty());
        assertFalse(undone.needsReview());
    }

    @Test
    void anAcknowledgedReviewBecomesANoteUntilTheFiguresChangeAgain() {
        OrderBindings invoiced = done(linesOf(paidOrder()), INVOICED_17.toArray(String[]::new));
        Plan flagged = plan(order(threeMugs(paidOrder())), List.of(), lookups(), settings(), invoiced);
        Plan.Review review = flagged.reviews().get(0);
        assertEquals(flagged.step(FlagForReview.class).orElseThrow().key(), review.key());
        assertEquals(List.of(review.key()), flagged.reviewKeys());

        // Flagged, then acknowledged by a person: no longer open, listed as a note; nothing to do in Odoo.
        List<String> keys = new ArrayList<>(INVOICED_17);
        keys.add(review.key());
        keys.add(Plan.Review.acknowledgementKey(review.key()));
        Plan acknowledged = plan(order(threeMugs(paidOrder())), List.of(), lookups(), settings(),
                done(linesOf(paidOrder()), keys.toArray(String[]::new)));
        assertFalse(acknowledged.needsReview(), acknowledged.reviews().toString());
        assertTrue(acknowledged.steps().isEmpty());
        assertTrue(acknowledged.notes().contains("Acknowledged by a person: " + review.reason()), acknowledged.notes().toString());

        // Another change (four mugs: other figures, another key): flagged again, the acknowledgement does not cover it.
        ObjectNode fourMugs = threeMugs(paidOrder());
        ObjectNode mug = (ObjectNode) array(fourMugs, "line_items").get(0);
        mug.put("quantity", 4).put("subtotal", "50.00").put("total", "45.00").put("subtotal_tax", "4.13").put("total_tax", "3.71");
        ((ObjectNode) mug.get("taxes").get(0)).put("total", "3.71").put("subtotal", "4.13");
        ((ObjectNode) array(fourMugs, "tax_lines").get(0)).put("tax_total", "5.20");
        fourMugs.put("total", "73.61").put("total_tax", "5.61").put("cart_tax", "5.20");
        Plan changedAgain = plan(order(fourMugs), List.of(), lookups(), settings(), done(linesOf(paidOrder()), keys.toArray(String[]::new)));
        assertTrue(changedAgain.needsReview());
        assertFalse(changedAgain.reviewKeys().contains(review.key()));
        assertEquals(List.of("FlagForReview"), ops(changedAgain));
    }

    @Test
    void sameAmountsEncodedDifferentlyAfterInvoiceAreNotAChange() {
        // What was invoiced: the mug as 11.25 without discount instead of 12.50 − 10 % — the same 22.50 and tax.
        List<OrderLine> lines = new ArrayList<>(linesOf(paidOrder()));
        OrderLine mug = lines.get(0);
        lines.set(0, new OrderLine(mug.source(), mug.kind(), mug.productId(), mug.name(), mug.quantity(), new BigDecimal("11.25"),
                BigDecimal.ZERO.setScale(2), mug.taxIds()));
        Plan p = plan(order(paidOrder()), List.of(), lookups(), settings(), done(lines, INVOICED_17.toArray(String[]::new)));
        assertTrue(p.steps().isEmpty(), () -> ops(p).toString());
        assertFalse(p.needsReview());
    }

    @Test
    void aCentBetweenTaxAndUntaxedCorrectedAtInvoicingIsNotAChangeLater() {
        // WooCommerce's tax line is a cent above Odoo's per-line arithmetic: invoiced with a visible rounding line.
        ObjectNode j = paidOrder();
        ((ObjectNode) array(j, "tax_lines").get(0)).put("tax_total", "3.36");
        j.put("cart_tax", "3.36").put("total_tax", "3.77").put("total", "49.27");
        Plan first = plan(order(j));
        List<OrderLine> invoicedLines = first.step(CreateSaleOrder.class).orElseThrow().lines();
        assertTrue(invoicedLines.stream().anyMatch(l -> l.kind() == OrderLine.Kind.ROUNDING), first.notes().toString());
        Plan later = plan(order(j), List.of(), lookups(), settings(), done(invoicedLines, INVOICED_17.toArray(String[]::new)));
        assertTrue(later.steps().isEmpty(), () -> later.reviews().toString());
        assertFalse(later.needsReview());
    }

    @Test
    void beforeTheInvoiceTheUpdateIsDescribedInWords() {
        ObjectNode j = paidOrder();
        j.remove("date_paid");
        OrderBindings ordered = done(linesOf(j), "company_acme-inc", "customer_2", "order_17", "confirm_17");
        Plan p = plan(order(threeMugs(j.deepCopy())), List.of(), lookups(), settings(), ordered);
        assertEquals(List.of("UpdateSaleOrderLines"), ops(p));
        assertTrue(p.notes().contains("Order #17 changed in WooCommerce before it was invoiced: the Odoo sales order is updated "
                + "(\"Fixture Mug\": quantity 2 → 3)."), p.notes().toString());
        assertFalse(p.needsReview());
        String first = p.step(PlanStep.UpdateSaleOrderLines.class).orElseThrow().key();
        assertTrue(first.startsWith("order_lines_17_1_"), first);

        // Edited back (3 → 2) and then to 3 again: each update is its own step, the last one too.
        List<OrderLine> three = p.step(PlanStep.UpdateSaleOrderLines.class).orElseThrow().target();
        Plan back = plan(order(j), List.of(), lookups(), settings(),
                done(three, "company_acme-inc", "customer_2", "order_17", "confirm_17", first));
        String second = back.step(PlanStep.UpdateSaleOrderLines.class).orElseThrow().key();
        assertTrue(second.startsWith("order_lines_17_2_"), second);
        Plan again = plan(order(threeMugs(j.deepCopy())), List.of(), lookups(), settings(),
                done(linesOf(j), "company_acme-inc", "customer_2", "order_17", "confirm_17", first, second));
        assertEquals(List.of("UpdateSaleOrderLines"), ops(again), "the same target as the first update, applied again");
        assertTrue(again.step(PlanStep.UpdateSaleOrderLines.class).orElseThrow().key().startsWith("order_lines_17_3_"));
    }

    @Test
    void invoiceOnlyTenantsAreCheckedToo() {
        SyncSettings s = settings().toBuilder().documents(SyncSettings.DocumentsMode.INVOICE_ONLY).build();
        List<OrderLine> invoicedLines = plan(order(paidOrder()), List.of(), lookups(), s, OrderBindings.none())
                .step(CreateDirectInvoice.class).orElseThrow().lines();
        OrderBindings b = done(invoicedLines, "company_acme-inc", "customer_2", "invoice_17", "post_invoice_17", "payment_17_paid");
        Plan p = plan(order(threeMugs(paidOrder())), List.of(), lookups(), s, b);
        assertEquals(List.of("FlagForReview"), ops(p));
        assertTrue(p.reviewReasons().get(0).contains("a difference of 12.17"), p.reviews().toString());
    }

    static WooRefund mugRefund(boolean paidBack) throws Exception {
        return WooOrderParser.parseRefund(JSON.readTree("""
                {"id": 30, "date_created": "2026-11-28T09:00:00", "amount": "17.59", "reason": "Refused at the door",
                 "refunded_payment": %s,
                 "line_items": [
                  {"id": 40, "name": "Fixture Mug", "product_id": 11, "variation_id": 0, "quantity": -1, "subtotal": "-11.25",
                   "subtotal_tax": "-0.93", "total": "-11.25", "total_tax": "-0.93", "taxes": [{"id": 1, "total": "-0.93", "subtotal": "-0.93"}],
                   "meta_data": [{"id": 1, "key": "_refunded_item_id", "value": "1"}], "sku": "MUG-001", "price": 11.25}],
                 "shipping_lines": [{"id": 42, "method_title": "Flat rate", "method_id": "flat_rate", "total": "-5.00", "total_tax": "-0.41",
                   "taxes": [{"id": 1, "total": "-0.41", "subtotal": ""}]}],
                 "fee_lines": [], "tax_lines": []}""".formatted(paidBack)));
    }

    @Test
    void refundOfAnOpenInvoiceIsReconciledAndTheLaterPaymentIsTheRemainder() throws Exception {
        // Cash on delivery, invoiced on completion before the cash came in.
        SyncSettings s = settings().toBuilder().invoiceTiming(SyncSettings.InvoiceTiming.WHEN_COMPLETED).build();
        ObjectNode j = paidOrder();
        j.put("status", "completed").put("payment_method", "cod").put("transaction_id", "");
        j.remove("date_paid");
        j.remove("date_paid_gmt");
        List<OrderLine> lines = linesOf(paidOrder());
        OrderBindings open = done(lines, "company_acme-inc", "customer_2", "order_17", "confirm_17", "invoice_17", "post_invoice_17");
        Plan p = plan(order(j), List.of(mugRefund(false)), lookups(), s, open);
        assertEquals(List.of("CreateCreditNote", "PostCreditNote", "SettleCreditNote"), ops(p));
        SettleCreditNote settle = p.step(SettleCreditNote.class).orElseThrow();
        assertEquals(PlanStep.Settlement.RECONCILE_WITH_INVOICE, settle.settlement());
        assertEquals(new BigDecimal("17.59"), settle.amount());
        // The refunded shipping line names the order's shipping line: the credit note line links to it.
        List<String> sources = p.step(CreateCreditNote.class).orElseThrow().lines().stream().map(OrderLine::source).toList();
        assertEquals(List.of("line_items:1", "shipping_lines:3"), sources);

        // Later WooCommerce marks it paid: the payment is 49.26 − 17.59 already credited against the invoice.
        ObjectNode paidLater = j.deepCopy();
        paidLater.put("date_paid", "2026-11-29T10:00:00").put("date_paid_gmt", "2026-11-29T10:00:00");
        OrderBindings settled = done(lines, "company_acme-inc", "customer_2", "order_17", "confirm_17", "invoice_17", "post_invoice_17",
                "refund_17_30", "post_refund_17_30", "settle_refund_17_30");
        Plan paid = plan(order(paidLater), List.of(mugRefund(false)), lookups(), s, settled);
        assertEquals(List.of("RegisterPayment"), ops(paid));
        RegisterPayment pay = paid.step(RegisterPayment.class).orElseThrow();
        assertEquals(new BigDecimal("31.67"), pay.amount());
        assertEquals(CASH_JOURNAL, pay.journalId());
    }
}
