package io.woosync.reconcile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.woosync.odoo.OdooGateway;
import io.woosync.reconcile.TotalsComparison.OdooDocument;
import io.woosync.sync.SyncStore;
import io.woosync.sync.SyncStore.SyncedOrder;
import io.woosync.tenant.TenantConnections;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finance's reconciliation: the orders of a period whose Odoo documents do not total what WooCommerce
 * charged. Our database says which orders reached Odoo and WooCommerce's totals at their last sync;
 * Odoo is asked for its documents' totals now, 200 per search (two searches per 200 orders).
 */
@ApplicationScoped
public class ReconcileService {

    /** The most orders one export covers; a longer period is cut here and says so. */
    public static final int MAX_ORDERS = 10_000;
    private static final int PER_SEARCH = 200;

    private final SyncStore store;
    private final OdooGateway gateway;

    public ReconcileService(SyncStore store, OdooGateway gateway) {
        this.store = store;
        this.gateway = gateway;
    }

    /** The differences, and whether the period held more orders than {@link #MAX_ORDERS}. */
    public record Result(List<TotalsDifference> differences, int ordersCompared, boolean truncated) {
    }

    public Result differences(long tenantId, TenantConnections.Odoo odoo, Instant from, Instant to) {
        List<SyncedOrder> orders = store.syncedOrders(tenantId, from, to, MAX_ORDERS + 1);
        boolean truncated = orders.size() > MAX_ORDERS;
        if (truncated) {
            orders = orders.subList(0, MAX_ORDERS);
        }
        List<TotalsDifference> out = new ArrayList<>();
        for (int i = 0; i < orders.size(); i += PER_SEARCH) {
            List<SyncedOrder> chunk = orders.subList(i, Math.min(orders.size(), i + PER_SEARCH));
            Map<Long, OdooDocument> saleOrders = read(odoo, "sale.order", chunk.stream().map(SyncedOrder::saleOrderId).filter(Objects::nonNull).toList());
            Map<Long, OdooDocument> invoices = read(odoo, "account.move", chunk.stream().map(SyncedOrder::invoiceId).filter(Objects::nonNull).toList());
            for (SyncedOrder o : chunk) {
                TotalsComparison.compare(o, o.saleOrderId() == null ? null : saleOrders.get(o.saleOrderId()),
                        o.invoiceId() == null ? null : invoices.get(o.invoiceId())).ifPresent(out::add);
            }
        }
        return new Result(out, orders.size(), truncated);
    }

    private Map<Long, OdooDocument> read(TenantConnections.Odoo odoo, String model, List<Long> ids) {
        Map<Long, OdooDocument> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        for (ObjectNode r : gateway.searchRead(odoo, model, List.of(List.of("id", "in", ids)), List.of("amount_total", "state"), null)) {
            long id = r.path("id").asLong();
            out.put(id, new OdooDocument(id, r.path("amount_total").decimalValue(), r.path("state").asText()));
        }
        return out;
    }
}
