package io.woosync.sync.order;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads WooCommerce REST v3 / webhook JSON into {@link WooOrder} and {@link WooRefund}.
 *
 * <p>Tolerant where WooCommerce itself is loose: a missing or empty amount is zero, a missing list is
 * empty, a missing text is "". Strict where guessing would corrupt money or identity: a missing or
 * non-numeric id, quantity or amount text that is not a number, or a date that does not parse is
 * rejected with a {@link WooDataException} naming the field. Amounts keep the exact decimal text
 * (no float ever touches them): {@code "4.5"} stays scale 1, {@code "22.50"} scale 2.
 */
public final class WooOrderParser {

    private WooOrderParser() {
    }

    public static WooOrder parseOrder(JsonNode o) {
        if (o == null || !o.isObject()) {
            throw new WooDataException("WooCommerce order", "(body)", "is not a JSON object");
        }
        long id = requiredLong(o, "id", "WooCommerce order", "id");
        String rec = "WooCommerce order " + id;
        String number = text(o, "number");
        String status = text(o, "status");
        if (status.isEmpty()) {
            throw new WooDataException(rec, "status", "is missing");
        }
        if (!o.hasNonNull("total")) {
            throw new WooDataException(rec, "total", "is missing");
        }
        return new WooOrder(
                id,
                number.isEmpty() ? Long.toString(id) : number,
                status,
                text(o, "currency"),
                o.path("prices_include_tax").asBoolean(false),
                date(o, "date_created", rec, "date_created"),
                date(o, "date_modified", rec, "date_modified"),
                date(o, "date_paid", rec, "date_paid"),
                date(o, "date_completed", rec, "date_completed"),
                date(o, "date_created_gmt", rec, "date_created_gmt"),
                date(o, "date_modified_gmt", rec, "date_modified_gmt"),
                amount(o, "discount_total", rec, "discount_total"),
                amount(o, "discount_tax", rec, "discount_tax"),
                amount(o, "shipping_total", rec, "shipping_total"),
                amount(o, "shipping_tax", rec, "shipping_tax"),
                amount(o, "cart_tax", rec, "cart_tax"),
                amount(o, "total", rec, "total"),
                amount(o, "total_tax", rec, "total_tax"),
                optionalLong(o, "customer_id", rec, "customer_id"),
                address(o.path("billing")),
                address(o.path("shipping")),
                text(o, "payment_method"),
                text(o, "payment_method_title"),
                text(o, "transaction_id"),
                text(o, "customer_note"),
                text(o, "created_via"),
                meta(o.path("meta_data")),
                lineItems(o.path("line_items"), rec, "line_items"),
                taxLines(o.path("tax_lines"), rec, "tax_lines"),
                shippingLines(o.path("shipping_lines"), rec, "shipping_lines"),
                feeLines(o.path("fee_lines"), rec, "fee_lines"),
                couponLines(o.path("coupon_lines"), rec, "coupon_lines"),
                refundSummaries(o.path("refunds"), rec));
    }

    /** One refund object ({@code GET /orders/{id}/refunds/{rid}}). */
    public static WooRefund parseRefund(JsonNode r) {
        if (r == null || !r.isObject()) {
            throw new WooDataException("WooCommerce refund", "(body)", "is not a JSON object");
        }
        long id = requiredLong(r, "id", "WooCommerce refund", "id");
        String rec = "WooCommerce refund " + id;
        if (!r.hasNonNull("amount")) {
            throw new WooDataException(rec, "amount", "is missing");
        }
        return new WooRefund(
                id,
                date(r, "date_created", rec, "date_created"),
                amount(r, "amount", rec, "amount"),
                text(r, "reason"),
                r.path("refunded_payment").asBoolean(false),
                lineItems(r.path("line_items"), rec, "line_items"),
                shippingLines(r.path("shipping_lines"), rec, "shipping_lines"),
                feeLines(r.path("fee_lines"), rec, "fee_lines"),
                taxLines(r.path("tax_lines"), rec, "tax_lines"));
    }

