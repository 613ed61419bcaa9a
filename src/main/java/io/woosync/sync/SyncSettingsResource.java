package io.woosync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.woosync.sync.settings.SyncSettings;
import io.woosync.tenant.Roles;
import io.woosync.tenant.Tenant;
import io.woosync.tenant.TenantAccess;
import io.woosync.tenant.TenantService;
import io.woosync.web.InvalidInputException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * A tenant's order-sync settings as JSON: {@code GET} the settings in effect (the seed's defaults until
 * saved), {@code PUT} the same complete document to replace them (checked, 400 naming each bad field),
 * {@code GET changes} who changed them when. Operators and the tenant's admins change; finance and viewers
 * read; another tenant's settings are a 404. The last change is also in the {@code Last-Modified} and
 * {@code X-WooSync-Updated-By} headers of GET and PUT.
 */
@Path("/api/tenants/{slug}/sync-settings")
@Produces(MediaType.APPLICATION_JSON)
@RegisterForReflection(targets = {SyncStore.SettingsChange.class, SyncSettings.class, SyncSettings.CustomerSettings.class,
        SyncSettings.TaxSettings.class, SyncSettings.TaxMapping.class, SyncSettings.DiscountSettings.class,
        SyncSettings.ShippingSettings.class, SyncSettings.CarrierMapping.class, SyncSettings.PaymentJournal.class,
        io.woosync.sync.settings.OdooTax.class, io.woosync.sync.settings.OdooFacts.class})
public class SyncSettingsResource {

    static final String UPDATED_BY = "X-WooSync-Updated-By";

    private final TenantService tenants;
    private final TenantAccess access;
    private final SyncSettingsService settings;

    public SyncSettingsResource(TenantService tenants, TenantAccess access, SyncSettingsService settings) {
        this.tenants = tenants;
        this.access = access;
        this.settings = settings;
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN, Roles.FINANCE, Roles.VIEWER})
    public Response get(@PathParam("slug") String slug) {
        Tenant t = QuarkusTransaction.joiningExisting().call(() -> tenants.requireVisible(access, slug));
        return view(settings.current(t.id));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN})
    public Response put(@PathParam("slug") String slug, JsonNode body) {
        Tenant t = QuarkusTransaction.joiningExisting().call(() -> tenants.requireAdministrable(access, slug));
        SyncSettings next = settings.fromJson(body);
        settings.replace(t.id, slug, next, access.userName(), "api");
        return view(settings.current(t.id));
    }

    @GET
    @Path("changes")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN, Roles.FINANCE, Roles.VIEWER})
    public List<SyncStore.SettingsChange> changes(@PathParam("slug") String slug,
                                                 @QueryParam("limit") @DefaultValue("50") String limit) {
        Tenant t = QuarkusTransaction.joiningExisting().call(() -> tenants.requireVisible(access, slug));
        int n;
        try {
            n = Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1 || n > 500) {
            throw InvalidInputException.field("limit", "must be a number from 1 to 500");
        }
        return settings.changes(t.id, n);
    }

    private Response view(SyncSettingsService.Current current) {
        Response.ResponseBuilder r = Response.ok(settings.toJson(current.settings()));
        if (current.saved()) {
            r.lastModified(java.util.Date.from(current.updatedAt()));
            if (current.updatedBy() != null) {
                r.header(UPDATED_BY, current.updatedBy());
            }
        }
        return r.build();
    }
}
