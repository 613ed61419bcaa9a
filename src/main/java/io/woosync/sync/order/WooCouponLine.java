package io.woosync.sync.order;

import java.math.BigDecimal;

/**
 * A coupon applied to the order. {@code discount} excludes tax; {@code discountTax} is WooCommerce's
 * per-line-rounded tax of it, which can differ by a cent from the order's {@code discount_tax}.
 */
public record WooCouponLine(
        long id,
        String code,
        BigDecimal discount,
        BigDecimal discountTax,
        String discountType,
        boolean freeShipping) {
}
