package io.woosync.sync.order;

import java.math.BigDecimal;
import java.util.List;

/** A fee line (may be negative: some plugins add discounts as negative fees). Amounts exclude tax. */
public record WooFeeLine(
        long id,
        String name,
        String taxClass,
        String taxStatus,
        BigDecimal total,
        BigDecimal totalTax,
        List<WooTaxAmount> taxes) {

    public WooFeeLine {
        taxes = List.copyOf(taxes);
    }
}
