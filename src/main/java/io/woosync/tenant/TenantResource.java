package io.woosync.tenant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;

/** Admin JSON API for tenants, for automation and tests. Bearer tokens only (OIDC tenant "api"). */
@Path("/api/tenants")
@Produces(MediaType.APPLICATION_JSON)
public class TenantResource {

    private final TenantService service;
    private final TenantAccess access;

    public TenantResource(TenantService service, TenantAccess access) {
        this.service = service;
        this.access = access;
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN, Roles.FINANCE, Roles.VIEWER})
    public List<TenantView> list() {
        return service.list(access);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    public Response create(@NotNull(message = "a JSON body is required") @Valid TenantRequest request, UriInfo uri) {
        TenantView created = service.create(access, request);
        return Response.created(uri.getAbsolutePathBuilder().path(created.slug()).build()).entity(created).build();
    }

    @GET
    @Path("{slug}")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN, Roles.FINANCE, Roles.VIEWER})
    public TenantView get(@PathParam("slug") String slug) {
        return service.get(access, slug);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("{slug}")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN})
    public TenantView update(@PathParam("slug") String slug,
                             @NotNull(message = "a JSON body is required") @Valid TenantRequest request) {
        return service.update(access, slug, request);
    }

    @POST
    @Path("{slug}/pause")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN})
    public TenantView pause(@PathParam("slug") String slug) {
        return service.setStatus(access, slug, TenantStatus.paused);
    }

    @POST
    @Path("{slug}/resume")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN})
    public TenantView resume(@PathParam("slug") String slug) {
        return service.setStatus(access, slug, TenantStatus.active);
    }
}
