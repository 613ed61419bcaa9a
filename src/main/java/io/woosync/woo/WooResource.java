package io.woosync.woo;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.woosync.tenant.Roles;
import io.woosync.tenant.Tenant;
import io.woosync.tenant.TenantAccess;
import io.woosync.tenant.TenantService;
import io.woosync.web.InvalidInputException;
import io.woosync.web.Problem;
import jakarta.annotation.security.RolesAllowed;
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
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Clock;
import java.util.List;

/**
 * The WooCommerce side of a tenant, for admins and automation: settings (write-back, products,
 * customers, auth style), webhook health and repair, and the catch-up poll. Bearer tokens only;
 * every method is scoped to a tenant the caller may see (another tenant answers 404).
 */
@Path("/api/tenants/{slug}/woo")
@Produces(MediaType.APPLICATION_JSON)
@RegisterForReflection(targets = {WooResource.SettingsBody.class, WooResource.PollView.class, WooStore.Cursor.class,
        CatchUpPoll.Result.class, WebhookManager.Report.class, WebhookManager.TopicResult.class, WebhookManager.Action.class,
        WebhookHealth.Health.class, WebhookHealth.TopicView.class, WebhookHealth.State.class})
public class WooResource {

    private static final Logger LOG = Logger.getLogger(WooResource.class);

    /** Settings as shown and as sent; on PUT a null field keeps the stored value. */
    public record SettingsBody(Boolean writeBack, Boolean products, Boolean customers, String authStyle) {
    }

    public record PollView(List<WooStore.Cursor> cursors, List<CatchUpPoll.Result> results) {
    }

    private final TenantService tenants;
    private final TenantAccess access;
    private final WooStore store;
    private final WooGateway gateway;
    private final WebhookManager webhooks;
    private final WebhookHealth health;
    private final CatchUpPoll poll;
    private final Clock clock;

    public WooResource(TenantService tenants, TenantAccess access, WooStore store, WooGateway gateway, WebhookManager webhooks,
                       WebhookHealth health, CatchUpPoll poll, Clock clock) {
        this.tenants = tenants;
        this.access = access;
        this.store = store;
        this.gateway = gateway;
        this.webhooks = webhooks;
        this.health = health;
        this.poll = poll;
        this.clock = clock;
    }

    @GET
    @Path("settings")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN, Roles.FINANCE, Roles.VIEWER})
    public SettingsBody settings(@PathParam("slug") String slug) {
        return view(store.settings(visible(slug).id));
    }

    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN})
    public SettingsBody updateSettings(@PathParam("slug") String slug, SettingsBody body) {
        Tenant t = QuarkusTransaction.joiningExisting().call(() -> tenants.requireAdministrable(access, slug));
        if (body == null) {
            throw InvalidInputException.field("body", "a JSON body is required");
        }
        WooStore.Settings current = store.settings(t.id);
        AuthStyle style = current.authStyle();
        if (body.authStyle() != null) {
            try {
                style = AuthStyle.valueOf(body.authStyle().trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw InvalidInputException.field("authStyle", "must be one of auto, basic, query, oauth1");
            }
        }
        WooStore.Settings next = new WooStore.Settings(
                body.writeBack() != null ? body.writeBack() : current.writeBackEnabled(),
                body.products() != null ? body.products() : current.productsEnabled(),
                body.customers() != null ? body.customers() : current.customersEnabled(), style);
        store.saveSettings(t.id, next, clock.instant());
        gateway.forget(slug);
        LOG.infof("tenant %s: woo settings %s by %s", slug, next, access.userName());
        return view(next);
    }

    @GET
    @Path("webhooks")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN, Roles.FINANCE, Roles.VIEWER})
    public WebhookHealth.Health webhookHealth(@PathParam("slug") String slug) {
        return health.health(visible(slug).id);
    }

    @POST
    @Path("webhooks/ensure")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN})
    public WebhookManager.Report ensureWebhooks(@PathParam("slug") String slug) {
        QuarkusTransaction.joiningExisting().call(() -> tenants.requireAdministrable(access, slug));
        return webhooks.ensure(slug);
    }

    @GET
    @Path("poll")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN, Roles.FINANCE, Roles.VIEWER})
    public PollView pollState(@PathParam("slug") String slug) {
        return new PollView(store.cursors(visible(slug).id), List.of());
    }

    @POST
    @Path("poll")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN})
    public PollView pollNow(@PathParam("slug") String slug) {
        Tenant t = QuarkusTransaction.joiningExisting().call(() -> tenants.requireAdministrable(access, slug));
        List<CatchUpPoll.Result> results = poll.pollTenant(slug);
        return new PollView(store.cursors(t.id), results);
    }

    /** A WooCommerce failure during an admin action: 502 with the admin sentence, never a 500. */
    @ServerExceptionMapper
    public Response wooFailure(WooException e, UriInfo uri) {
        LOG.infof("%s: %s", uri.getPath(), e.adminMessage());
        return Response.status(502).type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", "WooCommerce " + e.kind().name().toLowerCase() + " problem", 502,
                        e.adminMessage(), uri.getPath(), null)).build();
    }

    private Tenant visible(String slug) {
        return QuarkusTransaction.joiningExisting().call(() -> tenants.requireVisible(access, slug));
    }

    private static SettingsBody view(WooStore.Settings s) {
        return new SettingsBody(s.writeBackEnabled(), s.productsEnabled(), s.customersEnabled(), s.authStyle().dbValue());
    }
}
