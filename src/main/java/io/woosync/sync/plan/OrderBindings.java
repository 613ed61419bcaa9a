package io.woosync.sync.plan;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What is already done in Odoo for one order: the executor's progress, keyed by the plan steps'
 * idempotency keys. The planner omits every step whose key is in {@code done}, and derives the order's
 * state (ordered, confirmed, invoiced, posted, paid, delivered, cancelled, which refunds are credited)
 * from the same keys, so a retry resumes where the last attempt stopped.
 *
 * @param records    step key → id of the Odoo record that step created or bound (partner, sale.order,
 *                   account.move, account.payment…)
 * @param done       keys of the steps that completed
 * @param orderLines the sale order's lines as last written by us (for change detection)
 */
public record OrderBindings(Map<String, Long> records, Set<String> done, List<OrderLine> orderLines) {

    public OrderBindings {
        records = Map.copyOf(records);
        done = Set.copyOf(done);
        orderLines = List.copyOf(orderLines);
    }

    public static OrderBindings none() {
        return new OrderBindings(Map.of(), Set.of(), List.of());
    }

    public boolean isDone(String key) {
        return done.contains(key);
    }

    public boolean doneWithPrefix(String prefix) {
        return done.stream().anyMatch(k -> k.startsWith(prefix));
    }
}
