package io.woosync.sync.order;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;

/**
 * A refund from {@code GET /orders/{id}/refunds}. {@code amount} is positive; the lines carry negative
 * quantities and amounts and point at the order line they give back ({@code _refunded_item_id}). A
 * refund without lines is an amount-only refund.
 */
public record WooRefund(
        long id,
        LocalDateTime dateCreated,
        BigDecimal amount,
        String reason,
        boolean refundedPayment,
        List<WooLineItem> lineItems,
        List<WooShippingLine> shippingLines,
        List<WooFeeLine> feeLines,
        List<WooTaxLine> taxLines) {

    public WooRefund {
        lineItems = List.copyOf(lineItems);
        shippingLines = List.copyOf(shippingLines);
        feeLines = List.copyOf(feeLines);
        taxLines = List.copyOf(taxLines);
        reason = reason == null ? "" : reason;
    }

    public boolean isAmountOnly() {
        return lineItems.isEmpty() && shippingLines.isEmpty() && feeLines.isEmpty();
    }
}
