package io.woosync.sync.plan;

import java.math.BigDecimal;
import java.util.Map;

/**
 * WooCommerce's figures beside the figures Odoo will compute for the planned lines (with Odoo's own
 * rounding), after any rounding-correction line.
 *
 * @param taxByRateWoo   Woo tax rate id → items + shipping tax of that rate (from tax_lines)
 * @param taxByRateOdoo  Woo tax rate id → Odoo tax amount of the tax(es) mapped to it
 * @param correction     amount of the rounding-correction line (zero when none)
 * @param predictable    false in Odoo-calculated tax mode: Odoo's taxes are not known in advance and
 *                       the Odoo figures here are the untaxed part only
 */
public record PlanTotals(
        BigDecimal wooUntaxed, BigDecimal wooTax, BigDecimal wooTotal,
        BigDecimal odooUntaxed, BigDecimal odooTax, BigDecimal odooTotal,
        Map<Long, BigDecimal> taxByRateWoo, Map<Long, BigDecimal> taxByRateOdoo,
        BigDecimal correction, String correctionReason, boolean predictable) {

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean totalsEqual() {
        return wooUntaxed.compareTo(odooUntaxed) == 0 && wooTax.compareTo(odooTax) == 0 && wooTotal.compareTo(odooTotal) == 0;
    }
}
