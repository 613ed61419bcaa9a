package io.woosync.odoo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.woosync.odoo.ConnectionReport.Check;
import io.woosync.odoo.ConnectionReport.Status;
import io.woosync.odoo.standin.Fault;
import io.woosync.odoo.standin.StandInOdoo;
import io.woosync.tenant.TenantConnections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connection test against the stand-in: one test per failure kind, each asserting the exact sentence the admin sees. */
class OdooConnectionCheckTest {

    private final TestOdooConfig config = new TestOdooConfig();
    private final TestOdooConfig.MutableClock clock = new TestOdooConfig.MutableClock();
    private final OdooGateway gateway = new OdooGateway(config, clock, new ObjectMapper(), d -> { });
    private final OdooConnectionCheck check = new OdooConnectionCheck(gateway, config, clock);

    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(ints = {16, 17, 18, 19})
    void aHealthyOdooPassesEveryCheck(int version) {
        try (StandInOdoo odoo = StandInOdoo.start(version)) {
            ConnectionReport r = check.run(odoo.connection("shop"), ConnectionTestOptions.DEFAULTS);
            assertEquals(Status.pass, r.overall(), r.checks().toString());
            assertEquals(version + ".0", r.version());
            assertEquals(clock.instant(), r.checkedAt());
            assertEquals(new Check("reachable", Status.pass, "Odoo " + version + ".0 answers at " + odoo.url() + "."), r.checks().get(0));
            assertEquals(new Check("credentials", Status.pass, "User admin logs in with the API key (uid 2)."), find(r, "credentials"));
            assertEquals(new Check("access sale.order", Status.pass, "User admin may read, create, write sale.order."), find(r, "access sale.order"));
            assertTrue(find(r, "access stock.picking") != null, "deliveries are on by default");
            String fields = switch (version) {
                case 16 -> "product.product.detailed_type, account.payment.ref, sale.order.line.tax_id, stock.move.quantity_done";
                case 17 -> "product.product.detailed_type, account.payment.ref, sale.order.line.tax_id, stock.move.quantity";
                case 18 -> "product.product.type, product.product.is_storable, account.payment.memo, sale.order.line.tax_id, stock.move.quantity";
                default -> "product.product.type, product.product.is_storable, account.payment.memo, sale.order.line.tax_ids, stock.move.quantity";
            };
            assertEquals(new Check("fields", Status.pass, "Odoo " + version + " has the fields WooSync uses for it: " + fields + "."), find(r, "fields"));
            assertEquals(new Check("tax rounding", Status.pass, "Odoo company My Company rounds taxes per line (round_per_line). WooCommerce must "
                    + "round per line (\"Round tax at subtotal level\" off) to match." + (version >= 18
                    ? " Prices are tax-excluded by default (account_price_include)." : "")), find(r, "tax rounding"));
        }
    }

    @Test
    void unreachable() {
        try (StandInOdoo odoo = StandInOdoo.start(17)) {
            TenantConnections.Odoo conn = odoo.connection("shop");
            odoo.down();
            ConnectionReport r = check.run(conn, null);
            assertEquals(List.of(new Check("reachable", Status.fail, "Odoo at " + odoo.url()
                    + " refused the connection: check the Odoo URL and that Odoo is running.")), r.checks());
            assertEquals(Status.fail, r.overall());
            assertNull(r.version());
        }
    }

    @Test
    void answersSlowly() {
        config.callTimeout = Duration.ofMillis(300);
        OdooGateway g = new OdooGateway(config, clock, new ObjectMapper(), d -> { });
        try (StandInOdoo odoo = StandInOdoo.start(17)) {
            odoo.injectAlways("common", "version", Fault.delay(Duration.ofMinutes(10)));
            ConnectionReport r = new OdooConnectionCheck(g, config, clock).run(odoo.connection("shop"), null);
            assertEquals(List.of(new Check("reachable", Status.fail, "Odoo at " + odoo.url() + " did not answer within 0.3 s: check that the "
                    + "URL points to Odoo and that Odoo is not overloaded.")), r.checks());
        }
    }

