package io.woosync.sync.order;

import java.math.BigDecimal;
import java.util.List;

/** A shipping line; {@code total} excludes tax in every store (WooCommerce enters shipping costs net). */
public record WooShippingLine(
        long id,
        String methodTitle,
        String methodId,
        String instanceId,
        BigDecimal total,
        BigDecimal totalTax,
        List<WooTaxAmount> taxes) {

    public WooShippingLine {
        taxes = List.copyOf(taxes);
        methodId = methodId == null ? "" : methodId;
        instanceId = instanceId == null ? "" : instanceId;
    }
}
