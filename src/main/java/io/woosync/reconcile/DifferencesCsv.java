package io.woosync.reconcile;

import java.math.BigDecimal;
import java.util.List;

/**
 * The reconciliation export as CSV (RFC 4180: comma-separated, CRLF, fields quoted when they hold a
 * comma, quote or line break). A field that a spreadsheet would run as a formula (starting with =, +,
 * -, @, tab or carriage return; an order number comes from WooCommerce plugins) is prefixed with an
 * apostrophe; amounts are plain decimals, negative ones included.
 */
public final class DifferencesCsv {

    static final String HEADER = "woo_order_id,order_number,currency,woo_total,odoo_sale_order_id,odoo_sale_order_total,"
            + "odoo_invoice_id,odoo_invoice_total,difference,finding";

    private DifferencesCsv() {
    }

    public static String write(List<TotalsDifference> rows) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        for (TotalsDifference d : rows) {
            out.append(d.wooOrderId()).append(',')
                    .append(text(d.number())).append(',')
                    .append(text(d.currency())).append(',')
                    .append(amount(d.wooTotal())).append(',')
                    .append(d.saleOrderId() == null ? "" : d.saleOrderId()).append(',')
                    .append(amount(d.saleOrderTotal())).append(',')
                    .append(d.invoiceId() == null ? "" : d.invoiceId()).append(',')
                    .append(amount(d.invoiceTotal())).append(',')
                    .append(amount(d.difference())).append(',')
                    .append(text(d.finding())).append("\r\n");
        }
        return out.toString();
    }

    private static String amount(BigDecimal v) {
        return v == null ? "" : v.toPlainString();
    }

    static String text(String v) {
        if (v == null || v.isEmpty()) {
            return "";
        }
        String s = "=+-@\t\r".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
