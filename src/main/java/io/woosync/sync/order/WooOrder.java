package io.woosync.sync.order;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * A WooCommerce order as the REST API v3 (and the order webhooks) describe it, typed.
 *
 * <p>Amounts are {@link BigDecimal}s exactly as WooCommerce's strings say (scale included): nothing
 * is rounded or recomputed here. Dates are the store's local time ({@code date_*}), which is what the
 * shop admin sees and what invoice and payment dates follow; {@code *_gmt} twins are kept for
 * ordering. Lists are never null.
 */
public record WooOrder(
        long id,
        String number,
        String status,
        String currency,
        boolean pricesIncludeTax,
        LocalDateTime dateCreated,
        LocalDateTime dateModified,
        LocalDateTime datePaid,
        LocalDateTime dateCompleted,
        LocalDateTime dateCreatedGmt,
        LocalDateTime dateModifiedGmt,
        BigDecimal discountTotal,
        BigDecimal discountTax,
        BigDecimal shippingTotal,
        BigDecimal shippingTax,
        BigDecimal cartTax,
        BigDecimal total,
        BigDecimal totalTax,
        long customerId,
        WooAddress billing,
        WooAddress shipping,
        String paymentMethod,
        String paymentMethodTitle,
        String transactionId,
        String customerNote,
        String createdVia,
        List<WooMeta> metaData,
        List<WooLineItem> lineItems,
        List<WooTaxLine> taxLines,
        List<WooShippingLine> shippingLines,
        List<WooFeeLine> feeLines,
        List<WooCouponLine> couponLines,
        List<WooRefundSummary> refunds) {

    public WooOrder {
        metaData = List.copyOf(metaData);
        lineItems = List.copyOf(lineItems);
        taxLines = List.copyOf(taxLines);
        shippingLines = List.copyOf(shippingLines);
        feeLines = List.copyOf(feeLines);
        couponLines = List.copyOf(couponLines);
        refunds = List.copyOf(refunds);
    }

    /** The order as a shop admin names it: "#" + the order number (which plugins may make differ from the id). */
    public String label() {
        return "#" + (number == null || number.isBlank() ? Long.toString(id) : number);
    }

    /** A guest checkout has customer_id 0. */
    public boolean isGuest() {
        return customerId == 0;
    }

    /** WooCommerce marks an order paid by setting date_paid; cash on delivery and bank transfer leave it null until then. */
    public boolean isPaid() {
        return datePaid != null;
    }

    /** Untaxed amount as WooCommerce shows it: total minus total tax. */
    public BigDecimal untaxedTotal() {
        return total.subtract(totalTax);
    }

    public Optional<WooLineItem> lineItem(long itemId) {
        return lineItems.stream().filter(l -> l.id() == itemId).findFirst();
    }

    public Optional<WooTaxLine> taxLineForRate(long rateId) {
        return taxLines.stream().filter(t -> t.rateId() == rateId).findFirst();
    }

    /** Sum of the refund summaries (WooCommerce writes them negative; this is the positive amount refunded). */
    public BigDecimal refundedTotal() {
        return refunds.stream().map(r -> r.total().abs()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
