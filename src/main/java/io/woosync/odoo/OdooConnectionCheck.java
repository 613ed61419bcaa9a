package io.woosync.odoo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.woosync.SyncFailure;
import io.woosync.odoo.ConnectionReport.Check;
import io.woosync.odoo.ConnectionReport.Status;
import io.woosync.tenant.TenantConnections;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tests a tenant's Odoo connection, check by check, each ending pass / warn / fail with one
 * sentence an admin can act on: reachable, database, credentials, modules, access rights per model,
 * the version's field names, tax rounding, chart of accounts, API key expiry (19), and the records
 * the tenant's mappings name. A failure that makes later checks meaningless (unreachable, no
 * database, bad key) ends the test there.
 */
@ApplicationScoped
public class OdooConnectionCheck {

    private static final Logger LOG = Logger.getLogger(OdooConnectionCheck.class);

    /** Every model the order workflow touches, and what it does with each. */
    static final Map<String, List<String>> WORKFLOW_ACCESS = orderedMap(
            "res.partner", List.of("read", "create", "write"),
            "product.product", List.of("read"),
            "sale.order", List.of("read", "create", "write"),
            "sale.advance.payment.inv", List.of("create"),
            "account.move", List.of("read", "create", "write"),
            "account.payment.register", List.of("create"),
            "account.payment", List.of("read"),
            "account.move.reversal", List.of("create"),
            "account.journal", List.of("read"),
            "account.tax", List.of("read"),
            "ir.model.data", List.of("read", "create"));
    static final Map<String, List<String>> DELIVERY_ACCESS = orderedMap(
            "stock.picking", List.of("read", "write"),
            "stock.move", List.of("read", "write"));