    @Test
    void notAnOdooServer() {
        try (StandInOdoo odoo = StandInOdoo.start(17)) {
            String url = odoo.url() + "/shop";
            ConnectionReport r = check.run(new TenantConnections.Odoo("shop", url, odoo.database(), "admin", odoo.apiKey()), null);
            assertEquals(List.of(new Check("reachable", Status.fail, "The URL " + url + " does not answer like an Odoo server (HTTP 404 for "
                    + "/json/version); check the Odoo URL in the tenant's settings.")), r.checks());
        }
    }

    @Test
    void proxyUnavailable() {
        try (StandInOdoo odoo = StandInOdoo.start(18)) {
            odoo.injectAlways("common", "version", Fault.httpStatus(502));
            ConnectionReport r = check.run(odoo.connection("shop"), null);
            assertEquals(List.of(new Check("reachable", Status.fail, "Odoo at " + odoo.url()
                    + " answered HTTP 502: Odoo or its proxy is unavailable, try again later.")), r.checks());
        }
    }

    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(ints = {17, 19})
    void unknownDatabase(int version) {
        try (StandInOdoo odoo = StandInOdoo.start(version)) {
            ConnectionReport r = check.run(new TenantConnections.Odoo("shop", odoo.url(), "shop", "admin", odoo.apiKey()), null);
            assertEquals(new Check("database", Status.fail, "Odoo at " + odoo.url() + " has no database shop; check the database name in the "
                    + "tenant's Odoo settings."), r.checks().get(1));
            assertEquals(2, r.checks().size());
        }
    }

    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(ints = {16, 19})
    void wrongApiKey(int version) {
        try (StandInOdoo odoo = StandInOdoo.start(version)) {
            ConnectionReport r = check.run(new TenantConnections.Odoo("shop", odoo.url(), odoo.database(), "admin", "wrong-key"), null);
            assertEquals(List.of("reachable", "database", "credentials"), r.checks().stream().map(Check::check).toList());
            assertEquals(new Check("credentials", Status.fail, "Odoo rejected the API key of user admin on database " + odoo.database()
                    + "; enter a valid API key for this user in the tenant's Odoo settings."), r.checks().get(2));
        }
    }

    @Test
    void apiKeyOfAnotherUser() {
        try (StandInOdoo odoo = StandInOdoo.start(19)) {
            ConnectionReport r = check.run(new TenantConnections.Odoo("shop", odoo.url(), odoo.database(), "shop-bot", odoo.apiKey()), null);
            assertEquals(new Check("credentials", Status.warn, "The API key belongs to Odoo user admin, not shop-bot: WooSync will act as admin; "
                    + "correct the login in the tenant's settings."), find(r, "credentials"));
        }
    }

    @Test
    void missingModule() {
        try (StandInOdoo odoo = StandInOdoo.start(17)) {
            odoo.setModuleState("stock", "uninstalled");
            ConnectionReport r = check.run(odoo.connection("shop"), null);
            assertEquals(new Check("modules", Status.fail, "Odoo module stock is not installed on database woo_test17: install it in Odoo (Apps), "
                    + "or turn deliveries off for this tenant."), find(r, "modules"));
            assertNull(find(r, "access stock.picking"));

            ConnectionReport noDeliveries = check.run(odoo.connection("shop"), new ConnectionTestOptions(false, null, null));
            assertEquals(Status.pass, noDeliveries.overall(), noDeliveries.checks().toString());
        }
    }

    @Test
    void missingAccessRights() {
        try (StandInOdoo odoo = StandInOdoo.start(18)) {
            odoo.denyAccess("account.move", "create");
            odoo.denyAccess("account.move", "write");
            ConnectionReport r = check.run(odoo.connection("shop"), null);
            assertEquals(new Check("access account.move", Status.fail, "User admin may not create, write account.move: grant the user the Sales, "
                    + "Invoicing rights in Odoo (Settings → Users)."), find(r, "access account.move"));
            assertEquals(Status.fail, r.overall());
        }
    }

