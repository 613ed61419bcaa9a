package io.woosync.sync.plan;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Odoo order/invoice/credit-note line as the plan will write it. {@code priceUnit} is already at
 * Odoo's "Product Price" precision and {@code discount} at its "Discount" precision, so Odoo stores
 * exactly these values and computes exactly the totals the planner computed.
 *
 * @param source   which Woo line it comes from: "line_items:1", "shipping_lines:3", "fee_lines:7",
 *                 "coupon:save10:…", "rounding", "refund_amount" — stable across re-plans, used to
 *                 match lines on update
 * @param name     label to write, or null to let Odoo take the product's description
 * @param taxIds   Odoo tax ids to set, or null to let Odoo choose (Odoo-calculated tax mode)
 */
public record OrderLine(
        String source,
        Kind kind,
        long productId,
        String name,
        BigDecimal quantity,
        BigDecimal priceUnit,
        BigDecimal discount,
        List<Long> taxIds) {

    public enum Kind { PRODUCT, SHIPPING, FEE, DISCOUNT, ROUNDING, REFUND }

    public OrderLine {
        taxIds = taxIds == null ? null : List.copyOf(taxIds);
    }

    /** Values for a {@code sale.order.line} create command {@code [0, 0, values]}. */
    public Map<String, Object> saleOrderLineValues(String taxField) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("product_id", productId);
        if (name != null) {
            v.put("name", name);
        }
        v.put("product_uom_qty", quantity);
        v.put("price_unit", priceUnit);
        v.put("discount", discount);
        if (taxIds != null) { // null: Odoo-calculated taxes, let Odoo take the product's taxes and fiscal position
            v.put(taxField, List.of(List.of(6, 0, taxIds)));
        }
        return v;
    }

    /** Values for an {@code account.move.line} in {@code invoice_line_ids} (invoice or credit note). */
    public Map<String, Object> invoiceLineValues() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("product_id", productId);
        if (name != null) {
            v.put("name", name);
        }
        v.put("quantity", quantity);
        v.put("price_unit", priceUnit);
        v.put("discount", discount);
        if (taxIds != null) {
            v.put("tax_ids", List.of(List.of(6, 0, taxIds)));
        }
        return v;
    }

    /** Same product, quantity, price, discount and taxes (numerically; scale ignored). */
    public boolean sameValuesAs(OrderLine o) {
        return productId == o.productId && quantity.compareTo(o.quantity) == 0 && priceUnit.compareTo(o.priceUnit) == 0
                && discount.compareTo(o.discount) == 0 && java.util.Objects.equals(taxIds, o.taxIds);
    }
}
