package io.woosync.web;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.woosync.odoo.ConnectionReport;
import io.woosync.odoo.OdooStatusStore;
import io.woosync.sync.SyncSettingsService;
import io.woosync.sync.SyncStore;
import io.woosync.sync.settings.OdooFacts;
import io.woosync.sync.settings.OdooTax;
import io.woosync.sync.settings.SyncSettings;
import io.woosync.sync.settings.SyncSettingsRules;
import io.woosync.tenant.Roles;
import io.woosync.tenant.Tenant;
import io.woosync.tenant.TenantAccess;
import io.woosync.tenant.TenantService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tenant's order-sync settings as a page: the whole {@link SyncSettings} in one form (documents, status
 * rules, invoicing, customers, taxes, discounts, shipping, service products, pricelists, payment journals,
 * SKU overrides, Odoo company facts). Operators and the tenant's admins edit it (CSRF-checked POST →
 * redirect → GET, or the form again with 400 and the messages beside the fields); finance and viewers see
 * the same values read-only. The last changes and their authors are listed under the form.
 */
@Path("/tenants/{slug}/sync-settings")
@Produces(MediaType.TEXT_HTML)
public class SyncSettingsPages {

    /** How many recorded changes the page lists. */
    static final int CHANGES_SHOWN = 10;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** One choice of a select: the value posted and the words shown. */
    public record Option(String value, String label) {
    }

    /** Every select's choices and the partner fields a tenant may approve. */
    public record Options(List<Option> documents, List<Option> statusRules, List<Option> cancelledAfterInvoice,
                          List<Option> invoiceTiming, List<Option> taxModes, List<Option> priceInclude, List<Option> discountModes,
                          List<Option> taxRounding, List<String> statuses, List<String> partnerFields) {
    }

    /** One WooCommerce status, its rule as shown, and the message beside it. */
    public record StatusRow(String status, String rule, String error) {
    }

    /** A recorded change as the page lists it. */
    public record ChangeLine(String when, String who, String via, String what) {
    }