    @Test
    void fieldsOfAnotherVersion() {
        try (StandInOdoo odoo = StandInOdoo.start(18)) {
            odoo.dropField("account.payment", "memo");
            ConnectionReport r = check.run(odoo.connection("shop"), null);
            assertEquals(new Check("fields", Status.fail, "Odoo 18.0 lacks account.payment.memo, which WooSync uses for Odoo 18: the server's "
                    + "version and its fields disagree (a customised or partly upgraded database); upgrade the modules or report it."), find(r, "fields"));
        }
    }

    @Test
    void taxRoundingThatDiffersFromWooCommerce() {
        try (StandInOdoo odoo = StandInOdoo.start(17)) {
            odoo.setCompany("tax_calculation_rounding_method", "round_globally");
            ConnectionReport r = check.run(odoo.connection("shop"), new ConnectionTestOptions(true, false, null));
            assertEquals(new Check("tax rounding", Status.warn, "Odoo company My Company rounds taxes globally (round_globally). WooCommerce rounds "
                    + "per line: totals can differ by a cent; set both the same (Odoo: Invoicing settings → Rounding Method; WooCommerce: "
                    + "\"Round tax at subtotal level\")."), find(r, "tax rounding"));
            assertEquals(Status.warn, r.overall());
        }
    }

    @Test
    void noChartOfAccounts() {
        try (StandInOdoo odoo = StandInOdoo.start(16)) {
            odoo.clear("account.journal");
            odoo.clear("account.tax");
            ConnectionReport r = check.run(odoo.connection("shop"), null);
            assertEquals(Status.fail, find(r, "chart of accounts").status());
            assertEquals("Database woo_test16 has no sales journal, no bank or cash journal and no sales tax: install a chart of accounts "
                    + "(Invoicing → Configuration → Settings → Fiscal Localization).", find(r, "chart of accounts").message());
        }
    }

    @Test
    void apiKeyAboutToExpire() {
        try (StandInOdoo odoo = StandInOdoo.start(19)) {
            odoo.setApiKeyExpiry("2026-12-04 10:00:00");
            ConnectionReport r = check.run(odoo.connection("shop"), null);
            assertEquals(new Check("api key expiry", Status.warn, "The Odoo API key of user admin expires on 2026-12-04 (in 7 days): create a new "
                    + "key in Odoo (Preferences → Account Security → New API Key) and enter it in the tenant's settings."), find(r, "api key expiry"));
            odoo.setApiKeyExpiry(null);
            assertEquals(new Check("api key expiry", Status.pass, "The API key of user admin does not expire."),
                    find(check.run(odoo.connection("shop"), null), "api key expiry"));
        }
    }

    @Test
    void referencesTheMappingsName() {
        try (StandInOdoo odoo = StandInOdoo.start(17)) {
            odoo.seed("product.product", java.util.Map.of("name", "Shipping", "default_code", "SHIPPING", "type", "service"));
            var refs = List.of(
                    new ConnectionTestOptions.Reference("Stripe payments", "account.journal", null, "code", "BNK1"),
                    new ConnectionTestOptions.Reference("PayPal payments", "account.journal", null, "code", "PAYPL"),
                    new ConnectionTestOptions.Reference("shipping product", "product.product", null, "default_code", "SHIPPING"),
                    new ConnectionTestOptions.Reference("VAT 15%", "account.tax", 99L, null, null),
                    new ConnectionTestOptions.Reference("DHL", "delivery.carrier", null, "name", "DHL"));
            ConnectionReport r = check.run(odoo.connection("shop"), new ConnectionTestOptions(true, null, refs));
            assertEquals(new Check("reference account.journal with code BNK1", Status.pass, "account.journal with code BNK1 (Stripe payments) exists (id 6)."),
                    find(r, "reference account.journal with code BNK1"));
            assertEquals(new Check("reference account.journal with code PAYPL", Status.fail, "account.journal with code PAYPL (PayPal payments) "
                    + "does not exist in Odoo: create it or change the mapping."), find(r, "reference account.journal with code PAYPL"));
            assertEquals(Status.pass, find(r, "reference product.product with default_code SHIPPING").status());
            assertEquals(new Check("reference account.tax 99", Status.fail, "account.tax 99 (VAT 15%) does not exist in Odoo: create it or change "
                    + "the mapping."), find(r, "reference account.tax 99"));
            assertEquals(new Check("reference delivery.carrier with name DHL", Status.fail, "Odoo database woo_test17 has no model delivery.carrier: "
                    + "install the Odoo module that provides it."), find(r, "reference delivery.carrier with name DHL"));
        }
    }

