package io.woosync.sync.order;

import java.math.BigDecimal;

/**
 * One entry of a line's {@code taxes[]}: the tax of one rate on that line. {@code subtotal} is the tax
 * before discounts; WooCommerce sends it empty on shipping lines, which becomes null here.
 */
public record WooTaxAmount(long rateId, BigDecimal total, BigDecimal subtotal) {
}
