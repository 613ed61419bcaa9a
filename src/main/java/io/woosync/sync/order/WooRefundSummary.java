package io.woosync.sync.order;

import java.math.BigDecimal;

/** The order's {@code refunds[]} entry: id, reason and (negative) total. The lines are at /orders/{id}/refunds. */
public record WooRefundSummary(long id, String reason, BigDecimal total) {
}