    static final Options OPTIONS = new Options(
            List.of(new Option(SyncSettings.DocumentsMode.SALES_ORDER.name(), "Sales order only"),
                    new Option(SyncSettings.DocumentsMode.INVOICE_ONLY.name(), "Invoice only (a direct customer invoice)"),
                    new Option(SyncSettings.DocumentsMode.SALES_ORDER_AND_INVOICE.name(), "Sales order + invoice"),
                    new Option(SyncSettings.DocumentsMode.SALES_ORDER_INVOICE_PAYMENT.name(), "Sales order + invoice + payment"),
                    new Option(SyncSettings.DocumentsMode.SALES_ORDER_INVOICE_PAYMENT_DELIVERY.name(),
                            "Sales order + invoice + payment + delivery")),
            List.of(new Option(SyncSettings.StatusRule.SKIP.name(), "Nothing (recorded as skipped)"),
                    new Option(SyncSettings.StatusRule.DRAFT_ORDER.name(), "Draft sales order (quotation)"),
                    new Option(SyncSettings.StatusRule.SYNC.name(), "Sync: confirm, invoice, pay"),
                    new Option(SyncSettings.StatusRule.SYNC_AND_DELIVER.name(), "Sync and validate the delivery"),
                    new Option(SyncSettings.StatusRule.CANCEL.name(), "Cancel (credit note once invoiced)")),
            List.of(new Option(SyncSettings.CancelledInvoicedPolicy.CREDIT_NOTE.name(), "Credit note for what is not yet credited"),
                    new Option(SyncSettings.CancelledInvoicedPolicy.FLAG_FOR_REVIEW.name(), "Flag for review (a person decides)")),
            List.of(new Option(SyncSettings.InvoiceTiming.WHEN_PAID.name(), "When paid"),
                    new Option(SyncSettings.InvoiceTiming.WHEN_COMPLETED.name(), "When completed"),
                    new Option(SyncSettings.InvoiceTiming.MANUAL.name(), "Manually in Odoo")),
            List.of(new Option(SyncSettings.TaxMode.WOO_CALCULATED.name(), "WooCommerce-calculated (Odoo reproduces Woo's taxes)"),
                    new Option(SyncSettings.TaxMode.ODOO_CALCULATED.name(), "Odoo-calculated (product taxes, fiscal positions)")),
            List.of(new Option(OdooTax.PriceInclude.EXCLUDED.name(), "Excluded"),
                    new Option(OdooTax.PriceInclude.INCLUDED.name(), "Included"),
                    new Option(OdooTax.PriceInclude.COMPANY_DEFAULT.name(), "Company default (Odoo 18+)")),
            List.of(new Option(SyncSettings.DiscountMode.LINE_DISCOUNT.name(), "Line discount %"),
                    new Option(SyncSettings.DiscountMode.COUPON_LINES.name(), "A discount line per coupon")),
            List.of(new Option(OdooFacts.TaxRounding.ROUND_PER_LINE.name(), "Round per line"),
                    new Option(OdooFacts.TaxRounding.ROUND_GLOBALLY.name(), "Round globally")),
            SyncSettingsRules.WOO_STATUSES,
            SyncSettingsRules.PARTNER_FIELDS);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(String slug, String tenantName, SyncSettingsForm form, boolean canEdit,
                                            Map<String, String> errors, List<StatusRow> statusRows, String notice,
                                            Options options, String lastChange,
                                            List<ChangeLine> changes, long version, ConnectionReport odooCheck, String odooCheckedAt);
    }

    private final TenantService tenants;
    private final TenantAccess access;
    private final SyncSettingsService settings;
    private final OdooStatusStore odooStatus;

    public SyncSettingsPages(TenantService tenants, TenantAccess access, SyncSettingsService settings, OdooStatusStore odooStatus) {
        this.tenants = tenants;
        this.access = access;
        this.settings = settings;
        this.odooStatus = odooStatus;
    }

    /**
     * "Check against Odoo": the connection test held against the saved settings (as
     * {@code POST /api/tenants/{slug}/sync-settings/check}); the page then shows the findings, which are
     * also the tenant's API status.
     */
    @POST
    @Path("check")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN})
    public Response check(@PathParam("slug") String slug) {
        settings.checkAgainstOdoo(access, slug);
        return TenantPages.seeOther("/tenants/" + slug + "/sync-settings?notice=checked#odoo-check");
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN, Roles.FINANCE, Roles.VIEWER})
    public TemplateInstance page(@PathParam("slug") String slug, @QueryParam("notice") String notice) {
        Tenant t = QuarkusTransaction.joiningExisting().call(() -> tenants.requireVisible(access, slug));
        boolean canEdit = access.canAdminister(slug);
        SyncSettingsService.Current current = settings.current(t.id);
        return render(t, SyncSettingsForm.of(current.settings(), canEdit), canEdit, Map.of(),
                "saved".equals(notice) ? "Settings saved. They apply from the next job of this tenant."
                        : "checked".equals(notice) ? "Checked against Odoo: the findings are below." : null, current,
                current.version());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.OPERATOR, Roles.TENANT_ADMIN})
    public Response save(@PathParam("slug") String slug, @BeanParam SyncSettingsForm.Input input) {
        Tenant t = QuarkusTransaction.joiningExisting().call(() -> tenants.requireAdministrable(access, slug));
        SyncSettingsService.Current current = settings.current(t.id);
        // The version the form was opened on; a post without one (not from this page) is not checked.
        Long basedOn = parseVersion(input.version);
        long shown = basedOn == null ? current.version() : basedOn;
        SyncSettingsForm.Parsed parsed = SyncSettingsForm.read(input, current.settings());
        if (parsed.settings() == null) {
            return Response.status(400).entity(render(t, parsed.form(), true, parsed.errors(), null, current, shown)).build();
        }
        try {
            settings.replace(t.id, slug, parsed.settings(), access.userName(), "page", basedOn);
        } catch (SyncStore.StaleSettingsException e) {
            SyncSettingsService.Current now = settings.current(t.id);
            Map<String, String> errors = Map.of("version", "These settings were changed"
                    + (now.updatedBy() == null ? "" : " by " + now.updatedBy())
                    + (now.updatedAt() == null ? "" : " at " + WHEN.format(now.updatedAt()))
                    + " after you opened this page, so your changes were NOT saved (they would undo theirs). "
                    + "Open the page again to see the current settings, then re-apply your changes.");
            return Response.status(409).entity(render(t, parsed.form(), true, errors, null, now, shown)).build();
        }
        return TenantPages.seeOther("/tenants/" + slug + "/sync-settings?notice=saved");
    }

    private TemplateInstance render(Tenant t, SyncSettingsForm form, boolean canEdit, Map<String, String> errors, String notice,
                                    SyncSettingsService.Current current, long version) {
        String last = current.saved()
                ? "Last changed " + WHEN.format(current.updatedAt()) + (current.updatedBy() == null ? "" : " by " + current.updatedBy()) + "."
                : "Never changed: these are the defaults.";
        List<ChangeLine> lines = new ArrayList<>();
        for (SyncStore.SettingsChange c : settings.changes(t.id, CHANGES_SHOWN)) {
            lines.add(new ChangeLine(when(c.changedAt()), c.changedBy(), c.via(),
                    c.changedFields().isEmpty() ? "nothing (saved unchanged)" : String.join(", ", c.changedFields())));
        }
        List<StatusRow> statusRows = new ArrayList<>();
        for (String status : SyncSettingsRules.WOO_STATUSES) {
            statusRows.add(new StatusRow(status, form.rule(status), errors.get("statusRules." + status)));
        }
        ConnectionReport odooCheck = odooStatus.latest(t.id);
        String checkedAt = odooCheck.checkedAt() == null ? null : when(odooCheck.checkedAt());
        return Templates.page(t.slug, t.name, form, canEdit, errors, statusRows, notice, OPTIONS, last, lines, version,
                odooCheck, checkedAt);
    }

    private static Long parseVersion(String v) {
        try {
            return v == null || v.isBlank() ? null : Long.valueOf(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String when(Instant i) {
        return WHEN.format(i);
    }
}