    /** Thrown inside the test to stop after a blocking failure. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    private final OdooGateway gateway;
    private final OdooConfig config;
    private final Clock clock;

    public OdooConnectionCheck(OdooGateway gateway, OdooConfig config, Clock clock) {
        this.gateway = gateway;
        this.config = config;
        this.clock = clock;
    }

    public ConnectionReport run(TenantConnections.Odoo odoo, ConnectionTestOptions options) {
        ConnectionTestOptions opts = options == null ? ConnectionTestOptions.DEFAULTS : options;
        List<Check> checks = new ArrayList<>();
        String[] found = new String[2];
        try {
            if (odoo == null || !odoo.configured()) {
                fail(checks, "settings", "The tenant has no complete Odoo connection: enter the Odoo URL, database, login and API key in the tenant's settings.");
            }
            gateway.forget(odoo.tenantSlug());
            OdooVersion version = reachable(odoo, checks);
            found[0] = version.serie();
            long uid = login(odoo, version, checks);
            found[1] = gateway.transport(odoo).name();
            if (version.major() >= 19 && gateway.transport(odoo) == OdooTransportKind.JSON_RPC) {
                checks.add(new Check("transport", Status.warn, "This tenant is set to JSON-RPC, which Odoo 19 deprecates and Odoo 22 removes: "
                        + "remove the transport override to use JSON-2."));
            }
            boolean stock = modules(odoo, opts, checks);
            access(odoo, opts, stock, checks);
            fields(odoo, version, opts, stock, checks);
            ObjectNode company = company(odoo, version);
            taxRounding(odoo, company, opts, checks);
            chartOfAccounts(odoo, checks);
            if (version.major() >= 19) {
                apiKeyExpiry(odoo, uid, checks);
            }
            for (ConnectionTestOptions.Reference r : opts.referencesOrEmpty()) {
                reference(odoo, r, checks);
            }
            if (opts.expected() != null) {
                expectations(odoo, version, company, opts.expected(), checks);
            }
        } catch (Stop stop) {
            // A blocking failure is already in the list.
        } catch (OdooException e) {
            checks.add(new Check("connection", Status.fail, e.adminMessage()));
        }
        Status overall = Status.pass;
        for (Check c : checks) {
            overall = overall.worst(c.status());
        }
        LOG.infof("tenant %s: Odoo connection test %s (%d checks)", odoo == null ? "?" : odoo.tenantSlug(), overall, checks.size());
        return new ConnectionReport(clock.instant(), overall, found[0], found[1], List.copyOf(checks));
    }

    private OdooVersion reachable(TenantConnections.Odoo odoo, List<Check> checks) {
        OdooVersion v;
        try {
            v = gateway.detectVersion(odoo);
        } catch (OdooException e) {
            String sentence = switch (e.fault()) {
                case NOT_CONNECTED -> e.getMessage().contains("unknown host")
                        ? "The host of " + odoo.url() + " could not be found: check the Odoo URL in the tenant's settings."
                        : "Odoo at " + odoo.url() + " refused the connection: check the Odoo URL and that Odoo is running.";
                case TIMEOUT -> "Odoo at " + odoo.url() + " did not answer within " + OdooErrors.seconds(config.callTimeout())
                        + ": check that the URL points to Odoo and that Odoo is not overloaded.";
                case DROPPED -> "Odoo at " + odoo.url() + " closed the connection without answering: check the Odoo URL (http or https, port).";
                case HTTP_STATUS -> e.httpStatus() >= 500 || e.httpStatus() == 429
                        ? "Odoo at " + odoo.url() + " answered HTTP " + e.httpStatus() + ": Odoo or its proxy is unavailable, try again later."
                        : e.adminMessage();
                default -> e.adminMessage();
            };
            fail(checks, "reachable", sentence);
            throw new Stop();
        }
        if (v.major() < 16 || v.major() > 19) {
            checks.add(new Check("reachable", Status.warn, "Odoo " + v.serie() + " answers at " + odoo.url()
                    + ", but WooSync is built and tested for Odoo 16 to 19: test the workflow before going live."));
        } else {
            checks.add(new Check("reachable", Status.pass, "Odoo " + v.serie() + " answers at " + odoo.url() + "."));
        }
        return v;
    }

    private long login(TenantConnections.Odoo odoo, OdooVersion version, List<Check> checks) {
        long uid;
        try {
            uid = gateway.uid(odoo);
        } catch (OdooException e) {
            if (e.kind() == SyncFailure.Kind.CONFIGURATION && e.adminMessage().equals(OdooErrors.unknownDatabase(odoo))) {
                fail(checks, "database", e.adminMessage());
            } else if (e.kind() == SyncFailure.Kind.CONFIGURATION && e.adminMessage().equals(OdooErrors.accessDenied(odoo))) {
                checks.add(new Check("database", Status.pass, "Database " + odoo.database() + " exists."));
                fail(checks, "credentials", e.adminMessage());
            } else {
                fail(checks, "credentials", e.adminMessage());
            }
            throw new Stop();
        }
        checks.add(new Check("database", Status.pass, "Database " + odoo.database() + " exists."));
        String login = odoo.login();
        if (version.major() >= 19 && gateway.transport(odoo) == OdooTransportKind.JSON_2) {
            // A bearer key says who it belongs to; the login in the settings is only a label there.
            List<ObjectNode> user = gateway.read(odoo, "res.users", List.of(uid), List.of("login"));
            String actual = user.isEmpty() ? null : user.get(0).path("login").asText();
            if (actual != null && !actual.equals(login)) {
                checks.add(new Check("credentials", Status.warn, "The API key belongs to Odoo user " + actual + ", not " + login
                        + ": WooSync will act as " + actual + "; correct the login in the tenant's settings."));
                return uid;
            }
        }
        checks.add(new Check("credentials", Status.pass, "User " + login + " logs in with the API key (uid " + uid + ")."));
        return uid;
    }

    private boolean modules(TenantConnections.Odoo odoo, ConnectionTestOptions opts, List<Check> checks) {
        List<String> required = opts.deliveriesOn() ? List.of("sale_management", "account", "stock") : List.of("sale_management", "account");
        List<ObjectNode> rows = gateway.searchRead(odoo, "ir.module.module", List.of(List.of("name", "in", required)),
                List.of("name", "state"), null);
        List<String> missing = new ArrayList<>();
        for (String m : required) {
            boolean installed = rows.stream().anyMatch(r -> r.path("name").asText().equals(m) && r.path("state").asText().equals("installed"));
            if (!installed) {
                missing.add(m);
            }
        }
        if (missing.isEmpty()) {
            checks.add(new Check("modules", Status.pass, "Odoo modules " + String.join(", ", required) + " are installed."));
        } else {
            checks.add(new Check("modules", Status.fail, "Odoo module" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + (missing.size() > 1 ? " are" : " is") + " not installed on database " + odoo.database()
                    + ": install " + (missing.size() > 1 ? "them" : "it") + " in Odoo (Apps)"
                    + (missing.contains("stock") ? ", or turn deliveries off for this tenant" : "") + "."));
        }
        return !missing.contains("stock");
    }

    private void access(TenantConnections.Odoo odoo, ConnectionTestOptions opts, boolean stock, List<Check> checks) {
        Map<String, List<String>> models = new LinkedHashMap<>(WORKFLOW_ACCESS);
        if (opts.deliveriesOn() && stock) {
            models.putAll(DELIVERY_ACCESS);
        }
        for (Map.Entry<String, List<String>> m : models.entrySet()) {
            List<String> denied = new ArrayList<>();
            for (String op : m.getValue()) {
                if (!gateway.hasAccess(odoo, m.getKey(), op)) {
                    denied.add(op);
                }
            }
            if (denied.isEmpty()) {
                checks.add(new Check("access " + m.getKey(), Status.pass, "User " + odoo.login() + " may " + String.join(", ", m.getValue())
                        + " " + m.getKey() + "."));
            } else {
                checks.add(new Check("access " + m.getKey(), Status.fail, "User " + odoo.login() + " may not " + String.join(", ", denied)
                        + " " + m.getKey() + ": grant the user the Sales, Invoicing" + (m.getKey().startsWith("stock.") ? " and Inventory" : "")
                        + " rights in Odoo (Settings → Users)."));
            }
        }
    }

    private void fields(TenantConnections.Odoo odoo, OdooVersion v, ConnectionTestOptions opts, boolean stock, List<Check> checks) {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("product.product", v.productTypeFields());
        expected.put("account.payment", List.of(v.paymentReferenceField()));
        expected.put("sale.order.line", List.of(v.orderLineTaxField()));
        if (opts.deliveriesOn() && stock) {
            expected.put("stock.move", List.of(v.moveQuantityField()));
        }
        Map<String, List<String>> asked = Map.of(
                "product.product", List.of("type", "detailed_type", "is_storable"),
                "account.payment", List.of("ref", "memo"),
                "sale.order.line", List.of("tax_id", "tax_ids"),
                "stock.move", List.of("quantity", "quantity_done"));
        List<String> missing = new ArrayList<>();
        List<String> present = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            ObjectNode fields = gateway.fieldsGet(odoo, e.getKey(), asked.get(e.getKey()), List.of("type"));
            for (String f : e.getValue()) {
                (fields.has(f) ? present : missing).add(e.getKey() + "." + f);
            }
        }
        if (missing.isEmpty()) {
            checks.add(new Check("fields", Status.pass, "Odoo " + v.major() + " has the fields WooSync uses for it: " + String.join(", ", present) + "."));
        } else {
            checks.add(new Check("fields", Status.fail, "Odoo " + v.serie() + " lacks " + String.join(", ", missing)
                    + ", which WooSync uses for Odoo " + v.major() + ": the server's version and its fields disagree (a customised or "
                    + "partly upgraded database); upgrade the modules or report it."));
        }
    }

    /** The company's tax rounding, currency and (18+) default price inclusion, read once for the checks that need them; null if unreadable. */
    private ObjectNode company(TenantConnections.Odoo odoo, OdooVersion v) {
        List<String> fields = new ArrayList<>(List.of("name", "tax_calculation_rounding_method", "currency_id"));
        if (v.major() >= 18) {
            fields.add("account_price_include");
        }
        List<ObjectNode> companies = gateway.searchRead(odoo, "res.company", List.of(), fields, 1);
        return companies.isEmpty() ? null : companies.get(0);
    }

