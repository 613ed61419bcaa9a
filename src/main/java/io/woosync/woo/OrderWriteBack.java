package io.woosync.woo;

import com.fasterxml.jackson.databind.JsonNode;
import io.woosync.tenant.TenantConnections;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the sync's result into the WooCommerce order's meta_data ({@code PUT /orders/{id}}) so the
 * shop admin sees it on the order, and remembers what our write left so its {@code order.updated}
 * echo does not start another sync ({@link #isOwnWriteEcho}). On by default; switchable per tenant
 * ({@code woo_settings.write_back_enabled}).
 */
@ApplicationScoped
public class OrderWriteBack {

    private static final Logger LOG = Logger.getLogger(OrderWriteBack.class);

    public static final String ODOO_ORDER_ID = OwnWrites.META_PREFIX + "odoo_order_id";
    public static final String ODOO_INVOICE_ID = OwnWrites.META_PREFIX + "odoo_invoice_id";
    public static final String STATUS = OwnWrites.META_PREFIX + "status";
    public static final String SYNCED_AT = OwnWrites.META_PREFIX + "synced_at";

    /**
     * What the sync wants the order to show. Null fields are not written.
     *
     * @param odooOrderId   the sale.order id (or name) in Odoo
     * @param odooInvoiceId the account.move id of the invoice, null before there is one
     * @param status        the sync status, e.g. "synced", "needs_attention"
     */
    public record SyncMarks(String odooOrderId, String odooInvoiceId, String status) {
        Map<String, String> meta() {
            Map<String, String> m = new LinkedHashMap<>();
            if (odooOrderId != null) {
                m.put(ODOO_ORDER_ID, odooOrderId);
            }
            if (odooInvoiceId != null) {
                m.put(ODOO_INVOICE_ID, odooInvoiceId);
            }
            if (status != null) {
                m.put(STATUS, status);
            }
            return m;
        }
    }

    public enum Outcome {
        /** The PUT was made; {@link Result#order()} is the order as WooCommerce saved it. */
        WRITTEN,
        /** The order already carried these values: no PUT, no webhook echo. */
        UNCHANGED,
        /** Write-back is off for this tenant. */
        DISABLED
    }

    public record Result(Outcome outcome, JsonNode order) {
    }

    private final WooGateway gateway;
    private final WooStore store;
    private final Clock clock;

    public OrderWriteBack(WooGateway gateway, WooStore store, Clock clock) {
        this.gateway = gateway;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Writes {@code marks} into the order unless write-back is off or {@code orderAsRead} (the fresh
     * order the sync worked from, may be null) already carries them. Throws {@link WooException} as
     * the gateway does; a failed write-back never undoes the sync, so callers log it and go on.
     */
    public Result writeBack(long tenantId, TenantConnections.Woo woo, long orderId, SyncMarks marks, JsonNode orderAsRead) {
        if (!store.settings(tenantId).writeBackEnabled()) {
            return new Result(Outcome.DISABLED, null);
        }
        Map<String, String> meta = marks.meta();
        if (OwnWrites.alreadyCarries(orderAsRead, meta)) {
            return new Result(Outcome.UNCHANGED, orderAsRead);
        }
        Instant now = clock.instant();
        meta.put(SYNCED_AT, now.toString());
        JsonNode saved = gateway.updateOrderMeta(woo, orderId, meta);
        Instant modified = WooDates.gmt(saved, "date_modified_gmt");
        store.recordVersion(tenantId, "order", orderId, modified != null ? modified : now, "write_back",
                OwnWrites.syncFingerprint(saved), now);
        LOG.debugf("tenant %s: wrote %s into order %d", woo.tenantSlug(), meta.keySet(), orderId);
        return new Result(Outcome.WRITTEN, saved);
    }

    /**
     * For the webhook/queue side: true when {@code order} (a webhook body or a fresh REST read) is
     * exactly what our last write-back left, i.e. the {@code order.updated} WooCommerce fired for our
     * own PUT. Such a delivery must not start a sync.
     */
    public boolean isOwnWriteEcho(long tenantId, JsonNode order) {
        long id = order.path("id").asLong(0);
        if (id == 0) {
            return false;
        }
        return store.version(tenantId, "order", id)
                .filter(v -> "write_back".equals(v.source()))
                .map(v -> OwnWrites.isEchoOfOwnWrite(order, v.fingerprint()))
                .orElse(false);
    }
}
