package io.woosync.sync.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.woosync.SyncFailure;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class WooOrderParserTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode fixture(String path) throws Exception {
        try (InputStream in = WooOrderParserTest.class.getResourceAsStream("/fixtures/woocommerce/" + path)) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    @Test
    void readsTheRealWebhookOrderExactly() throws Exception {
        WooOrder o = WooOrderParser.parseOrder(fixture("webhooks/021-order_created.body"));
        assertEquals(17, o.id());
        assertEquals("#17", o.label());
        assertEquals("processing", o.status());
        assertFalse(o.pricesIncludeTax());
        assertEquals(new BigDecimal("49.26"), o.total());
        assertEquals(new BigDecimal("0.37"), o.discountTax());
        assertEquals(new BigDecimal("45.50"), o.untaxedTotal());
        assertEquals(LocalDateTime.of(2026, 11, 27, 22, 11, 18), o.datePaid());
        assertTrue(o.isPaid());
        assertEquals(2, o.customerId());
        assertEquals("Acme Inc", o.billing().company());
        assertEquals("Please gift wrap.", o.customerNote());
        WooLineItem tee = o.lineItems().get(1);
        assertEquals("TEE-M", tee.sku());
        assertEquals(14, tee.variationId());
        assertEquals(new BigDecimal("20.00"), tee.subtotal());
        assertEquals(1, tee.taxes().size());
        assertEquals(new BigDecimal("1.49"), tee.taxes().get(0).total());
        assertEquals("pa_size", tee.metaData().get(0).key());
        WooCouponLine coupon = o.couponLines().get(0);
        assertEquals(new BigDecimal("4.5"), coupon.discount(), "kept as WooCommerce wrote it, scale 1");
        assertEquals(new BigDecimal("0.38"), coupon.discountTax(), "per-line rounding; the order says 0.37");
        WooShippingLine ship = o.shippingLines().get(0);
        assertNull(ship.taxes().get(0).subtotal(), "\"\" subtotal on shipping taxes");
        WooTaxLine tl = o.taxLines().get(0);
        assertEquals(new BigDecimal("8.25"), tl.ratePercent());
        assertEquals(new BigDecimal("3.76"), tl.combinedTotal());
    }

    @Test
    void readsRefundsWithTheirLines() throws Exception {
        List<WooRefund> refunds = WooOrderParser.parseRefunds(JSON.readTree(
                WooOrderParserTest.class.getResourceAsStream("/fixtures/woocommerce/rest/041-order_refunds_list.json")));
        WooRefund r = refunds.get(0);
        assertEquals(18, r.id());
        assertEquals(new BigDecimal("12.18"), r.amount());
        assertFalse(r.refundedPayment());
        assertFalse(r.isAmountOnly());
        WooLineItem l = r.lineItems().get(0);
        assertEquals(new BigDecimal("-1"), l.quantity());
        assertEquals(new BigDecimal("-11.25"), l.total());
        assertEquals(1L, l.refundedItemId().orElseThrow());
        WooOrder after = WooOrderParser.parseOrder(fixture("rest/044-order_get_after_refund.json"));
        assertEquals(new BigDecimal("12.18"), after.refundedTotal());
    }

    @Test
    void guestOrderWithoutPaymentDate() throws Exception {
        WooOrder o = WooOrderParser.parseOrder(fixture("rest/045-order_create_pending_guest.json"));
        assertTrue(o.isGuest());
        assertFalse(o.isPaid());
        assertEquals("cod", o.paymentMethod());
    }

    @Test
    void toleratesMissingOptionalFields() throws Exception {
        WooOrder o = WooOrderParser.parseOrder(JSON.readTree("{\"id\": 5, \"status\": \"pending\", \"total\": \"0.00\"}"));
        assertEquals("5", o.number());
        assertEquals(BigDecimal.ZERO, o.totalTax());
        assertTrue(o.lineItems().isEmpty());
        assertEquals(WooAddress.EMPTY, o.billing());
        assertNull(o.datePaid());
    }

    @Test
    void rejectsWhatCannotBeUsedNamingTheField() throws Exception {
        var deleted = JSON.readTree("{\"id\": 20}"); // an order.deleted payload
        var e1 = assertThrows(WooDataException.class, () -> WooOrderParser.parseOrder(deleted));
        assertEquals("status", e1.field());
        assertEquals(SyncFailure.Kind.DATA, e1.kind());

        ObjectNode badAmount = fixture("rest/036-order_get_after_create.json");
        ((ObjectNode) badAmount.withArray("line_items").get(1)).put("total", "18,00");
        var e2 = assertThrows(WooDataException.class, () -> WooOrderParser.parseOrder(badAmount));
        assertEquals("line_items[1].total", e2.field());
        assertEquals("WooCommerce order 17: field line_items[1].total is not a number: \"18,00\"", e2.getMessage());

        ObjectNode noQty = fixture("rest/036-order_get_after_create.json");
        ((ObjectNode) noQty.withArray("line_items").get(0)).remove("quantity");
        assertEquals("line_items[0].quantity", assertThrows(WooDataException.class, () -> WooOrderParser.parseOrder(noQty)).field());

        ObjectNode badDate = fixture("rest/036-order_get_after_create.json");
        badDate.put("date_paid", "yesterday");
        assertEquals("date_paid", assertThrows(WooDataException.class, () -> WooOrderParser.parseOrder(badDate)).field());

        var notObject = JSON.readTree("[1,2]");
        assertThrows(WooDataException.class, () -> WooOrderParser.parseOrder(notObject));
    }

    @Test
    void addressComparisonIgnoresContactFieldsAndCase() {
        WooAddress a = new WooAddress("Jane", "Doe", "", "500 Market St", "", "SF", "CA", "94105", "US", "j@x.test", "1");
        WooAddress b = new WooAddress("jane", "DOE", "", "500 market st", "", "sf", "CA", "94105", "US", "", "");
        assertTrue(a.samePlaceAs(b));
        WooAddress c = new WooAddress("Jane", "Doe", "", "1 Ferry Building", "", "SF", "CA", "94111", "US", "", "");
        assertFalse(a.samePlaceAs(c));
    }
}