    private void taxRounding(TenantConnections.Odoo odoo, ObjectNode company, ConnectionTestOptions opts, List<Check> checks) {
        if (company == null) {
            checks.add(new Check("tax rounding", Status.warn, "WooSync could not read the company's tax rounding: check that user "
                    + odoo.login() + " may read the company."));
            return;
        }
        String method = company.path("tax_calculation_rounding_method").asText("round_per_line");
        boolean globally = method.equals("round_globally");
        String prices = company.has("account_price_include")
                ? " Prices are " + (pricesIncludeTax(company) ? "tax-included" : "tax-excluded") + " by default (account_price_include)." : "";
        String odooSays = "Odoo company " + company.path("name").asText() + " rounds taxes " + roundingWords(method) + " (" + method + ").";
        if (opts.wooRoundsTaxAtSubtotal() != null && opts.wooRoundsTaxAtSubtotal() != globally) {
            checks.add(new Check("tax rounding", Status.warn, odooSays + " WooCommerce rounds " + (opts.wooRoundsTaxAtSubtotal() ? "at subtotal" : "per line")
                    + ": totals can differ by a cent; set both the same (Odoo: Invoicing settings → Rounding Method; WooCommerce: "
                    + "\"Round tax at subtotal level\")." + prices));
        } else {
            checks.add(new Check("tax rounding", Status.pass, odooSays + " WooCommerce must round "
                    + (globally ? "at subtotal level" : "per line (\"Round tax at subtotal level\" off)") + " to match." + prices));
        }
    }

