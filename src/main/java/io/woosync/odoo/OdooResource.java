package io.woosync.odoo;

import io.woosync.tenant.Roles;
import io.woosync.tenant.TenantAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A tenant's Odoo connection: run the connection test, read the latest result (the "API status").
 * Bearer tokens only, scoped to the tenants the user may see.
 */
@Path("/api/tenants/{slug}/odoo")
@Produces(MediaType.APPLICATION_JSON)
public class OdooResource {

    private final OdooConnectionCheck connectionCheck;
    private final OdooStatusStore store;
    private final TenantAccess access;

    public OdooResource(OdooConnectionCheck connectionCheck, OdooStatusStore store, TenantAccess access) {
        this.connectionCheck = connectionCheck;
        this.store = store;
        this.access = access;
    }

    /** Runs the connection test now (seconds of Odoo calls), stores it as the tenant's API status and returns it. The body is optional. */
    @POST
    @Path("test")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN})
    public ConnectionReport test(@PathParam("slug") String slug, ConnectionTestOptions options) {
        OdooStatusStore.Target target = store.administrable(access, slug);
        ConnectionReport report = connectionCheck.run(target.odoo(), options);
        store.save(target.tenantId(), report);
        return report;
    }

    @GET
    @Path("status")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN, Roles.FINANCE, Roles.VIEWER})
    public ConnectionReport status(@PathParam("slug") String slug) {
        return store.latest(access, slug);
    }
}
