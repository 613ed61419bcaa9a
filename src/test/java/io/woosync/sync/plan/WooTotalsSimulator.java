package io.woosync.sync.plan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a WooCommerce order JSON the way WooCommerce 10's checkout computes it (WC_Cart_Totals,
 * WC_Discounts, WC_Tax), so the planner can be checked against orders no fixture holds.
 *
 * <p>WooCommerce's rounding points reproduced here (amounts in cents, as WooCommerce works):
 * <ul>
 * <li>W1 line price = unit price × quantity, in cents (an integer for 2-decimal prices).</li>
 * <li>W2 coupons take whole cents: percent = floor(price × %) per line, then the cart-level
 *     round(Σ price × %) remainder one cent per unit (apply_coupon_percent / apply_coupon_remainder);
 *     fixed cart = floor(amount / units) per unit, remainder a cent per unit. Lines are visited by
 *     price, highest first. (The distribution is WooCommerce's; only its validity matters to the
 *     planner, which takes any line totals.)</li>
 * <li>W3 WC_Tax::calc_tax per rate on the (discounted) line price — exclusive: price × r; inclusive:
 *     price × r / (1 + Σ r) — rounded to 6 decimals of a cent (WC_Tax::round, wc_get_rounding_precision).</li>
 * <li>W4 line tax per rate rounded to the cent by wc_round_tax_total: half-up, but half-DOWN in
 *     tax-inclusive stores (wc_get_tax_rounding_mode); the order's tax lines sum these.</li>
 * <li>W5 inclusive stores: the net line total = gross − Σ unrounded taxes, stored unrounded, printed
 *     (and summed into the cart total) rounded half-up to the cent.</li>
 * <li>W6 shipping is always entered net; its tax (calc_shipping_tax) is rounded half-up to the cent
 *     in the cart (round_item_subtotal).</li>
 * <li>W7 order total = Σ rounded net lines + shipping + Σ rounded line taxes + Σ shipping taxes.</li>
 * <li>REST prints taxes[].total with wc_format_decimal (half-up) even where W4 rounded half-down.</li>
 * </ul>
 * {@code woocommerce_tax_round_at_subtotal} = no (the default) is assumed.
 */
public final class WooTotalsSimulator {

    public record Item(String sku, long productId, BigDecimal unitPrice, int quantity, List<Long> rates) {
    }

    public record Coupon(String code, boolean percent, BigDecimal amount) {
    }

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private WooTotalsSimulator() {
    }

