package io.woosync.sync;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.woosync.SyncFailure;
import io.woosync.sync.plan.Plan;
import io.woosync.sync.plan.PlanProblem;
import io.woosync.sync.plan.PlanStep;
import io.woosync.sync.plan.PlanTotals;
import io.woosync.tenant.Roles;
import io.woosync.tenant.Tenant;
import io.woosync.tenant.TenantAccess;
import io.woosync.tenant.TenantService;
import io.woosync.web.InvalidInputException;
import jakarta.annotation.security.RolesAllowed;
import io.woosync.queue.JobQueue;
import io.woosync.queue.JobTrigger;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * One order's sync, as an admin looks at it: {@code plan} previews what a sync would do now (reads
 * WooCommerce and Odoo, writes nothing), {@code trace} shows everything that happened to the order
 * (webhook deliveries, what the poll saw, jobs, every attempt's sync-log rows, the Odoo records bound),
 * and {@code reviews/acknowledge} records that a person has dealt with the differences it flags.
 */
@Path("/api/tenants/{slug}/orders/{wooId}")
@Produces(MediaType.APPLICATION_JSON)
public class OrderSyncResource {

    private static final Logger LOG = Logger.getLogger(OrderSyncResource.class);

    /** An order's webhook deliveries (tenant id, order id): served by the dedupe key's index (IngestSchemaTest plans this query). */
    public static final String TRACE_DELIVERIES = "select id, topic, delivery_id, webhook_id, received_at, job_id "
            + "from webhook_delivery where tenant_id = ? and resource_type = 'order' and resource_id = ? order by id";

    /**
     * A preview. {@code outcome} is the planner's READY/BLOCKED/SKIPPED, or UNAVAILABLE when WooCommerce
     * or Odoo could not be read (then {@code problems} holds that failure's sentence).
     */
    public record PlanView(long wooOrderId, String order, String outcome, List<PlanStep> steps, List<PlanProblem> problems,
                           String skipReason, PlanTotals totals, List<String> notes, List<String> alreadyDone,
                           List<String> reviews) {
    }

    /** What an acknowledgement recorded, and the job that syncs the order again to clear its "review" state. */
    public record Acknowledged(long wooOrderId, List<String> acknowledged, long job) {
    }

    public record Trace(long wooOrderId, String lastOutcome, String lastMessage, List<Map<String, Object>> deliveries,
                        List<Map<String, Object>> polls, List<Map<String, Object>> jobs, List<Map<String, Object>> attempts,
                        List<Map<String, Object>> odooRecords) {
    }

    private final TenantService tenants;
    private final TenantAccess access;
    private final OrderSync sync;
    private final SyncStore store;
    private final SyncConfig config;
    private final JobQueue queue;
    private final Clock clock;

    public OrderSyncResource(TenantService tenants, TenantAccess access, OrderSync sync, SyncStore store, SyncConfig config,
                             JobQueue queue, Clock clock) {
        this.queue = queue;
        this.clock = clock;
        this.tenants = tenants;
        this.access = access;
        this.sync = sync;
        this.store = store;
        this.config = config;
    }

    @GET
    @Path("plan")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN, Roles.FINANCE, Roles.VIEWER})
    public PlanView plan(@PathParam("slug") String slug, @PathParam("wooId") String wooId) {
        Tenant t = visible(slug);
        long id = orderId(wooId);
        try {
            OrderSync.Preview p = sync.preview(t, id);
            Plan plan = p.plan();
            List<String> done = new ArrayList<>(new TreeSet<>(p.planned().bindings().values().stream()
                    .filter(SyncStore.Binding::done).map(SyncStore.Binding::stepKey).toList()));
            return new PlanView(id, plan.orderLabel(), plan.outcome().name(), plan.steps(), plan.problems(), plan.skipReason(),
                    plan.totals(), plan.notes(), done, plan.reviewReasons());
        } catch (SyncFailure e) {
            LOG.infof("tenant %s: preview of order %d unavailable: %s", slug, id, e.adminMessage());
            return new PlanView(id, "#" + id, "UNAVAILABLE", List.of(), List.of(new PlanProblem(e.kind(), null, e.adminMessage())),
                    null, null, List.of(), List.of(), List.of());
        }
    }

    /**
     * A person has dealt with what the order's last sync flagged for review (e.g. corrected the posted
     * invoice in Odoo by hand): those differences are recorded as acknowledged and the order is synced
     * again, which lists them as notes and clears its "review" state (in WooCommerce's order too). A
     * different difference later (other figures) is flagged again. 409 when nothing is open.
     */
    @POST
    @Path("reviews/acknowledge")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN})
    public Acknowledged acknowledgeReviews(@PathParam("slug") String slug, @PathParam("wooId") String wooId) {
        Tenant tenant = QuarkusTransaction.joiningExisting().call(() -> tenants.requireAdministrable(access, slug));
        long id = orderId(wooId);
        List<String> keys = store.acknowledgeReviews(tenant.id, id, access.userName(), clock.instant());
        if (keys.isEmpty()) {
            throw InvalidInputException.conflict("wooId", "Order " + id + " has no open review to acknowledge: its last sync "
                    + "flagged nothing, or it was acknowledged already.");
        }
        long job = queue.enqueue(tenant.id, "order", Long.toString(id), JobTrigger.manual, null).jobId();
        LOG.infof("tenant %s: order %d reviews %s acknowledged by %s; job %d syncs it again", slug, id, keys, access.userName(), job);
        return new Acknowledged(id, keys, job);
    }

    @GET
    @Path("trace")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN, Roles.FINANCE, Roles.VIEWER})
    public Trace trace(@PathParam("slug") String slug, @PathParam("wooId") String wooId) {
        long tenantId = visible(slug).id;
        long id = orderId(wooId);
        String rid = Long.toString(id);
        List<Map<String, Object>> deliveries = store.rows(TRACE_DELIVERIES, tenantId, rid);
        List<Map<String, Object>> polls = store.rows("select source, date_modified_gmt, recorded_at from woo_resource_version "
                + "where tenant_id = ? and resource_type = 'order' and resource_id = ?", tenantId, id);
        List<Map<String, Object>> jobs = store.rows("select id, state, trigger, attempt, max_attempts, events, created_at, updated_at, "
                + "attempted_at, finalized_at, error_class, last_error, requested_by from queue_job "
                + "where tenant_id = ? and resource_type = 'order' and resource_id = ? order by id", tenantId, rid);
        List<Map<String, Object>> attempts = store.rows("select l.id, l.job_id, l.logged_at, l.sync_type, l.status, l.odoo_record_id, "
                + "l.error_message, l.retry_count, l.trigger, l.triggered_by, l.request_payload, l.response_payload from sync_log l "
                + "where l.tenant_id = ? and (l.job_id in (select q.id from queue_job q where q.tenant_id = ? and q.resource_type = 'order' "
                + "and q.resource_id = ?) or l.woo_record_id = ? and l.sync_type in ('order', 'invoice', 'payment', 'refund', 'stock')) "
                + "order by l.id limit ?", tenantId, tenantId, rid, rid, config.traceLimit());
        SyncStore.OrderState state = store.orderState(tenantId, id);
        Set<String> keys = new TreeSet<>(state.stepKeys());
        store.orderBindings(tenantId, id).forEach(b -> keys.add(b.stepKey()));
        List<Map<String, Object>> records = new ArrayList<>();
        store.bindings(tenantId, keys).values().forEach(b -> {
            Map<String, Object> r = new java.util.LinkedHashMap<>();
            r.put("key", b.stepKey());
            r.put("step", b.step());
            r.put("state", b.state());
            r.put("odooModel", b.odooModel());
            r.put("odooId", b.odooId());
            r.put("externalId", b.externalId());
            r.put("externalIdState", b.externalIdState());
            r.put("detail", b.detail());
            r.put("attempts", b.attempts());
            r.put("startedAt", b.startedAt());
            r.put("doneAt", b.doneAt());
            records.add(r);
        });
        return new Trace(id, state.lastOutcome(), state.lastMessage(), deliveries, polls, jobs, attempts, records);
    }

    private Tenant visible(String slug) {
        return QuarkusTransaction.joiningExisting().call(() -> tenants.requireVisible(access, slug));
    }

    private static long orderId(String wooId) {
        try {
            long id = Long.parseLong(wooId);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // falls through to the 400 below
        }
        throw new InvalidInputException(400, Map.of("wooId", "must be a WooCommerce order id (a positive number)"));
    }
}