    // What the sync settings assume about Odoo is held against Odoo: each difference one failed check naming
    // both values; all matching, one pass that lists them.
    @Test
    void theSettingsAssumptionsAreHeldAgainstOdoo() {
        try (StandInOdoo odoo = StandInOdoo.start(18)) {
            long excluded = odoo.seed("account.tax", java.util.Map.of("name", "CA 8.25%", "amount", 8.25, "amount_type", "percent",
                    "type_tax_use", "sale", "active", true, "price_include_override", "tax_excluded"));
            long included = odoo.seed("account.tax", java.util.Map.of("name", "CA 8.25% incl.", "amount", 8.25, "amount_type", "percent",
                    "type_tax_use", "sale", "active", true, "price_include_override", "tax_included"));
            long nine = odoo.seed("account.tax", java.util.Map.of("name", "CA 9%", "amount", 9.0, "amount_type", "percent",
                    "type_tax_use", "sale", "active", true, "price_include_override", "tax_excluded"));
            var rate = new OdooExpectations.ExpectedTax("WooCommerce rate 1", excluded, new java.math.BigDecimal("8.25"), "EXCLUDED");
            var twin = new OdooExpectations.ExpectedTax("WooCommerce rate 1, price-included twin", included, new java.math.BigDecimal("8.25"), "INCLUDED");
            var right = new OdooExpectations(18, "round_per_line", 2, 2, "USD", 2, false, List.of(rate, twin));
            ConnectionReport ok = check.run(odoo.connection("shop"), new ConnectionTestOptions(true, null, null, right));
            assertEquals(new Check("settings", Status.pass, "The sync settings describe this Odoo: Odoo 18, taxes rounded per line, USD with 2 "
                    + "decimals, \"Product Price\" 2 digits, \"Discount\" 2 digits, 2 mapped taxes with their rates and price inclusion."),
                    find(ok, "settings"));

            var wrong = new OdooExpectations(17, "round_globally", 2, 4, "EUR", 2, true, List.of(
                    new OdooExpectations.ExpectedTax("WooCommerce rate 1", nine, new java.math.BigDecimal("8.25"), "EXCLUDED"),
                    new OdooExpectations.ExpectedTax("WooCommerce rate 1, price-included twin", excluded, new java.math.BigDecimal("8.25"), "INCLUDED"),
                    new OdooExpectations.ExpectedTax("WooCommerce rate 2", 999, new java.math.BigDecimal("5"), "EXCLUDED")));
            ConnectionReport r = check.run(odoo.connection("shop"), new ConnectionTestOptions(true, null, null, wrong));
            assertNull(find(r, "settings"));
            assertEquals(Status.fail, r.overall());
            assertEquals("The sync settings assume Odoo 17 but database woo_test18 runs Odoo 18.0: set the Odoo version in the sync settings to 18 "
                    + "(field names and tax rules differ between versions).", find(r, "settings: Odoo version").message());
            assertEquals("Odoo company My Company rounds taxes per line (round_per_line) but the sync settings say globally: set the tax "
                    + "rounding in the sync settings to per line.", find(r, "settings: tax rounding").message());
            assertEquals("Odoo company My Company treats prices as tax-excluded by default (account_price_include) but the sync settings say "
                    + "tax-included: correct the sync settings.", find(r, "settings: default price inclusion").message());
            assertEquals("The company currency in Odoo is USD but the sync settings say EUR: correct the sync settings (orders in another "
                    + "currency need a pricelist).", find(r, "settings: company currency").message());
            assertEquals("Odoo stores \"Discount\" with 2 digits but the sync settings say 4: set it to 2 in the sync settings (or raise it to 4 "
                    + "in Odoo, Settings → Technical → Decimal Accuracy, which makes discounted lines exact, and then in the sync settings).",
                    find(r, "settings: Discount precision").message());
            assertNull(find(r, "settings: Product Price precision"), "matched");
            assertEquals("Odoo tax " + nine + " \"CA 9%\" (WooCommerce rate 1) is 9 % in Odoo but the sync settings use it as 8.25 %: map the "
                    + "tax with WooCommerce's rate, or correct the rate in the sync settings.", find(r, "settings: tax " + nine).message());
            assertEquals("Odoo tax " + excluded + " \"CA 8.25%\" (WooCommerce rate 1, price-included twin) is price-excluded in Odoo but the sync "
                    + "settings use it as price-included: map a tax whose \"Included in Price\" matches, or correct the sync settings.",
                    find(r, "settings: tax " + excluded).message());
            assertEquals("Odoo tax 999 (WooCommerce rate 2) does not exist or is archived: map an active sales tax.",
                    find(r, "settings: tax 999").message());
        }
    }