    public static ObjectNode order(long id, boolean inclusive, Map<Long, BigDecimal> ratePercents, List<Item> items, List<Coupon> coupons,
                            BigDecimal shipping, List<Long> shippingRates) {
        int n = items.size();
        BigDecimal[] price = new BigDecimal[n];
        BigDecimal[] discount = new BigDecimal[n];
        for (int i = 0; i < n; i++) {
            price[i] = items.get(i).unitPrice().movePointRight(2).multiply(BigDecimal.valueOf(items.get(i).quantity())); // W1
            discount[i] = BigDecimal.ZERO;
        }
        List<Integer> byPrice = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byPrice.add(i);
        }
        byPrice.sort(Comparator.comparing((Integer i) -> price[i]).reversed());
        Map<String, BigDecimal> couponTotals = new LinkedHashMap<>();
        for (Coupon c : coupons) {
            BigDecimal before = sum(discount);
            if (c.percent()) {
                BigDecimal total = BigDecimal.ZERO;
                BigDecimal cartTotal = BigDecimal.ZERO;
                for (int i : byPrice) {
                    BigDecimal d = price[i].multiply(c.amount()).divide(HUNDRED).setScale(0, RoundingMode.FLOOR); // W2
                    d = d.min(price[i].subtract(discount[i]));
                    discount[i] = discount[i].add(d);
                    total = total.add(d);
                    cartTotal = cartTotal.add(price[i]);
                }
                BigDecimal wanted = cartTotal.multiply(c.amount()).divide(HUNDRED).setScale(0, RoundingMode.HALF_UP);
                remainder(wanted.subtract(total), byPrice, items, price, discount);
            } else {
                BigDecimal amount = c.amount().movePointRight(2);
                fixedCart(amount, byPrice, items, price, discount);
            }
            couponTotals.put(c.code(), sum(discount).subtract(before));
        }
        ObjectNode o = PlannerFixtures.JSON.createObjectNode();
        o.put("id", id);
        o.put("number", Long.toString(id));
        o.put("status", "processing");
        o.put("currency", "USD");
        o.put("prices_include_tax", inclusive);
        o.put("date_created", "2026-11-27T10:00:00");
        o.put("date_created_gmt", "2026-11-27T10:00:00");
        o.put("date_paid", "2026-11-27T10:00:05");
        o.put("customer_id", 0);
        ObjectNode billing = o.putObject("billing");
        billing.put("first_name", "Gen").put("last_name", "Erated").put("email", "gen-" + id + "@example.test")
                .put("address_1", "1 Test St").put("city", "Springfield").put("country", "US").put("state", "CA");
        o.set("shipping", billing.deepCopy().without("email"));
        o.put("payment_method", "stripe");
        o.put("payment_method_title", "Credit card");
        o.put("transaction_id", "pi_gen_" + id);
        ArrayNode lines = o.putArray("line_items");
        Map<Long, BigDecimal> cartTaxByRate = new LinkedHashMap<>();
        BigDecimal itemsTotalCents = BigDecimal.ZERO;
        BigDecimal itemsSubtotalCents = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            Item it = items.get(i);
            BigDecimal gross = price[i].subtract(discount[i]);
            Map<Long, BigDecimal> subTaxes = calcTax(price[i], it.rates(), ratePercents, inclusive);
            Map<Long, BigDecimal> taxes = calcTax(gross, it.rates(), ratePercents, inclusive);
            BigDecimal subNet = inclusive ? price[i].subtract(sum(subTaxes.values())) : price[i];
            BigDecimal net = inclusive ? gross.subtract(sum(taxes.values())) : gross; // W5
            BigDecimal subtotalTax = BigDecimal.ZERO;
            BigDecimal totalTax = BigDecimal.ZERO;
            ArrayNode taxArr = PlannerFixtures.JSON.createArrayNode();
            for (Long r : it.rates()) {
                BigDecimal lineTax = roundLineTax(taxes.get(r), inclusive); // W4
                totalTax = totalTax.add(lineTax);
                subtotalTax = subtotalTax.add(roundLineTax(subTaxes.get(r), inclusive));
                cartTaxByRate.merge(r, lineTax, BigDecimal::add);
                ObjectNode t = taxArr.addObject();
                t.put("id", r);
                t.put("total", cents(taxes.get(r)));
                t.put("subtotal", cents(subTaxes.get(r)));
            }
            itemsTotalCents = itemsTotalCents.add(net.setScale(0, RoundingMode.HALF_UP));
            itemsSubtotalCents = itemsSubtotalCents.add(subNet.setScale(0, RoundingMode.HALF_UP));
            ObjectNode l = lines.addObject();
            l.put("id", i + 1);
            l.put("name", "Generated " + it.sku());
            l.put("product_id", it.productId());
            l.put("variation_id", 0);
            l.put("quantity", it.quantity());
            l.put("tax_class", "");
            l.put("subtotal", cents(subNet));
            l.put("subtotal_tax", cents(subtotalTax));
            l.put("total", cents(net));
            l.put("total_tax", cents(totalTax));
            l.set("taxes", taxArr);
            l.putArray("meta_data");
            l.put("sku", it.sku());
            l.put("price", net.movePointLeft(2).divide(BigDecimal.valueOf(it.quantity()), 10, RoundingMode.HALF_UP).doubleValue());
        }
        ArrayNode ship = o.putArray("shipping_lines");
        Map<Long, BigDecimal> shipTaxByRate = new LinkedHashMap<>();
        BigDecimal shippingCents = BigDecimal.ZERO;
        if (shipping != null) {
            shippingCents = shipping.movePointRight(2);
            Map<Long, BigDecimal> st = calcTax(shippingCents, shippingRates, ratePercents, false);
            ArrayNode taxArr = PlannerFixtures.JSON.createArrayNode();
            BigDecimal shipTax = BigDecimal.ZERO;
            for (Long r : shippingRates) {
                BigDecimal t = st.get(r).setScale(0, RoundingMode.HALF_UP); // W6
                shipTax = shipTax.add(t);
                shipTaxByRate.merge(r, t, BigDecimal::add);
                ObjectNode tn = taxArr.addObject();
                tn.put("id", r);
                tn.put("total", cents(t));
                tn.put("subtotal", "");
            }
            ObjectNode s = ship.addObject();
            s.put("id", 100);
            s.put("method_title", "Flat rate");
            s.put("method_id", "flat_rate");
            s.put("instance_id", "1");
            s.put("total", cents(shippingCents));
            s.put("total_tax", cents(shipTax));
            s.set("taxes", taxArr);
        }
        ArrayNode taxLines = o.putArray("tax_lines");
        BigDecimal cartTax = BigDecimal.ZERO;
        BigDecimal shippingTax = BigDecimal.ZERO;
        long tid = 200;
        for (Long r : ratePercents.keySet()) {
            if (!cartTaxByRate.containsKey(r) && !shipTaxByRate.containsKey(r)) {
                continue;
            }
            BigDecimal ct = cartTaxByRate.getOrDefault(r, BigDecimal.ZERO);
            BigDecimal stx = shipTaxByRate.getOrDefault(r, BigDecimal.ZERO);
            cartTax = cartTax.add(ct);
            shippingTax = shippingTax.add(stx);
            ObjectNode t = taxLines.addObject();
            t.put("id", tid++);
            t.put("rate_code", "GEN-" + r);
            t.put("rate_id", r);
            t.put("label", "Rate " + r);
            t.put("compound", false);
            t.put("tax_total", cents(ct));
            t.put("shipping_tax_total", cents(stx));
            t.put("rate_percent", ratePercents.get(r).doubleValue());
        }
        ArrayNode couponArr = o.putArray("coupon_lines");
        long cid = 300;
        for (Coupon c : coupons) {
            ObjectNode cn = couponArr.addObject();
            cn.put("id", cid++);
            cn.put("code", c.code());
            cn.put("discount", cents(couponTotals.get(c.code())));
            cn.put("discount_tax", "0.00");
            cn.put("discount_type", c.percent() ? "percent" : "fixed_cart");
            cn.put("free_shipping", false);
        }
        o.putArray("fee_lines");
        o.putArray("refunds");
        o.putArray("meta_data");
        BigDecimal total = itemsTotalCents.add(shippingCents).add(cartTax).add(shippingTax); // W7
        o.put("discount_total", cents(itemsSubtotalCents.subtract(itemsTotalCents)));
        o.put("discount_tax", "0.00");
        o.put("shipping_total", cents(shippingCents));
        o.put("shipping_tax", cents(shippingTax));
        o.put("cart_tax", cents(cartTax));
        o.put("total_tax", cents(cartTax.add(shippingTax)));
        o.put("total", cents(total));
        return o;
    }

    /** W3: WC_Tax::calc_tax in cents, each rate's tax rounded to 6 decimals. */
    static Map<Long, BigDecimal> calcTax(BigDecimal priceCents, List<Long> rates, Map<Long, BigDecimal> pct, boolean inclusive) {
        Map<Long, BigDecimal> out = new LinkedHashMap<>();
        BigDecimal regular = BigDecimal.ONE;
        for (Long r : rates) {
            regular = regular.add(pct.get(r).divide(HUNDRED));
        }
        for (Long r : rates) {
            BigDecimal rate = pct.get(r).divide(HUNDRED);
            BigDecimal tax = inclusive
                    ? priceCents.multiply(rate).divide(regular, 20, RoundingMode.HALF_EVEN)
                    : priceCents.multiply(rate);
            out.put(r, tax.setScale(6, RoundingMode.HALF_UP));
        }
        return out;
    }

    static BigDecimal roundLineTax(BigDecimal cents, boolean inclusive) {
        return cents.setScale(0, inclusive ? RoundingMode.HALF_DOWN : RoundingMode.HALF_UP);
    }

    static void remainder(BigDecimal amount, List<Integer> order, List<Item> items, BigDecimal[] price, BigDecimal[] discount) {
        BigDecimal left = amount;
        outer:
        for (int i : order) {
            for (int u = 0; u < items.get(i).quantity(); u++) {
                if (left.signum() <= 0) {
                    break outer;
                }
                if (price[i].subtract(discount[i]).signum() > 0) {
                    discount[i] = discount[i].add(BigDecimal.ONE);
                    left = left.subtract(BigDecimal.ONE);
                }
            }
        }
    }

    static void fixedCart(BigDecimal amount, List<Integer> order, List<Item> items, BigDecimal[] price, BigDecimal[] discount) {
        int units = items.stream().mapToInt(Item::quantity).sum();
        BigDecimal perUnit = amount.divide(BigDecimal.valueOf(units), 0, RoundingMode.FLOOR);
        BigDecimal given = BigDecimal.ZERO;
        if (perUnit.signum() > 0) {
            for (int i : order) {
                BigDecimal d = perUnit.multiply(BigDecimal.valueOf(items.get(i).quantity())).min(price[i].subtract(discount[i]));
                discount[i] = discount[i].add(d);
                given = given.add(d);
            }
        }
        remainder(amount.subtract(given), order, items, price, discount);
    }

    static BigDecimal sum(BigDecimal[] a) {
        BigDecimal s = BigDecimal.ZERO;
        for (BigDecimal x : a) {
            s = s.add(x);
        }
        return s;
    }

    static BigDecimal sum(java.util.Collection<BigDecimal> a) {
        return a.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** REST prints amounts with wc_format_decimal(…, 2): half-up to the cent. */
    static String cents(BigDecimal cents) {
        return cents.movePointLeft(2).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
