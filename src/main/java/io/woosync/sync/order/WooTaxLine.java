package io.woosync.sync.order;

import java.math.BigDecimal;

/** One tax rate's totals on the order: items tax and shipping tax of that rate. */
public record WooTaxLine(
        long id,
        long rateId,
        String rateCode,
        String label,
        boolean compound,
        BigDecimal ratePercent,
        BigDecimal taxTotal,
        BigDecimal shippingTaxTotal) {

    public BigDecimal combinedTotal() {
        return taxTotal.add(shippingTaxTotal);
    }
}