    // Odoo ticks "Affect Base of Subsequent Taxes" whenever "Included in Price" is ticked; the settings still
    // match (rate, inclusion), so the pass stays, and a warning beside it names the tax and where to untick it.
    @Test
    void aMappedTaxThatCompoundsTheNextIsAWarning() {
        try (StandInOdoo odoo = StandInOdoo.start(17)) {
            long plain = odoo.seed("account.tax", java.util.Map.of("name", "GST 5% incl.", "amount", 5.0, "amount_type", "percent",
                    "type_tax_use", "sale", "active", true, "price_include", true));
            long compounding = odoo.seed("account.tax", java.util.Map.of("name", "PST 7% incl.", "amount", 7.0, "amount_type", "percent",
                    "type_tax_use", "sale", "active", true, "price_include", true, "include_base_amount", true));
            var e = new OdooExpectations(17, null, null, null, null, null, null, List.of(
                    new OdooExpectations.ExpectedTax("WooCommerce rate 4", plain, new java.math.BigDecimal("5"), "INCLUDED"),
                    new OdooExpectations.ExpectedTax("WooCommerce rate 5", compounding, new java.math.BigDecimal("7"), "INCLUDED")));
            ConnectionReport r = check.run(odoo.connection("shop"), new ConnectionTestOptions(true, null, null, e));
            assertEquals(Status.pass, find(r, "settings").status());
            assertNull(find(r, "settings: tax " + plain + " base"));
            assertEquals(new Check("settings: tax " + compounding + " base", Status.warn, "Odoo tax " + compounding + " \"PST 7% incl.\" "
                    + "(WooCommerce rate 5) has \"Affect Base of Subsequent Taxes\" ticked in Odoo (include_base_amount; Odoo ticks it with "
                    + "\"Included in Price\"): on an order line with a second tax, Odoo computes that tax on the price plus this one, where "
                    + "WooCommerce computes each rate on the net price, and the order's totals differ. Untick it on the tax in Odoo "
                    + "(Invoicing → Configuration → Taxes → Advanced Options)."), find(r, "settings: tax " + compounding + " base"));
            assertEquals(Status.warn, r.overall());
        }
    }

    private static Check find(ConnectionReport r, String name) {
        return r.checks().stream().filter(c -> c.check().equals(name)).findFirst().orElse(null);
    }
}
