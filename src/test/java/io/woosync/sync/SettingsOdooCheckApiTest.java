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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/tenants/{slug}/sync-settings/check}: the connection test held against the tenant's
 * settings, on the stand-in Odoo (or a real one, see {@link SyncHarness}). Settings that describe the
 * tenant's Odoo pass, record by record; a tax whose rate the settings get wrong fails with both rates,
 * and the result is the tenant's API status.
 */
@QuarkusTest
class SettingsOdooCheckApiTest {

    static SyncHarness h;

    @Inject SyncStore store;
    @Inject DataSource ds;

    @BeforeAll
    static void start() {
        h = new SyncHarness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

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
}
