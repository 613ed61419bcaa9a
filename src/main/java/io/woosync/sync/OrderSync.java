package io.woosync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.woosync.SyncFailure;
import io.woosync.queue.JobContext;
import io.woosync.queue.JobResult;
import io.woosync.sync.order.WooDataException;
import io.woosync.sync.order.WooOrder;
import io.woosync.sync.order.WooOrderParser;
import io.woosync.sync.order.WooRefund;
import io.woosync.sync.plan.Plan;
import io.woosync.sync.plan.PlanProblem;
import io.woosync.tenant.Tenant;
import io.woosync.tenant.TenantConnections;
import io.woosync.tenant.TenantService;
import io.woosync.woo.OrderWriteBack;
import io.woosync.woo.SyncedVersions;
import io.woosync.woo.WooException;
import io.woosync.woo.WooGateway;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Syncs one WooCommerce order into Odoo: reads the order and its refunds fresh from WooCommerce, skips
 * the echo of our own write-back, plans (lookups from our bindings first, Odoo second), applies the plan
 * through {@link OrderExecutor}, then writes the result back into the Woo order.
 *
 * <p>One attempt per order at a time: a PostgreSQL advisory lock per (tenant, order) makes a second
 * worker back off with a retryable failure instead of racing the first.
 */
@ApplicationScoped
public class OrderSync {

    private static final Logger LOG = Logger.getLogger(OrderSync.class);

    /** What a preview needs: the plan and the order it came from. */
    public record Preview(Plan plan, OrderPlanning.Planned planned) {
    }

    private record Connections(long tenantId, String slug, TenantConnections.Woo woo, TenantConnections.Odoo odoo) {
    }

    private final TenantService tenants;
    private final WooGateway woo;
    private final OrderPlanning planning;
    private final OrderExecutor executor;
    private final SyncStore store;
    private final OrderWriteBack writeBack;
    private final SyncedVersions versions;
    private final ObjectMapper json;
    private final Clock clock;

    public OrderSync(TenantService tenants, WooGateway woo, OrderPlanning planning, OrderExecutor executor, SyncStore store,
                     OrderWriteBack writeBack, SyncedVersions versions, ObjectMapper json, Clock clock) {
        this.tenants = tenants;
        this.woo = woo;
        this.planning = planning;
        this.executor = executor;
        this.store = store;
        this.writeBack = writeBack;
        this.versions = versions;
        this.json = json;
        this.clock = clock;
    }

    /** The job handler's entry: one attempt for one order. */
    public JobResult sync(String tenantSlug, long wooOrderId, JobContext ctx) {
        Connections c = connections(tenantSlug);
        AtomicReference<JobResult> result = new AtomicReference<>();
        boolean ran = store.withOrderLock(c.tenantId(), wooOrderId, () -> result.set(syncLocked(c, wooOrderId, ctx)));
        if (!ran) {
            throw new SyncFailure(SyncFailure.Kind.CONNECTION, "Order " + wooOrderId
                    + " is being synced by another worker right now; this attempt waits for the next retry.");
        }
        return result.get();
    }

    /** What a sync would do now, without doing it (reads WooCommerce and Odoo, writes nothing). */
    public Preview preview(Tenant tenant, long wooOrderId) {
        Connections c = QuarkusTransaction.requiringNew().call(() -> new Connections(tenant.id, tenant.slug, tenants.woo(tenant),
                tenants.odoo(tenant)));
        WooGateway.FreshOrder fresh = woo.freshOrder(c.woo(), wooOrderId);
        OrderPlanning.Planned planned = planning.plan(c.tenantId(), c.odoo(), parse(fresh), refunds(fresh));
        return new Preview(planned.plan(), planned);
    }

