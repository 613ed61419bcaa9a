package io.woosync.queue;

import io.woosync.tenant.Roles;
import io.woosync.tenant.Tenant;
import io.woosync.tenant.TenantAccess;
import io.woosync.tenant.TenantService;
import io.woosync.web.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.Locale;

/**
 * Admin JSON API for a tenant's jobs and sync log: list by state, retry now, cancel. Scoped by
 * {@link TenantService#requireVisible}: another tenant's jobs answer 404.
 */
@Path("/api/tenants/{slug}")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private static final Logger LOG = Logger.getLogger(JobResource.class);

    private final JobQueue queue;
    private final SyncLog syncLog;
    private final TenantService tenants;
    private final TenantAccess access;

    public JobResource(JobQueue queue, SyncLog syncLog, TenantService tenants, TenantAccess access) {
        this.queue = queue;
        this.syncLog = syncLog;
        this.tenants = tenants;
        this.access = access;
    }

    @GET
    @Path("jobs")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN, Roles.FINANCE, Roles.VIEWER})
    public List<JobView> list(@PathParam("slug") String slug, @QueryParam("state") String state,
                              @QueryParam("limit") @DefaultValue("100") int limit) {
        Tenant tenant = tenants.requireVisible(access, slug);
        return queue.list(tenant.id, parseState(state), limit);
    }

    @GET
    @Path("jobs/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN, Roles.FINANCE, Roles.VIEWER})
    public JobView get(@PathParam("slug") String slug, @PathParam("id") long id) {
        Tenant tenant = tenants.requireVisible(access, slug);
        return queue.find(tenant.id, id).orElseThrow(NotFoundException::new);
    }

    @GET
    @Path("jobs/{id}/log")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN, Roles.FINANCE, Roles.VIEWER})
    public List<SyncLog.Row> jobLog(@PathParam("slug") String slug, @PathParam("id") long id) {
        Tenant tenant = tenants.requireVisible(access, slug);
        queue.find(tenant.id, id).orElseThrow(NotFoundException::new);
        return syncLog.list(tenant.id, id, 200);
    }

    @POST
    @Path("jobs/{id}/retry")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN})
    public JobView retry(@PathParam("slug") String slug, @PathParam("id") long id) {
        Tenant tenant = tenants.requireAdministrable(access, slug);
        return queue.retryNow(tenant.id, id, access.userName());
    }

    @POST
    @Path("jobs/{id}/cancel")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN})
    public JobView cancel(@PathParam("slug") String slug, @PathParam("id") long id) {
        Tenant tenant = tenants.requireAdministrable(access, slug);
        return queue.cancel(tenant.id, id, access.userName());
    }

    @GET
    @Path("sync-log")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN, Roles.FINANCE, Roles.VIEWER})
    public List<SyncLog.Row> log(@PathParam("slug") String slug, @QueryParam("limit") @DefaultValue("100") int limit) {
        Tenant tenant = tenants.requireVisible(access, slug);
        return syncLog.list(tenant.id, null, Math.max(1, Math.min(limit, 1000)));
    }

    @ServerExceptionMapper
    public Response conflict(JobStateConflictException e, UriInfo uri) {
        LOG.infof("409 %s: %s", uri.getPath(), e.getMessage());
        return Response.status(409).type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", "Conflict", 409, e.getMessage(), uri.getPath(), null)).build();
    }

    private static JobState parseState(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return JobState.valueOf(state.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("state must be one of available, running, retrying, blocked, failed, completed, cancelled");
        }
    }
}
