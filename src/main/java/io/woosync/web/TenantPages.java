package io.woosync.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.woosync.tenant.Roles;
import io.woosync.tenant.TenantAccess;
import io.woosync.tenant.TenantRequest;
import io.woosync.tenant.TenantService;
import io.woosync.tenant.TenantStatus;
import io.woosync.tenant.TenantView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tenant pages: list, detail, create and edit forms. GET never changes anything; every POST is
 * CSRF-checked (quarkus-rest-csrf) and answers with a redirect to a GET (POST → redirect → GET),
 * or re-renders the form with 400 and messages beside the fields.
 */
@Path("/tenants")
@Produces(MediaType.TEXT_HTML)
public class TenantPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<TenantView> tenants, boolean canCreate);

        static native TemplateInstance detail(TenantView tenant, boolean canEdit, boolean canExport, String notice);

        static native TemplateInstance form(TenantForm form, boolean creating, Map<String, String> errors);
    }

    private final TenantService service;
    private final TenantAccess access;
    private final Validator validator;

    public TenantPages(TenantService service, TenantAccess access, Validator validator) {
        this.service = service;
        this.access = access;
        this.validator = validator;
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN, Roles.FINANCE, Roles.VIEWER})
    public TemplateInstance list() {
        return Templates.list(service.list(access), access.isOperator());
    }

    @GET
    @Path("new")
    @RolesAllowed(Roles.OPERATOR)
    public TemplateInstance newForm() {
        return Templates.form(TenantForm.empty(), true, Map.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.OPERATOR)
    public Response create(@RestForm String slug, @RestForm String name, @RestForm String wooStoreUrl,
                           @RestForm String wooConsumerKey, @RestForm String wooConsumerSecret,
                           @RestForm String wooWebhookSecret, @RestForm String odooUrl, @RestForm String odooDatabase,
                           @RestForm String odooLogin, @RestForm String odooApiKey) {
        TenantRequest request = new TenantRequest(trim(slug), name, trim(wooStoreUrl), trim(wooConsumerKey),
                trim(wooConsumerSecret), blankToNull(wooWebhookSecret), trim(odooUrl), trim(odooDatabase), trim(odooLogin), blankToNull(odooApiKey));
        Map<String, String> errors = validate(request);
        int status = 400;
        if (errors.isEmpty()) {
            try {
                TenantView created = service.create(access, request);
                return seeOther("/tenants/" + created.slug() + "?notice=created");
            } catch (InvalidInputException e) {
                errors.putAll(e.fieldErrors());
                status = e.status();
            }
        }
        return Response.status(status).entity(Templates.form(TenantForm.of(request), true, errors)).build();
    }

    @GET
    @Path("{slug}")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN, Roles.FINANCE, Roles.VIEWER})
    public TemplateInstance detail(@PathParam("slug") String slug, @QueryParam("notice") String notice) {
        TenantView tenant = service.get(access, slug);
        return Templates.detail(tenant, access.canAdminister(slug),
                access.hasAnyRole(Roles.OPERATOR, Roles.TENANT_ADMIN, Roles.FINANCE), noticeText(notice));
    }

    @GET
    @Path("{slug}/edit")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN})
    public TemplateInstance editForm(@PathParam("slug") String slug) {
        service.requireAdministrable(access, slug);
        return Templates.form(TenantForm.of(service.get(access, slug)), false, Map.of());
    }

    @POST
    @Path("{slug}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN})
    public Response update(@PathParam("slug") String slug, @RestForm String name, @RestForm String wooStoreUrl,
                           @RestForm String wooConsumerKey, @RestForm String wooConsumerSecret,
                           @RestForm String wooWebhookSecret, @RestForm String odooUrl, @RestForm String odooDatabase,
                           @RestForm String odooLogin, @RestForm String odooApiKey) {
        service.requireAdministrable(access, slug);
        TenantRequest request = new TenantRequest(slug, name, trim(wooStoreUrl), trim(wooConsumerKey),
                trim(wooConsumerSecret), blankToNull(wooWebhookSecret), trim(odooUrl), trim(odooDatabase), trim(odooLogin), blankToNull(odooApiKey));
        Map<String, String> errors = validate(request);
        int status = 400;
        if (errors.isEmpty()) {
            try {
                service.update(access, slug, request);
                return seeOther("/tenants/" + slug + "?notice=saved");
            } catch (InvalidInputException e) {
                errors.putAll(e.fieldErrors());
                status = e.status();
            }
        }
        return Response.status(status).entity(Templates.form(TenantForm.of(request), false, errors)).build();
    }

    @POST
    @Path("{slug}/pause")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN})
    public Response pause(@PathParam("slug") String slug) {
        service.setStatus(access, slug, TenantStatus.paused);
        return seeOther("/tenants/" + slug + "?notice=paused");
    }

    @POST
    @Path("{slug}/resume")
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN})
    public Response resume(@PathParam("slug") String slug) {
        service.setStatus(access, slug, TenantStatus.active);
        return seeOther("/tenants/" + slug + "?notice=resumed");
    }

    private Map<String, String> validate(TenantRequest request) {
        Map<String, String> errors = new TreeMap<>();
        for (ConstraintViolation<TenantRequest> v : validator.validate(request)) {
            errors.merge(v.getPropertyPath().toString(), v.getMessage(), (a, b) -> a + "; " + b);
        }
        return errors;
    }

    private static String noticeText(String notice) {
        if (notice == null) {
            return null;
        }
        return switch (notice) {
            case "created" -> "Tenant created.";
            case "saved" -> "Changes saved.";
            case "paused" -> "Tenant paused: webhooks are still stored, nothing is processed until it is resumed.";
            case "resumed" -> "Tenant resumed.";
            default -> null;
        };
    }

    static Response seeOther(String path) {
        return Response.seeOther(URI.create(path)).build();
    }

    /** Secrets are taken as typed (spaces may be part of them); only an empty field means "keep". */
    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** A blank form field means "not given", exactly like a field missing from a JSON body. */
    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** The values a tenant form shows. Secrets are never echoed back: only their hints. */
    public record TenantForm(String slug, String name, String wooStoreUrl, String wooConsumerKeyHint,
                             String wooConsumerSecretHint, String wooWebhookSecretHint, String odooUrl,
                             String odooDatabase, String odooLogin, String odooApiKeyHint) {
        static TenantForm empty() {
            return new TenantForm("", "", "", null, null, null, "", "", "", null);
        }

        static TenantForm of(TenantView v) {
            return new TenantForm(v.slug(), v.name(), v.wooStoreUrl(), v.wooConsumerKeyHint(), v.wooConsumerSecretHint(),
                    v.wooWebhookSecretHint(), v.odooUrl(), v.odooDatabase(), v.odooLogin(), v.odooApiKeyHint());
        }

        static TenantForm of(TenantRequest r) {
            return new TenantForm(r.slug(), r.name(), r.wooStoreUrl(), null, null, null, r.odooUrl(), r.odooDatabase(),
                    r.odooLogin(), null);
        }
    }
}
