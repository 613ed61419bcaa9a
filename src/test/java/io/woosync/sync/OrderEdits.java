package io.woosync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.woosync.sync.plan.WooTotalsSimulator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Edits of the captured order 036 (Fixture Mug ×2 at 12.50, Fixture Tee - M ×1 at 20.00, flat-rate shipping
 * 5.00, coupon save10 = 10 %, CA 8.25 % on everything; total 49.26) the way an admin edits an order in
 * WooCommerce and WooCommerce recalculates it: every amount comes from {@link WooTotalsSimulator}, WooCommerce
 * 10's own arithmetic. Also builds refunds as {@code GET /orders/{id}/refunds} returns them.
 */
final class OrderEdits {

    /** One line of the edited order; {@code id} is the Woo line item id (kept across edits, as WooCommerce does). */
    record Line(long id, String name, String sku, long productId, long variationId, String unitPrice, int quantity) {
        Line quantity(int q) {
            return new Line(id, name, sku, productId, variationId, unitPrice, q);
        }
    }

    static final Line MUG = new Line(1, "Fixture Mug", "MUG-001", 11, 0, "12.50", 2);
    static final Line TEE_M = new Line(2, "Fixture Tee - M", "TEE-M", 12, 14, "20.00", 1);
    static final Line TEE_L = new Line(9, "Fixture Tee - L", "TEE-L", 12, 15, "20.00", 1);
    static final List<WooTotalsSimulator.Coupon> SAVE10 = List.of(new WooTotalsSimulator.Coupon("save10", true, new BigDecimal("10")));

    private OrderEdits() {
    }

    /** Sets the order's lines, shipping and coupons and recalculates every total (tax-exclusive store, rate 1 = 8.25 %). */
    static void reprice(ObjectNode o, List<Line> lines, String shipping, List<WooTotalsSimulator.Coupon> coupons) {
        List<WooTotalsSimulator.Item> items = new ArrayList<>();
        for (Line l : lines) {
            items.add(new WooTotalsSimulator.Item(l.sku(), l.productId(), new BigDecimal(l.unitPrice()), l.quantity(), List.of(1L)));
        }
        ObjectNode sim = WooTotalsSimulator.order(o.path("id").asLong(), false, Map.of(1L, new BigDecimal("8.25")), items, coupons,
                new BigDecimal(shipping), List.of(1L));
        ArrayNode out = o.putArray("line_items");
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            ObjectNode li = ((ObjectNode) sim.withArray("line_items").get(i)).deepCopy();
            li.put("id", l.id());
            li.put("name", l.name());
            li.put("product_id", l.productId());
            li.put("variation_id", l.variationId());
            li.putArray("meta_data");
            out.add(li);
        }
        takeTotals(o, sim);
    }

    /**
     * The order-level figures of a re-priced order (WooTotalsSimulator's output) into the order: the
     * shipping line's totals and taxes, the tax line's totals, the coupons, and the order totals.
     */
    static void takeTotals(ObjectNode o, JsonNode sim) {
        ObjectNode ship = (ObjectNode) o.withArray("shipping_lines").get(0);
        JsonNode simShip = sim.withArray("shipping_lines").get(0);
        for (String f : List.of("total", "total_tax", "taxes")) {
            ship.set(f, simShip.get(f));
        }
        ObjectNode taxLine = (ObjectNode) o.withArray("tax_lines").get(0);
        JsonNode simTax = sim.withArray("tax_lines").get(0);
        taxLine.set("tax_total", simTax.get("tax_total"));
        taxLine.set("shipping_tax_total", simTax.get("shipping_tax_total"));
        o.set("coupon_lines", sim.get("coupon_lines"));
        for (String f : List.of("prices_include_tax", "discount_total", "discount_tax", "shipping_total", "shipping_tax", "cart_tax",
                "total_tax", "total")) {
            o.set(f, sim.get(f));
        }
    }

    /** A refunded order line: quantity given back and its net amount and tax (positive; stored negative). */
    record Refunded(Line line, int quantity, String total, String tax) {
    }

    /**
     * A refund as WooCommerce stores it: negative quantities and amounts, each line pointing at the order
     * line it gives back ({@code _refunded_item_id}); {@code shipping}/{@code shippingTax} null for none.
     */
    static ObjectNode refund(long id, String amount, boolean paidBack, List<Refunded> items, String shipping, String shippingTax) {
        ObjectNode r = SyncHarness.JSON.createObjectNode();
        r.put("id", id);
        r.put("date_created", "2026-11-27T23:30:00");
        r.put("date_created_gmt", "2026-11-27T23:30:00");
        r.put("amount", amount);
        r.put("reason", "Refund " + id);
        r.put("refunded_by", 1);
        r.put("refunded_payment", paidBack);
        r.putArray("meta_data");
        ArrayNode lines = r.putArray("line_items");
        BigDecimal taxTotal = BigDecimal.ZERO;
        int n = 0;
        for (Refunded x : items) {
            ObjectNode li = lines.addObject();
            li.put("id", id * 10 + n++);
            li.put("name", x.line().name());
            li.put("product_id", x.line().productId());
            li.put("variation_id", x.line().variationId());
            li.put("quantity", -x.quantity());
            li.put("tax_class", "");
            li.put("subtotal", "-" + x.total());
            li.put("subtotal_tax", "-" + x.tax());
            li.put("total", "-" + x.total());
            li.put("total_tax", "-" + x.tax());
            ObjectNode tx = li.putArray("taxes").addObject();
            tx.put("id", 1);
            tx.put("total", "-" + x.tax());
            tx.put("subtotal", "-" + x.tax());
            ObjectNode meta = li.putArray("meta_data").addObject();
            meta.put("id", id * 100 + n);
            meta.put("key", "_refunded_item_id");
            meta.put("value", Long.toString(x.line().id()));
            li.put("sku", x.line().sku());
            li.put("price", new BigDecimal(x.total()).divide(BigDecimal.valueOf(x.quantity())).doubleValue());
            taxTotal = taxTotal.add(new BigDecimal(x.tax()));
        }
        ArrayNode ship = r.putArray("shipping_lines");
        if (shipping != null) {
            ObjectNode s = ship.addObject();
            s.put("id", id * 10 + 9);
            s.put("method_title", "Flat rate");
            s.put("method_id", "flat_rate");
            s.put("instance_id", "");
            s.put("total", "-" + shipping);
            s.put("total_tax", "-" + shippingTax);
            ObjectNode tx = s.putArray("taxes").addObject();
            tx.put("id", 1);
            tx.put("total", "-" + shippingTax);
            tx.put("subtotal", "");
            s.putArray("meta_data").addObject().put("key", "_refunded_item_id").put("value", "3");
        }
        ObjectNode tl = r.putArray("tax_lines").addObject();
        tl.put("id", id * 10 + 8);
        tl.put("rate_code", "US-CA-CA STATE TAX-1");
        tl.put("rate_id", 1);
        tl.put("label", "CA State Tax");
        tl.put("compound", false);
        tl.put("tax_total", "-" + taxTotal.toPlainString());
        tl.put("shipping_tax_total", shippingTax == null ? "0.00" : "-" + shippingTax);
        tl.put("rate_percent", 8.25);
        tl.putArray("meta_data");
        r.putArray("fee_lines");
        return r;
    }
}
