package io.woosync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.woosync.odoo.ConnectionReport;
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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import io.woosync.web.Problem;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * A tenant's order-sync settings as JSON: {@code GET} the settings in effect (the seed's defaults until
 * saved), {@code PUT} the same complete document to replace them (checked, 400 naming each bad field),
 * {@code GET changes} who changed them when. Operators and the tenant's admins change; finance and viewers
 * read; another tenant's settings are a 404. The last change is also in the {@code Last-Modified} and
 * {@code X-WooSync-Updated-By} headers of GET and PUT, and the version in the {@code ETag}: a PUT with
 * {@code If-Match} replaces only that version (412 when someone saved in between); without it, last write wins.
 */
@Path("/api/tenants/{slug}/sync-settings")
@Produces(MediaType.APPLICATION_JSON)
@RegisterForReflection(targets = {SyncStore.SettingsChange.class, SyncSettings.class, SyncSettings.CustomerSettings.class,
        SyncSettings.TaxSettings.class, SyncSettings.TaxMapping.class, SyncSettings.DiscountSettings.class,
        SyncSettings.ShippingSettings.class, SyncSettings.CarrierMapping.class, SyncSettings.PaymentJournal.class,
        io.woosync.sync.settings.OdooTax.class, io.woosync.sync.settings.OdooFacts.class})
public class SyncSettingsResource {

    static final String UPDATED_BY = "X-WooSync-Updated-By";
    private static final Logger LOG = Logger.getLogger(SyncSettingsResource.class);

    private final TenantService tenants;
    private final TenantAccess access;
    private final SyncSettingsService settings;

    public SyncSettingsResource(TenantService tenants, TenantAccess access, SyncSettingsService settings) {
        this.tenants = tenants;
        this.access = access;
        this.settings = settings;
    }

    /**
     * The Odoo connection test held against the settings in effect: every record they name exists, and
     * Odoo's version, tax rounding, precisions, currency and each mapped tax's rate and price inclusion are
     * what the settings say (the planner computes Odoo's totals from them). Stored as the tenant's API
     * status, like {@code POST /api/tenants/{slug}/odoo/test}. For go-live, and after every change.
     */
    @POST
    @Path("check")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN})
    public ConnectionReport check(@PathParam("slug") String slug) {
        return settings.checkAgainstOdoo(access, slug);
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
    public Response put(@PathParam("slug") String slug, @HeaderParam("If-Match") String ifMatch, JsonNode body,
                        @Context UriInfo uri) {
        Tenant t = QuarkusTransaction.joiningExisting().call(() -> tenants.requireAdministrable(access, slug));
        Long basedOn = version(ifMatch);
        SyncSettings next = settings.fromJson(body);
        try {
            settings.replace(t.id, slug, next, access.userName(), "api", basedOn);
        } catch (SyncStore.StaleSettingsException e) {
            SyncSettingsService.Current now = settings.current(t.id);
            LOG.infof("412 %s: If-Match %s, stored version %d", uri.getPath(), ifMatch, now.version());
            return Response.status(412).type(Problem.MEDIA_TYPE).tag(etag(now)).entity(new Problem("about:blank",
                    "Precondition failed", 412, "The settings were changed" + (now.updatedBy() == null ? "" : " by " + now.updatedBy())
                    + " after the version you sent (" + ifMatch + "); GET them again and re-apply your change.",
                    uri.getPath(), null)).build();
        }
        return view(settings.current(t.id));
    }

    /** The version an If-Match names ("3", "\"3\"", W/"3"); null = no condition ("*" or absent). */
    private static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String v = ifMatch.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            long n = Long.parseLong(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw InvalidInputException.field("If-Match", "must be the ETag of a GET (e.g. \"3\"), or left out");
    }

    private static EntityTag etag(SyncSettingsService.Current current) {
        return new EntityTag(Long.toString(current.version()));
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
        Response.ResponseBuilder r = Response.ok(settings.toJson(current.settings())).tag(etag(current));
        if (current.saved()) {
            r.lastModified(java.util.Date.from(current.updatedAt()));
            if (current.updatedBy() != null) {
                r.header(UPDATED_BY, current.updatedBy());
            }
        }
        return r.build();
    }
}
