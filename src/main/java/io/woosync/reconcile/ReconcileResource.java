package io.woosync.reconcile;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.woosync.tenant.Roles;
import io.woosync.tenant.Tenant;
import io.woosync.tenant.TenantAccess;
import io.woosync.tenant.TenantConnections;
import io.woosync.tenant.TenantService;
import io.woosync.web.InvalidInputException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.jboss.logging.Logger;

/**
 * {@code GET /api/tenants/{slug}/reconcile/differences.csv?from=2026-11-01&to=2026-11-30}: the orders
 * created in WooCommerce in those days (UTC, both included; default: this month so far) whose Odoo
 * documents do not total what WooCommerce charged, as CSV for finance. Operators, the tenant's admins
 * and finance; another tenant's slug is a 404.
 */
@Path("/api/tenants/{slug}/reconcile")
public class ReconcileResource {

    private static final Logger LOG = Logger.getLogger(ReconcileResource.class);
    /** The longest period one export covers. */
    static final int MAX_DAYS = 366;

    private final TenantService tenants;
    private final TenantAccess access;
    private final ReconcileService reconcile;
    private final Clock clock;

    public ReconcileResource(TenantService tenants, TenantAccess access, ReconcileService reconcile, Clock clock) {
        this.tenants = tenants;
        this.access = access;
        this.reconcile = reconcile;
        this.clock = clock;
    }

    @GET
    @Path("differences.csv")
    @Produces("text/csv")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN, Roles.FINANCE})
    public Response differences(@PathParam("slug") String slug, @QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate first = date("from", from, today.withDayOfMonth(1));
        LocalDate last = date("to", to, today);
        if (last.isBefore(first)) {
            throw InvalidInputException.field("to", "must be on or after from (" + first + ")");
        }
        if (first.plusDays(MAX_DAYS).isBefore(last.plusDays(1))) {
            throw InvalidInputException.field("to", "at most " + MAX_DAYS + " days after from: export a long period in parts");
        }
        Tenant t = QuarkusTransaction.joiningExisting().call(() -> tenants.requireVisible(access, slug));
        TenantConnections.Odoo odoo = QuarkusTransaction.joiningExisting().call(() -> tenants.odoo(t));
        ReconcileService.Result r = reconcile.differences(t.id, odoo, first.atStartOfDay().toInstant(ZoneOffset.UTC),
                last.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        LOG.infof("tenant %s: reconciliation %s..%s compared %d orders, %d differ%s", slug, first, last, r.ordersCompared(),
                r.differences().size(), r.truncated() ? " (cut at " + ReconcileService.MAX_ORDERS + ")" : "");
        Response.ResponseBuilder b = Response.ok(DifferencesCsv.write(r.differences()))
                .header("Content-Disposition", "attachment; filename=\"woosync-" + slug + "-differences-" + first + "-" + last + ".csv\"")
                .header("X-WooSync-Orders-Compared", r.ordersCompared());
        if (r.truncated()) {
            b.header("X-WooSync-Truncated", "only the first " + ReconcileService.MAX_ORDERS + " orders; export a shorter period");
        }
        return b.build();
    }

    private static LocalDate date(String field, String value, LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw InvalidInputException.field(field, "must be a date like 2026-11-01");
        }
    }
}
