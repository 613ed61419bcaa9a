package io.woosync.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.woosync.tenant.Roles;
import io.woosync.tenant.TenantAccess;
import io.woosync.tenant.TenantService;
import io.woosync.tenant.TenantView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** The landing page after login: the user's tenants at a glance. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class DashboardPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<TenantView> tenants);
    }

    private final TenantService service;
    private final TenantAccess access;

    public DashboardPage(TenantService service, TenantAccess access) {
        this.service = service;
        this.access = access;
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN, Roles.FINANCE, Roles.VIEWER})
    public TemplateInstance index() {
        return Templates.index(service.list(access));
    }
}