    /** The array of {@code GET /orders/{id}/refunds}. */
    public static List<WooRefund> parseRefunds(JsonNode array) {
        List<WooRefund> out = new ArrayList<>();
        if (array == null || array.isMissingNode() || array.isNull()) {
            return out;
        }
        if (!array.isArray()) {
            throw new WooDataException("WooCommerce refunds", "(body)", "is not a JSON array");
        }
        array.forEach(n -> out.add(parseRefund(n)));
        return out;
    }

    private static WooAddress address(JsonNode a) {
        if (a == null || !a.isObject()) {
            return WooAddress.EMPTY;
        }
        return new WooAddress(text(a, "first_name"), text(a, "last_name"), text(a, "company"),
                text(a, "address_1"), text(a, "address_2"), text(a, "city"), text(a, "state"),
                text(a, "postcode"), text(a, "country"), text(a, "email"), text(a, "phone"));
    }

    private static List<WooMeta> meta(JsonNode array) {
        List<WooMeta> out = new ArrayList<>();
        if (!array.isArray()) {
            return out;
        }
        for (JsonNode m : array) {
            JsonNode v = m.path("value");
            String value = v.isValueNode() ? v.asText() : v.toString();
            JsonNode dv = m.path("display_value");
            String displayValue = dv.isMissingNode() || dv.isNull() ? "" : dv.isValueNode() ? dv.asText() : dv.toString();
            out.add(new WooMeta(m.path("id").asLong(0), text(m, "key"), value, text(m, "display_key"), displayValue));
        }
        return out;
    }

    private static List<WooLineItem> lineItems(JsonNode array, String rec, String path) {
        List<WooLineItem> out = new ArrayList<>();
        if (!array.isArray()) {
            return out;
        }
        int i = 0;
        for (JsonNode l : array) {
            String p = path + "[" + i++ + "]";
            if (!l.hasNonNull("quantity")) {
                throw new WooDataException(rec, p + ".quantity", "is missing");
            }
            out.add(new WooLineItem(
                    requiredLong(l, "id", rec, p + ".id"),
                    text(l, "name"),
                    optionalLong(l, "product_id", rec, p + ".product_id"),
                    optionalLong(l, "variation_id", rec, p + ".variation_id"),
                    amount(l, "quantity", rec, p + ".quantity"),
                    text(l, "tax_class"),
                    amount(l, "subtotal", rec, p + ".subtotal"),
                    amount(l, "subtotal_tax", rec, p + ".subtotal_tax"),
                    amount(l, "total", rec, p + ".total"),
                    amount(l, "total_tax", rec, p + ".total_tax"),
                    taxes(l.path("taxes"), rec, p + ".taxes"),
                    text(l, "sku"),
                    amount(l, "price", rec, p + ".price"),
                    meta(l.path("meta_data"))));
        }
        return out;
    }

    private static List<WooTaxAmount> taxes(JsonNode array, String rec, String path) {
        List<WooTaxAmount> out = new ArrayList<>();
        if (!array.isArray()) {
            return out;
        }
        int i = 0;
        for (JsonNode t : array) {
            String p = path + "[" + i++ + "]";
            JsonNode sub = t.path("subtotal");
            BigDecimal subtotal = sub.isMissingNode() || sub.isNull() || sub.asText().isEmpty()
                    ? null : amount(t, "subtotal", rec, p + ".subtotal");
            out.add(new WooTaxAmount(requiredLong(t, "id", rec, p + ".id"), amount(t, "total", rec, p + ".total"), subtotal));
        }
        return out;
    }

    private static List<WooShippingLine> shippingLines(JsonNode array, String rec, String path) {
        List<WooShippingLine> out = new ArrayList<>();
        if (!array.isArray()) {
            return out;
        }
        int i = 0;
        for (JsonNode s : array) {
            String p = path + "[" + i++ + "]";
            out.add(new WooShippingLine(requiredLong(s, "id", rec, p + ".id"), text(s, "method_title"),
                    text(s, "method_id"), text(s, "instance_id"), amount(s, "total", rec, p + ".total"),
                    amount(s, "total_tax", rec, p + ".total_tax"), taxes(s.path("taxes"), rec, p + ".taxes")));
        }
        return out;
    }

