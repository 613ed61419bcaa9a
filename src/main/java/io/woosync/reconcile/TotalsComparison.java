package io.woosync.reconcile;

import io.woosync.sync.SyncStore.SyncedOrder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pure: one synced order's WooCommerce total against the Odoo documents WooSync made for it, as Odoo
 * reads them now. A difference is anything a finance person must look at: a document that no longer
 * exists, a sales order (not cancelled) or an invoice (not cancelled) whose total is not WooCommerce's.
 * Refunds do not count: WooCommerce's total and the invoice both stay as charged, credit notes apart.
 */
public final class TotalsComparison {

    /** An Odoo document as read: its total (Odoo's float, read as text) and state. */
    public record OdooDocument(long id, BigDecimal total, String state) {
    }

    private TotalsComparison() {
    }

    /**
     * @param saleOrder the order's sales order as read now; null when WooSync made none, or it is gone
     *                  (then {@code o.saleOrderId()} tells which)
     * @param invoice   the same for its invoice
     */
    public static Optional<TotalsDifference> compare(SyncedOrder o, OdooDocument saleOrder, OdooDocument invoice) {
        BigDecimal woo = money(o.wooTotal());
        List<String> findings = new ArrayList<>();
        BigDecimal soTotal = null;
        BigDecimal invTotal = null;
        BigDecimal difference = null;
        if (o.saleOrderId() != null) {
            if (saleOrder == null) {
                findings.add("sales order " + o.saleOrderId() + " is gone from Odoo");
            } else {
                soTotal = money(saleOrder.total());
                if (!"cancel".equals(saleOrder.state()) && soTotal.compareTo(woo) != 0) {
                    findings.add("sales order " + saleOrder.id() + " totals " + soTotal.toPlainString());
                    difference = soTotal.subtract(woo);
                }
            }
        }
        if (o.invoiceId() != null) {
            if (invoice == null) {
                findings.add("invoice " + o.invoiceId() + " is gone from Odoo");
            } else {
                invTotal = money(invoice.total());
                if (!"cancel".equals(invoice.state()) && invTotal.compareTo(woo) != 0) {
                    findings.add("invoice " + invoice.id() + " (" + invoice.state() + ") totals " + invTotal.toPlainString());
                    difference = invTotal.subtract(woo);
                }
            }
        }
        if (findings.isEmpty()) {
            return Optional.empty();
        }
        String finding = "Order #" + o.number() + ": WooCommerce charged " + woo.toPlainString() + " " + o.currency() + "; "
                + String.join("; ", findings) + ".";
        return Optional.of(new TotalsDifference(o.wooOrderId(), o.number(), o.currency(), woo, o.saleOrderId(), soTotal,
                o.invoiceId(), invTotal, difference, finding));
    }

    /**
     * Money as finance reads it: Odoo's floats carry binary noise (49.260000000000005) and our column four
     * decimals, so both are rounded half-up to four, then shown with at least two (no currency WooSync
     * syncs has more than four).
     */
    static BigDecimal money(BigDecimal v) {
        BigDecimal r = v.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
        return r.scale() < 2 ? r.setScale(2) : r;
    }
}