    private void chartOfAccounts(TenantConnections.Odoo odoo, List<Check> checks) {
        List<String> missing = new ArrayList<>();
        if (gateway.search(odoo, "account.journal", List.of(List.of("type", "=", "sale")), 1).isEmpty()) {
            missing.add("sales journal");
        }
        if (gateway.search(odoo, "account.journal", List.of(List.of("type", "in", List.of("bank", "cash"))), 1).isEmpty()) {
            missing.add("bank or cash journal");
        }
        if (gateway.search(odoo, "account.tax", List.of(List.of("type_tax_use", "=", "sale")), 1).isEmpty()) {
            missing.add("sales tax");
        }
        if (missing.isEmpty()) {
            checks.add(new Check("chart of accounts", Status.pass, "Database " + odoo.database() + " has a sales journal, a bank or cash journal and sales taxes."));
        } else {
            String list = missing.size() == 1 ? missing.get(0)
                    : String.join(", no ", missing.subList(0, missing.size() - 1)) + " and no " + missing.get(missing.size() - 1);
            checks.add(new Check("chart of accounts", Status.fail, "Database " + odoo.database() + " has no " + list
                    + ": install a chart of accounts (Invoicing → Configuration → Settings → Fiscal Localization)."));
        }
    }

    private void apiKeyExpiry(TenantConnections.Odoo odoo, long uid, List<Check> checks) {
        List<ObjectNode> keys;
        try {
            keys = gateway.searchRead(odoo, "res.users.apikeys", List.of(List.of("user_id", "=", uid)), List.of("name", "expiration_date"), null);
        } catch (OdooException e) {
            if (e.kind() == SyncFailure.Kind.CONNECTION) {
                throw e;
            }
            checks.add(new Check("api key expiry", Status.warn, "WooSync cannot read when the API key expires; Odoo 19 keys last at most "
                    + "three months: note the expiry date and renew the key before it."));
            return;
        }
        Optional<LocalDate> earliest = keys.stream().map(k -> k.path("expiration_date"))
                .filter(n -> n.isTextual() && !n.asText().isBlank())
                .map(n -> LocalDateTime.parse(n.asText(), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")).toLocalDate())
                .min(LocalDate::compareTo);
        if (earliest.isEmpty()) {
            checks.add(new Check("api key expiry", Status.pass, "The API key of user " + odoo.login() + " does not expire."));
            return;
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
        long days = ChronoUnit.DAYS.between(today, earliest.get());
        if (days <= config.apiKeyExpiryWarningDays()) {
            checks.add(new Check("api key expiry", Status.warn, "The Odoo API key of user " + odoo.login() + " expires on " + earliest.get()
                    + " (in " + days + " days): create a new key in Odoo (Preferences → Account Security → New API Key) and enter it "
                    + "in the tenant's settings."));
        } else {
            checks.add(new Check("api key expiry", Status.pass, "The Odoo API key of user " + odoo.login() + " expires on " + earliest.get() + "."));
        }
    }

    private void reference(TenantConnections.Odoo odoo, ConnectionTestOptions.Reference r, List<Check> checks) {
        String what = r.id() != null ? r.model() + " " + r.id() : r.model() + " with " + r.field() + " " + r.value();
        String label = r.label() == null || r.label().isBlank() ? "" : " (" + r.label() + ")";
        List<?> domain = r.id() != null ? List.of(List.of("id", "=", r.id())) : List.of(List.of(r.field(), "=", r.value()));
        List<Long> ids;
        try {
            ids = gateway.search(odoo, r.model(), domain, 2);
        } catch (OdooException e) {
            if (e.kind() == SyncFailure.Kind.CONNECTION) {
                throw e;
            }
            checks.add(new Check("reference " + what, Status.fail, e.adminMessage()));
            return;
        }
        if (ids.isEmpty()) {
            checks.add(new Check("reference " + what, Status.fail, what + label + " does not exist in Odoo: create it or change the mapping."));
        } else if (ids.size() > 1) {
            checks.add(new Check("reference " + what, Status.warn, what + label + " matches several Odoo records: make "
                    + r.field() + " unique or map by id."));
        } else {
            checks.add(new Check("reference " + what, Status.pass, what + label + " exists (id " + ids.get(0) + ")."));
        }
    }

    /**
     * Holds what the tenant's settings assume (version, rounding, precisions, currency, each mapped tax's
     * rate and inclusion) against Odoo: one check per difference, each naming both values and where to
     * correct it, or one pass listing what matched; and, beside either, a warning for each mapped tax
     * set up in a way the settings cannot describe (see {@link #taxes}).
     */
    private void expectations(TenantConnections.Odoo odoo, OdooVersion version, ObjectNode company, OdooExpectations e,
                              List<Check> checks) {
        List<Check> found = new ArrayList<>();
        List<String> matched = new ArrayList<>();
        if (e.majorVersion() != null) {
            if (e.majorVersion() != version.major()) {
                found.add(new Check("settings: Odoo version", Status.fail, "The sync settings assume Odoo " + e.majorVersion()
                        + " but database " + odoo.database() + " runs Odoo " + version.serie() + ": set the Odoo version in the sync settings to "
                        + version.major() + " (field names and tax rules differ between versions)."));
            } else {
                matched.add("Odoo " + version.major());
            }
        }
        boolean companyIncludes = false;
        if (company != null) {
            String method = company.path("tax_calculation_rounding_method").asText("round_per_line");
            if (e.taxRounding() != null && !e.taxRounding().equals(method)) {
                found.add(new Check("settings: tax rounding", Status.fail, "Odoo company " + company.path("name").asText() + " rounds taxes "
                        + roundingWords(method) + " (" + method + ") but the sync settings say " + roundingWords(e.taxRounding())
                        + ": set the tax rounding in the sync settings to " + roundingWords(method) + "."));
            } else if (e.taxRounding() != null) {
                matched.add("taxes rounded " + roundingWords(method));
            }
            companyIncludes = pricesIncludeTax(company);
            if (version.major() >= 18 && e.companyPricesIncludeTax() != null && e.companyPricesIncludeTax() != companyIncludes) {
                found.add(new Check("settings: default price inclusion", Status.fail, "Odoo company " + company.path("name").asText()
                        + " treats prices as tax-" + (companyIncludes ? "included" : "excluded") + " by default (account_price_include) but"
                        + " the sync settings say tax-" + (e.companyPricesIncludeTax() ? "included" : "excluded") + ": correct the sync settings."));
            }
            Long currencyId = OdooGateway.many2one(company.path("currency_id"));
            if (currencyId != null && (e.currency() != null || e.currencyDigits() != null)) {
                List<ObjectNode> currencies = gateway.read(odoo, "res.currency", List.of(currencyId), List.of("name", "decimal_places"));
                if (!currencies.isEmpty()) {
                    String code = currencies.get(0).path("name").asText();
                    int places = currencies.get(0).path("decimal_places").asInt(2);
                    if (e.currency() != null && !e.currency().equals(code)) {
                        found.add(new Check("settings: company currency", Status.fail, "The company currency in Odoo is " + code
                                + " but the sync settings say " + e.currency() + ": correct the sync settings (orders in another currency need a pricelist)."));
                    } else if (e.currencyDigits() != null && e.currencyDigits() != places) {
                        found.add(new Check("settings: currency decimals", Status.fail, code + " has " + places + " decimal places in Odoo but the sync"
                                + " settings say " + e.currencyDigits() + ": correct the sync settings."));
                    } else {
                        matched.add(code + " with " + places + " decimals");
                    }
                }
            }
        }
        precisions(odoo, e, found, matched);
        List<Check> warnings = new ArrayList<>();
        taxes(odoo, version, companyIncludes, e, found, matched, warnings);
        if (found.isEmpty()) {
            checks.add(new Check("settings", Status.pass, "The sync settings describe this Odoo: " + String.join(", ", matched) + "."));
        } else {
            checks.addAll(found);
        }
        checks.addAll(warnings);
    }

    private void precisions(TenantConnections.Odoo odoo, OdooExpectations e, List<Check> found, List<String> matched) {
        Map<String, Integer> expected = new LinkedHashMap<>();
        if (e.productPriceDigits() != null) {
            expected.put("Product Price", e.productPriceDigits());
        }
        if (e.discountDigits() != null) {
            expected.put("Discount", e.discountDigits());
        }
        if (expected.isEmpty()) {
            return;
        }
        Map<String, Integer> odooDigits = new LinkedHashMap<>();
        for (ObjectNode p : gateway.searchRead(odoo, "decimal.precision", List.of(List.of("name", "in", List.copyOf(expected.keySet()))),
                List.of("name", "digits"), null)) {
            odooDigits.put(p.path("name").asText(), p.path("digits").asInt());
        }
        for (Map.Entry<String, Integer> x : expected.entrySet()) {
            Integer digits = odooDigits.get(x.getKey());
            if (digits == null) {
                found.add(new Check("settings: " + x.getKey() + " precision", Status.warn, "Odoo has no decimal precision named \""
                        + x.getKey() + "\"; WooSync could not compare the sync settings' " + x.getValue() + " digits."));
            } else if (!digits.equals(x.getValue())) {
                found.add(new Check("settings: " + x.getKey() + " precision", Status.fail, "Odoo stores \"" + x.getKey() + "\" with "
                        + digits + " digits but the sync settings say " + x.getValue() + ": set it to " + digits + " in the sync settings"
                        + ("Discount".equals(x.getKey()) && digits < 4 ? " (or raise it to 4 in Odoo, Settings → Technical → Decimal Accuracy, "
                        + "which makes discounted lines exact, and then in the sync settings)" : "") + "."));
            } else {
                matched.add("\"" + x.getKey() + "\" " + digits + " digits");
            }
        }
    }

    /**
     * Each mapped tax: active, a sales tax, a percentage, with the settings' rate and price inclusion
     * (failures in {@code found}). A tax that "affects the base of subsequent taxes"
     * ({@code include_base_amount}) matches the settings but is a warning: on an order line with a
     * second tax, Odoo computes that tax on a base that includes this one (it compounds them), where
     * WooCommerce computes each of its non-compound rates on the net price, and the sync's own
     * computation follows WooCommerce. Odoo ticks it by itself when "Included in Price" is ticked
     * (account.tax's onchange on price_include, in Odoo 17's and 18's source), so price-included
     * taxes usually carry it.
     * With one tax per line it changes nothing, hence a warning, not a failure; an order it does
     * change is stopped by the totals check after the sales order is created.
     */
    private void taxes(TenantConnections.Odoo odoo, OdooVersion version, boolean companyIncludes, OdooExpectations e,
                       List<Check> found, List<String> matched, List<Check> warnings) {
        if (e.taxesOrEmpty().isEmpty()) {
            return;
        }
        List<Long> ids = e.taxesOrEmpty().stream().map(OdooExpectations.ExpectedTax::id).distinct().toList();
        String inclusionField = version.major() >= 18 ? "price_include_override" : "price_include";
        Map<Long, ObjectNode> byId = new LinkedHashMap<>();
        // A search, not a read: reading an id that does not exist fails the whole call.
        for (ObjectNode t : gateway.searchRead(odoo, "account.tax", List.of(List.of("id", "in", ids), List.of("active", "in", List.of(true, false))),
                List.of("name", "amount", "amount_type", "type_tax_use", "active", inclusionField, "include_base_amount"), null)) {
            byId.put(t.path("id").asLong(), t);
        }
        int ok = 0;
        for (OdooExpectations.ExpectedTax x : e.taxesOrEmpty()) {
            ObjectNode t = byId.get(x.id());
            String check = "settings: tax " + x.id();
            String where = x.label() == null || x.label().isBlank() ? "" : " (" + x.label() + ")";
            if (t == null || !t.path("active").asBoolean(true)) {
                found.add(new Check(check, Status.fail, "Odoo tax " + x.id() + where + " does not exist or is archived: map an active sales tax."));
                continue;
            }
            String name = "Odoo tax " + x.id() + " \"" + t.path("name").asText() + "\"";
            if (!"percent".equals(t.path("amount_type").asText())) {
                found.add(new Check(check, Status.fail, name + where + " is of type " + t.path("amount_type").asText()
                        + ", not a percentage: WooSync maps WooCommerce's percentage rates to percentage taxes only."));
                continue;
            }
            if (!"sale".equals(t.path("type_tax_use").asText())) {
                found.add(new Check(check, Status.fail, name + where + " is a " + t.path("type_tax_use").asText()
                        + " tax, not a sales tax: map a sales tax."));
                continue;
            }
            BigDecimal amount = t.path("amount").decimalValue();
            if (x.amount() != null && amount.compareTo(x.amount()) != 0) {
                found.add(new Check(check, Status.fail, name + where + " is " + amount.stripTrailingZeros().toPlainString()
                        + " % in Odoo but the sync settings use it as " + x.amount().stripTrailingZeros().toPlainString()
                        + " %: map the tax with WooCommerce's rate, or correct the rate in the sync settings."));
                continue;
            }
            boolean odooIncludes = version.major() >= 18
                    ? switch (t.path(inclusionField).asText("")) {
                        case "tax_included" -> true;
                        case "tax_excluded" -> false;
                        default -> companyIncludes;
                    }
                    : t.path(inclusionField).asBoolean(false);
            Boolean expectIncludes = switch (x.priceInclude() == null ? "" : x.priceInclude()) {
                case "INCLUDED" -> true;
                case "EXCLUDED" -> false;
                case "COMPANY_DEFAULT" -> version.major() >= 18 && companyIncludes;
                default -> null;
            };
            if (expectIncludes != null && expectIncludes != odooIncludes) {
                found.add(new Check(check, Status.fail, name + where + " is price-" + (odooIncludes ? "included" : "excluded")
                        + " in Odoo but the sync settings use it as price-" + (expectIncludes ? "included" : "excluded")
                        + ": map a tax whose \"Included in Price\" matches, or correct the sync settings."));
                continue;
            }
            if (t.path("include_base_amount").asBoolean(false)) {
                warnings.add(new Check(check + " base", Status.warn, name + where + " has \"Affect Base of Subsequent Taxes\" ticked in Odoo "
                        + "(include_base_amount; Odoo ticks it with \"Included in Price\"): on an order line with a second tax, Odoo computes "
                        + "that tax on the price plus this one, where WooCommerce computes each rate on the net price, and the order's totals "
                        + "differ. Untick it on the tax in Odoo (Invoicing → Configuration → Taxes → Advanced Options)."));
            }
            ok++;
        }
        if (ok > 0) {
            matched.add(ok + " mapped tax" + (ok > 1 ? "es" : "") + " with their rates and price inclusion");
        }
    }

    /** 18+: the company's {@code account_price_include} says prices include tax unless a tax overrides it. */
    private static boolean pricesIncludeTax(ObjectNode company) {
        return "tax_included".equals(company.path("account_price_include").asText());
    }

    private static String roundingWords(String method) {
        return "round_globally".equals(method) ? "globally" : "per line";
    }

    private static void fail(List<Check> checks, String check, String sentence) {
        checks.add(new Check(check, Status.fail, sentence));
        throw new Stop();
    }

    private static Map<String, List<String>> orderedMap(Object... kv) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> ops = (List<String>) kv[i + 1];
            m.put((String) kv[i], ops);
        }
        return m;
    }
}