    private static List<WooFeeLine> feeLines(JsonNode array, String rec, String path) {
        List<WooFeeLine> out = new ArrayList<>();
        if (!array.isArray()) {
            return out;
        }
        int i = 0;
        for (JsonNode f : array) {
            String p = path + "[" + i++ + "]";
            out.add(new WooFeeLine(requiredLong(f, "id", rec, p + ".id"), text(f, "name"), text(f, "tax_class"),
                    text(f, "tax_status"), amount(f, "total", rec, p + ".total"),
                    amount(f, "total_tax", rec, p + ".total_tax"), taxes(f.path("taxes"), rec, p + ".taxes")));
        }
        return out;
    }

    private static List<WooCouponLine> couponLines(JsonNode array, String rec, String path) {
        List<WooCouponLine> out = new ArrayList<>();
        if (!array.isArray()) {
            return out;
        }
        int i = 0;
        for (JsonNode c : array) {
            String p = path + "[" + i++ + "]";
            out.add(new WooCouponLine(requiredLong(c, "id", rec, p + ".id"), text(c, "code"),
                    amount(c, "discount", rec, p + ".discount"), amount(c, "discount_tax", rec, p + ".discount_tax"),
                    text(c, "discount_type"), c.path("free_shipping").asBoolean(false)));
        }
        return out;
    }

    private static List<WooTaxLine> taxLines(JsonNode array, String rec, String path) {
        List<WooTaxLine> out = new ArrayList<>();
        if (!array.isArray()) {
            return out;
        }
        int i = 0;
        for (JsonNode t : array) {
            String p = path + "[" + i++ + "]";
            out.add(new WooTaxLine(optionalLong(t, "id", rec, p + ".id"), requiredLong(t, "rate_id", rec, p + ".rate_id"),
                    text(t, "rate_code"), text(t, "label"), t.path("compound").asBoolean(false),
                    amount(t, "rate_percent", rec, p + ".rate_percent"), amount(t, "tax_total", rec, p + ".tax_total"),
                    amount(t, "shipping_tax_total", rec, p + ".shipping_tax_total")));
        }
        return out;
    }

    private static List<WooRefundSummary> refundSummaries(JsonNode array, String rec) {
        List<WooRefundSummary> out = new ArrayList<>();
        if (!array.isArray()) {
            return out;
        }
        int i = 0;
        for (JsonNode r : array) {
            String p = "refunds[" + i++ + "]";
            out.add(new WooRefundSummary(requiredLong(r, "id", rec, p + ".id"), text(r, "reason"),
                    amount(r, "total", rec, p + ".total")));
        }
        return out;
    }

    // ---- scalar readers -------------------------------------------------------------------------

    static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? "" : v.asText();
    }

    /** An amount: absent, null or "" is zero; anything else must be a plain decimal number. */
    static BigDecimal amount(JsonNode n, String field, String rec, String path) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return BigDecimal.ZERO;
        }
        String s = v.asText().trim();
        if (s.isEmpty()) {
            return BigDecimal.ZERO;
        }
        if (v.isBoolean() || v.isContainerNode()) {
            throw new WooDataException(rec, path, "is not a number: " + v);
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new WooDataException(rec, path, "is not a number: \"" + s + "\"");
        }
    }

    static long requiredLong(JsonNode n, String field, String rec, String path) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull() || v.asText().isBlank()) {
            throw new WooDataException(rec, path, "is missing");
        }
        return parseLong(v, rec, path);
    }

    static long optionalLong(JsonNode n, String field, String rec, String path) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull() || v.asText().isBlank()) {
            return 0;
        }
        return parseLong(v, rec, path);
    }

    private static long parseLong(JsonNode v, String rec, String path) {
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        try {
            return Long.parseLong(v.asText().trim());
        } catch (NumberFormatException e) {
            throw new WooDataException(rec, path, "is not a whole number: \"" + v.asText() + "\"");
        }
    }

    static LocalDateTime date(JsonNode n, String field, String rec, String path) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull() || v.asText().isBlank()) {
            return null;
        }
        String s = v.asText().trim();
        try {
            // WooCommerce sends ISO-8601 local date-times without offset ("2026-11-27T22:11:18").
            return LocalDateTime.parse(s.length() > 19 ? s.substring(0, 19) : s);
        } catch (DateTimeParseException e) {
            throw new WooDataException(rec, path, "is not a date: \"" + s + "\"");
        }
    }
}