    private JobResult syncLocked(Connections c, long wooOrderId, JobContext ctx) {
        WooGateway.FreshOrder fresh;
        try {
            fresh = woo.freshOrder(c.woo(), wooOrderId);
        } catch (WooException e) {
            if (e.recordGone()) {
                return JobResult.skipped("Order " + wooOrderId + " no longer exists in WooCommerce; nothing to sync.");
            }
            throw e;
        }
        // Unchanged since our own write-back: nothing to do, unless a person has since acknowledged its reviews.
        if (writeBack.isOwnWriteEcho(c.tenantId(), fresh.order()) && !store.hasUnappliedAcknowledgement(c.tenantId(), wooOrderId)) {
            return JobResult.skipped("Order " + wooOrderId + " changed only by our own write-back; not synced again.");
        }
        WooOrder order = parse(fresh);
        store.saveWooTotals(c.tenantId(), order, clock.instant());
        OrderPlanning.Planned planned = planning.plan(c.tenantId(), c.odoo(), order, refunds(fresh));
        Plan plan = planned.plan();
        switch (plan.outcome()) {
            case BLOCKED -> {
                String message = plan.problems().stream().map(PlanProblem::message).distinct().collect(Collectors.joining(" "));
                store.saveOutcome(c.tenantId(), wooOrderId, planned.keys(), "blocked", message, plan.reviewKeys(), clock.instant());
                SyncFailure.Kind kind = plan.problems().stream().anyMatch(p -> p.kind() == SyncFailure.Kind.DATA)
                        ? SyncFailure.Kind.DATA : SyncFailure.Kind.CONFIGURATION;
                throw new SyncFailure(kind, message);
            }
            case SKIPPED -> {
                store.saveOutcome(c.tenantId(), wooOrderId, planned.keys(), "skipped", plan.skipReason(), plan.reviewKeys(), clock.instant());
                versions.recordProcessed(c.tenantId(), "order", fresh.order());
                return JobResult.skipped(plan.skipReason());
            }
            default -> { }
        }
        OrderExecutor.Applied applied;
        try {
            applied = executor.apply(c.tenantId(), c.odoo(), planned, ctx);
        } catch (SyncFailure e) {
            store.saveOutcome(c.tenantId(), wooOrderId, planned.keys(), "failed", e.adminMessage(), plan.reviewKeys(), clock.instant());
            throw e;
        }
        // A standing difference a person must resolve (e.g. the order changed after its invoice was posted) keeps the
        // order in "review" on every sync until WooCommerce and Odoo agree again; the flag step itself is logged once.
        String review = String.join(" ", plan.reviewReasons());
        String message = applied.stepsApplied().isEmpty()
                ? (plan.needsReview() ? "Order " + order.label() + " needs review: " + review
                        : "Order " + order.label() + " is already in sync with Odoo.")
                : "Order " + order.label() + ": " + String.join(", ", applied.stepsApplied())
                + (plan.needsReview() ? ". Needs review: " + review : "");
        store.saveOutcome(c.tenantId(), wooOrderId, planned.keys(), plan.needsReview() ? "review" : "synced", message,
                plan.reviewKeys(), clock.instant());
        Long saleOrder = applied.records().get("order_" + wooOrderId);
        Long invoice = applied.records().get("invoice_" + wooOrderId);
        if (ctx != null && saleOrder != null) {
            ctx.odooRecordId("sale.order," + saleOrder);
        }
        versions.recordProcessed(c.tenantId(), "order", fresh.order());
        if (saleOrder != null || invoice != null) {
            try {
                writeBack.writeBack(c.tenantId(), c.woo(), wooOrderId, new OrderWriteBack.SyncMarks(
                        saleOrder == null ? null : saleOrder.toString(), invoice == null ? null : invoice.toString(),
                        plan.needsReview() ? "needs_review" : "synced"), fresh.order());
            } catch (SyncFailure e) {
                // The sync is done; the marks in WooCommerce are a convenience and are written by the next sync.
                LOG.infof("tenant %s order %d: write-back failed: %s", c.slug(), wooOrderId, e.adminMessage());
            }
        }
        return applied.stepsApplied().isEmpty() ? JobResult.skipped(message) : JobResult.completed(message);
    }

    private Connections connections(String slug) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Tenant t = tenants.findBySlug(slug).orElseThrow(() -> new SyncFailure(SyncFailure.Kind.CONFIGURATION,
                    "Tenant " + slug + " no longer exists; its jobs cannot run."));
            return new Connections(t.id, t.slug, tenants.woo(t), tenants.odoo(t));
        });
    }

    private static WooOrder parse(WooGateway.FreshOrder fresh) {
        try {
            return WooOrderParser.parseOrder(fresh.order());
        } catch (WooDataException e) {
            throw new SyncFailure(SyncFailure.Kind.DATA, e.getMessage());
        }
    }

    private List<WooRefund> refunds(WooGateway.FreshOrder fresh) {
        ArrayNode array = json.createArrayNode();
        for (JsonNode r : fresh.refunds()) {
            array.add(r);
        }
        try {
            return WooOrderParser.parseRefunds(array);
        } catch (WooDataException e) {
            throw new SyncFailure(SyncFailure.Kind.DATA, e.getMessage());
        }
    }
}
