package io.woosync.sync.order;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * A product line. {@code subtotal} is before discounts and {@code total} after, both excluding tax even
 * in stores whose prices include tax. {@code sku} is the variation's SKU on variation lines.
 * {@code price} is WooCommerce's own (often many-decimal) total / quantity and is informative only.
 */
public record WooLineItem(
        long id,
        String name,
        long productId,
        long variationId,
        BigDecimal quantity,
        String taxClass,
        BigDecimal subtotal,
        BigDecimal subtotalTax,
        BigDecimal total,
        BigDecimal totalTax,
        List<WooTaxAmount> taxes,
        String sku,
        BigDecimal price,
        List<WooMeta> metaData) {

    public WooLineItem {
        taxes = List.copyOf(taxes);
        metaData = List.copyOf(metaData);
        sku = sku == null ? "" : sku.trim();
    }

    public boolean isVariation() {
        return variationId != 0;
    }

    /** On refund lines: the id of the order line this refund line gives back ({@code _refunded_item_id}). */
    public Optional<Long> refundedItemId() {
        return metaData.stream().filter(m -> "_refunded_item_id".equals(m.key())).findFirst()
                .flatMap(m -> {
                    try {
                        return Optional.of(Long.parseLong(m.value().trim()));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                });
    }
}
