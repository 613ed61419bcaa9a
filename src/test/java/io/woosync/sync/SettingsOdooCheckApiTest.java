package io.woosync.sync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.woosync.TestTokens;
import io.woosync.sync.SyncHarness.Tenant;
import io.woosync.sync.settings.OdooFacts;
import io.woosync.sync.settings.OdooTax;
import io.woosync.sync.settings.SyncSettings;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/tenants/{slug}/sync-settings/check}: the connection test held against the tenant's
 * settings, on the stand-in Odoo (or a real one, see {@link SyncHarness}). Settings that describe the
 * tenant's Odoo pass, record by record; a tax whose rate the settings get wrong fails with both rates,
 * and the result is the tenant's API status.
 */
@QuarkusTest
class SettingsOdooCheckApiTest extends WithSyncHarness {

    @Inject SyncStore store;
    @Inject DataSource ds;

    static JsonPath check(Tenant t) {
        return given().auth().oauth2(TestTokens.operator()).contentType(io.restassured.http.ContentType.JSON).post("/api/tenants/" + t.slug() + "/sync-settings/check")
                .then().log().ifValidationFails().statusCode(200).extract().jsonPath();
    }

    static Map<String, String> statusByCheck(JsonPath report) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        List<Map<String, String>> checks = report.getList("checks");
        checks.forEach(c -> m.put(c.get("check"), c.get("status") + ": " + c.get("message")));
        return m;
    }

    @Test
    void theSettingsAreHeldAgainstTheTenantsOdoo() {
        Tenant t = h.tenant("settings-check", store, ds);
        SyncSettings right = h.settings().toBuilder().odoo(OdooFacts.defaults().withVersion(h.odoo.major())).build();
        store.saveSettings(t.id(), right, Instant.now());

        Map<String, String> ok = statusByCheck(check(t));
        assertTrue(ok.get("settings").startsWith("pass: The sync settings describe this Odoo: Odoo " + h.odoo.major()), ok.toString());
        assertTrue(ok.get("settings").contains("2 mapped taxes with their rates and price inclusion"), ok.toString());
        for (String ref : List.of("reference account.journal " + h.stripeJournal, "reference product.product with default_code SHIPPING",
                "reference product.product with default_code ROUNDING", "reference product.product with default_code REFUND")) {
            assertTrue(ok.getOrDefault(ref, "missing").startsWith("pass:"), ref + " in " + ok);
        }

        store.saveSettings(t.id(), right.toBuilder().taxRate(1, OdooTax.excluded(h.taxExcluded, "CA 8.25%", "7.25"),
                OdooTax.included(h.taxIncluded, "CA 8.25% incl.", "7.25")).build(), Instant.now());
        JsonPath wrong = check(t);
        assertEquals("fail", wrong.getString("overall"));
        Map<String, String> byCheck = statusByCheck(wrong);
        assertEquals("fail: Odoo tax " + h.taxExcluded + " \"CA 8.25%\" (WooCommerce rate 1) is 8.25 % in Odoo but the sync settings use it "
                + "as 7.25 %: map the tax with WooCommerce's rate, or correct the rate in the sync settings.",
                byCheck.get("settings: tax " + h.taxExcluded));
        assertEquals("fail", given().auth().oauth2(TestTokens.operator()).get("/api/tenants/" + t.slug() + "/odoo/status")
                .then().statusCode(200).extract().path("overall"), "the check is the tenant's API status");
    }

    // The settings page's button: CSRF-protected form post → redirect → the findings in a table, escaped (an
    // Odoo tax name is Odoo's data, not ours); finance sees the findings but no button.
    @Test
    void theSettingsPageChecksAndShowsTheFindingsEscaped() {
        Tenant t = h.tenant("settings-check-page", store, ds);
        String hostile = "<script>alert(1)</script> 5%";
        Long found = h.odoo.find("account.tax", List.of(List.of("name", "=", hostile)));
        Map<String, Object> v = new java.util.HashMap<>(Map.of("name", hostile, "amount", 5.0, "amount_type", "percent",
                "type_tax_use", "sale", "active", true));
        v.put(h.odoo.major() >= 18 ? "price_include_override" : "price_include", h.odoo.major() >= 18 ? "tax_excluded" : false);
        long five = found != null ? found : h.odoo.seed("account.tax", v);
        store.saveSettings(t.id(), h.settings().toBuilder().odoo(OdooFacts.defaults().withVersion(h.odoo.major()))
                .taxRate(2, OdooTax.excluded(five, "5%", "6"), null).build(), Instant.now());
        String page = "/tenants/" + t.slug() + "/sync-settings";
        String before = given().auth().oauth2(TestTokens.operator()).get(page).then().statusCode(200).extract().asString();
        assertTrue(before.contains("Not checked yet."), "no report before the first check");

        io.woosync.web.PageSession session = io.woosync.web.PageSession.open(TestTokens.operator(), page);
        io.restassured.response.Response posted = session.post(page + "/check");
        assertEquals(303, posted.statusCode());
        assertTrue(posted.header("Location").endsWith(page + "?notice=checked#odoo-check"), posted.header("Location"));
        String after = given().auth().oauth2(TestTokens.operator()).get(page + "?notice=checked").then().statusCode(200).extract().asString();
        assertTrue(after.contains("Checked against Odoo: the findings are below."), after);
        assertTrue(after.contains("<tr class=\"status-fail\"><td>fail</td><td>settings: tax " + five + "</td><td>Odoo tax " + five
                + " &quot;&lt;script&gt;alert(1)&lt;/script&gt; 5%&quot; (WooCommerce rate 2) is 5 % in Odoo but the sync settings use it as 6 %"),
                after);
        assertTrue(!after.contains("<script>alert(1)"), "escaped");

        String finance = given().auth().oauth2(TestTokens.finance(t.slug())).get(page)
                .then().statusCode(200).extract().asString();
        assertTrue(finance.contains("settings: tax " + five) && !finance.contains("Check the saved settings against Odoo"), finance);
        assertEquals(400, given().auth().oauth2(TestTokens.operator()).contentType("application/x-www-form-urlencoded")
                .post(page + "/check").statusCode(), "no CSRF token, no check");
    }
}
