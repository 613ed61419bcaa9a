package io.woosync.reconcile;

import java.math.BigDecimal;

/**
 * One synced order whose Odoo documents do not total what WooCommerce charged.
 *
 * @param difference Odoo's total minus WooCommerce's: the invoice's when there is one, else the sales
 *                   order's; null when the document is gone from Odoo
 * @param finding    one sentence for finance, naming the document and both totals
 */
public record TotalsDifference(long wooOrderId, String number, String currency, BigDecimal wooTotal,
                               Long saleOrderId, BigDecimal saleOrderTotal, Long invoiceId, BigDecimal invoiceTotal,
                               BigDecimal difference, String finding) {
}
