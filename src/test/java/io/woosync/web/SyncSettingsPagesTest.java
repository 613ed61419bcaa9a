package io.woosync.web;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.woosync.TestTokens;
import io.woosync.tenant.TenantApiTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The settings page: an admin edits through the form (CSRF, POST → redirect → GET), tables gain and lose
 * rows, mistakes come back beside their fields with nothing saved, values are escaped, finance and viewers
 * get the same values read-only.
 */
@QuarkusTest
class SyncSettingsPagesTest {

    static String tenant(String prefix) {
        String slug = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        TenantApiTest.createTenant(slug);
        return slug;
    }

    static String page(String slug) {
        return "/tenants/" + slug + "/sync-settings";
    }

    /** The scalar fields of a complete form, as the page posts the defaults. */
    static Map<String, String> defaultScalars() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("documents", "SALES_ORDER_INVOICE_PAYMENT");
        f.put("statusRules.pending", "SKIP");
        f.put("statusRules.processing", "SYNC");
        f.put("statusRules.on-hold", "DRAFT_ORDER");
        f.put("statusRules.completed", "SYNC_AND_DELIVER");
        f.put("statusRules.cancelled", "CANCEL");
        f.put("statusRules.refunded", "SYNC");
        f.put("statusRules.failed", "SKIP");
        f.put("cancelledAfterInvoice", "CREDIT_NOTE");
        f.put("invoiceTiming", "WHEN_PAID");
        f.put("customers.companiesAsB2b", "true");
        f.put("customers.separateAddresses", "true");
        f.put("taxes.mode", "WOO_CALCULATED");
        f.put("taxes.tolerancePerTaxLine", "0.01");
        f.put("discounts.mode", "LINE_DISCOUNT");
        f.put("discounts.discountProductCode", "DISCOUNT");
        f.put("shipping.productCode", "SHIPPING");
        f.put("feeProductCode", "FEE");
        f.put("refundProductCode", "REFUND");
        f.put("roundingProductCode", "ROUNDING");
        f.put("odoo.taxRounding", "ROUND_PER_LINE");
        f.put("odoo.productPriceDigits", "2");
        f.put("odoo.discountDigits", "2");
        f.put("odoo.currencyDigits", "2");
        f.put("odoo.companyCurrency", "USD");
        return f;
    }

    /** name, value pairs for PageSession.post: the scalars, then repeated table columns. */
    static String[] params(Map<String, String> scalars, String... repeated) {
        List<String> p = new ArrayList<>();
        scalars.forEach((k, v) -> {
            p.add(k);
            p.add(v);
        });
        p.addAll(List.of(repeated));
        return p.toArray(String[]::new);
    }

    static JsonPath api(String slug) {
        return given().auth().oauth2(TestTokens.operator()).get("/api/tenants/" + slug + "/sync-settings")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void adminEditsThroughTheFormAndSeesTheValues() {
        String slug = tenant("set-page");
        String admin = TestTokens.tenantAdmin(slug);
        // the tenant page links to the settings page
        String detail = given().auth().oauth2(TestTokens.viewer(slug)).get("/tenants/" + slug).then().statusCode(200).extract().asString();
        assertTrue(detail.contains("href=\"/tenants/" + slug + "/sync-settings\""), detail);

        PageSession session = PageSession.open(admin, page(slug));
        Map<String, String> f = defaultScalars();
        f.put("documents", "SALES_ORDER_AND_INVOICE");
        f.put("statusRules.on-hold", "SKIP");
        f.put("invoiceTiming", "WHEN_COMPLETED");
        f.put("customers.separateAddresses", "");
        f.put("taxes.tolerancePerTaxLine", "0.02");
        f.put("discounts.mode", "COUPON_LINES");
        f.put("discounts.discountProductCode", "COUPON-DISC");
        Response saved = session.post(page(slug), params(f,
                "customers.approvedFields", "phone", "customers.approvedFields", "street",
                // tax table: one filled row, one blank row (ignored)
                "tax.wooRateId", "1", "tax.id", "11", "tax.name", "VAT 20%", "tax.amount", "20", "tax.priceInclude", "EXCLUDED",
                "tax.twinId", "12", "tax.twinName", "VAT 20% incl.", "tax.twinPriceInclude", "INCLUDED",
                "tax.wooRateId", "", "tax.id", "", "tax.name", "", "tax.amount", "", "tax.priceInclude", "EXCLUDED",
                "tax.twinId", "", "tax.twinName", "", "tax.twinPriceInclude", "INCLUDED",
                "carrier.method", "flat_rate:3", "carrier.carrierId", "2", "carrier.productId", "77",
                "pricelist.currency", "eur", "pricelist.id", "3",
                "journal.method", "stripe", "journal.journalId", "9", "journal.methodLineId", "",
                "journal.method", "bacs", "journal.journalId", "6", "journal.methodLineId", "4",
                "sku.wooId", "4711", "sku.productId", "88"));
        assertEquals(303, saved.statusCode(), saved.asString());
        assertTrue(saved.header("Location").endsWith(page(slug) + "?notice=saved"), saved.header("Location"));

        String html = given().auth().oauth2(admin).get(page(slug) + "?notice=saved").then().statusCode(200).extract().asString();
        assertTrue(html.contains("Settings saved."));
        assertTrue(html.contains("<option value=\"SALES_ORDER_AND_INVOICE\" selected>"), html);
        assertTrue(html.contains("value=\"COUPON-DISC\""));
        assertTrue(html.contains("value=\"stripe\""));
        assertTrue(html.contains("value=\"EUR\""), "currency upper-cased");
        assertTrue(html.contains("value=\"flat_rate:3\""));
        assertTrue(html.contains("name=\"customers.approvedFields\" value=\"phone\" checked"));
        assertTrue(html.contains("Last changed") && html.contains("by tom-admin"), html);
        assertTrue(html.contains("<td>tom-admin</td><td>page</td>"), "the change is listed with its author");

        JsonPath s = api(slug);
        assertEquals("SALES_ORDER_AND_INVOICE", s.getString("documents"));
        assertEquals("SKIP", s.getString("statusRules.on-hold"));
        assertEquals("WHEN_COMPLETED", s.getString("invoiceTiming"));
        assertEquals(false, s.getBoolean("customers.separateAddresses"));
        assertEquals(List.of("phone", "street"), s.getList("customers.approvedFields").stream().sorted().toList());
        assertEquals(12, s.getInt("taxes.rates.1.includedTwin.id"));
        assertEquals("INCLUDED", s.getString("taxes.rates.1.includedTwin.priceInclude"));
        assertEquals(9, s.getInt("paymentJournals.stripe.journalId"));
        assertNull(s.get("paymentJournals.stripe.paymentMethodLineId"));
        assertEquals(4, s.getInt("paymentJournals.bacs.paymentMethodLineId"));
        assertEquals(3, s.getInt("pricelistByCurrency.EUR"));
        assertEquals(88, s.getInt("skuOverrides.4711"));
        assertEquals(77, s.getInt("shipping.carriers.'flat_rate:3'.productId"));

        // Remove a row: the form lists journals by method (bacs = row 0, stripe = row 1); tick bacs's box.
        Response removed = session.as(admin).post(page(slug), params(f,
                "tax.wooRateId", "1", "tax.id", "11", "tax.name", "VAT 20%", "tax.amount", "20", "tax.priceInclude", "EXCLUDED",
                "tax.twinId", "12", "tax.twinName", "VAT 20% incl.", "tax.twinPriceInclude", "INCLUDED",
                "journal.method", "bacs", "journal.journalId", "6", "journal.methodLineId", "4",
                "journal.method", "stripe", "journal.journalId", "9", "journal.methodLineId", "",
                "journal.remove", "0"));
        assertEquals(303, removed.statusCode(), removed.asString());
        JsonPath after = api(slug);
        assertNull(after.get("paymentJournals.bacs"));
        assertEquals(9, after.getInt("paymentJournals.stripe.journalId"));
        assertEquals(Map.of(), after.getMap("skuOverrides"), "a table posted without rows is emptied");
    }

    @Test
    void mistakesComeBackBesideTheirFieldsAndNothingIsSaved() {
        String slug = tenant("set-errors");
        PageSession session = PageSession.open(TestTokens.operator(), page(slug));
        Map<String, String> f = defaultScalars();
        f.put("taxes.tolerancePerTaxLine", "-0.05");
        f.put("statusRules.pending", "EXPLODE");
        f.put("feeProductCode", "   ");
        Response r = session.post(page(slug), params(f,
                "journal.method", "stripe", "journal.journalId", "abc", "journal.methodLineId", "",
                "pricelist.currency", "EURO", "pricelist.id", "3",
                "sku.wooId", "12", "sku.productId", "0"));
        assertEquals(400, r.statusCode(), r.asString());
        String html = r.asString();
        assertTrue(html.contains("id=\"statusRules.pending-error\""), html);
        assertTrue(html.contains("id=\"feeProductCode-error\""));
        assertTrue(html.contains("id=\"journal-row-0-error\">journal id must be a positive integer"), html);
        assertTrue(html.contains("id=\"sku-row-0-error\">Odoo product id must be a positive integer"), html);
        // rule-level mistakes (checked on the parsed value) come in the same answer
        assertTrue(html.contains("id=\"taxes.tolerancePerTaxLine-error\">must not be negative"), html);
        assertTrue(html.contains("id=\"pricelist-row-0-error\">"), html);
        assertTrue(html.contains("is not a currency code"), html);
        // typed values are kept
        assertTrue(html.contains("value=\"abc\""));
        assertTrue(html.contains("value=\"EURO\""));
        assertTrue(html.contains("value=\"-0.05\""));
        given().auth().oauth2(TestTokens.operator()).get("/api/tenants/" + slug + "/sync-settings/changes")
                .then().statusCode(200).body("size()", org.hamcrest.Matchers.equalTo(0));
        assertEquals("SKIP", api(slug).getString("statusRules.pending"));
    }

    @Test
    void aSaveOverSomeoneElsesNewerSaveIsRefused() {
        String slug = tenant("set-stale");
        PageSession admin = PageSession.open(TestTokens.tenantAdmin(slug), page(slug));
        String opened = given().auth().oauth2(TestTokens.tenantAdmin(slug)).get(page(slug)).then().statusCode(200).extract().asString();
        assertTrue(opened.contains("name=\"version\" value=\"0\""), opened);

        Map<String, String> theirs = defaultScalars();
        theirs.put("documents", "SALES_ORDER");
        assertEquals(303, admin.as(TestTokens.operator()).post(page(slug), params(theirs, "version", "0")).statusCode());

        Map<String, String> mine = defaultScalars();
        mine.put("invoiceTiming", "MANUAL");
        Response stale = admin.post(page(slug), params(mine, "version", "0"));
        assertEquals(409, stale.statusCode(), stale.asString());
        assertTrue(stale.asString().contains("were NOT saved") && stale.asString().contains("olivia-operator"), stale.asString());
        assertTrue(stale.asString().contains("<option value=\"MANUAL\" selected>"), "the user's values stay on screen");
        assertEquals("SALES_ORDER", api(slug).getString("documents"));
        assertEquals("WHEN_PAID", api(slug).getString("invoiceTiming"));

        // Reopened, the page carries the new version and the save goes through.
        String reopened = given().auth().oauth2(TestTokens.tenantAdmin(slug)).get(page(slug)).then().statusCode(200).extract().asString();
        assertTrue(reopened.contains("name=\"version\" value=\"1\""));
        assertEquals(303, admin.post(page(slug), params(mine, "version", "1")).statusCode());
        assertEquals("MANUAL", api(slug).getString("invoiceTiming"));
    }

    @Test
    void hostileValuesAreEscaped() {
        String slug = tenant("set-xss");
        PageSession session = PageSession.open(TestTokens.operator(), page(slug));
        Map<String, String> f = defaultScalars();
        String hostile = "\"><script>alert(1)</script>";
        f.put("shipping.productCode", hostile);
        Response saved = session.post(page(slug), params(f, "journal.method", "a<b", "journal.journalId", "9", "journal.methodLineId", ""));
        // the method id is refused (and echoed escaped) ...
        assertEquals(400, saved.statusCode());
        assertFalse(saved.asString().contains("<script>alert(1)</script>"), saved.asString());
        assertTrue(saved.asString().contains("value=\"a&lt;b\""), saved.asString());
        // ... the product code is a legal default_code and is saved, then shown escaped
        assertEquals(303, session.post(page(slug), params(f)).statusCode());
        assertEquals(hostile, api(slug).getString("shipping.productCode"));
        String html = given().auth().oauth2(TestTokens.viewer(slug)).get(page(slug)).then().statusCode(200).extract().asString();
        assertFalse(html.contains("<script>alert(1)</script>"), html);
        assertTrue(html.contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""), html);
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRejected() {
        String slug = tenant("set-csrf");
        Map<String, String> f = defaultScalars();
        f.put("documents", "SALES_ORDER");
        var spec = given().auth().oauth2(TestTokens.operator()).redirects().follow(false)
                .contentType("application/x-www-form-urlencoded");
        for (var e : f.entrySet()) {
            spec = spec.formParam(e.getKey(), e.getValue());
        }
        spec.post(page(slug)).then().statusCode(400);
        assertEquals("SALES_ORDER_INVOICE_PAYMENT", api(slug).getString("documents"));
    }

    @Test
    void financeAndViewersSeeItReadOnly() {
        String slug = tenant("set-ro");
        String other = tenant("set-ro-other");
        for (String token : List.of(TestTokens.finance(slug), TestTokens.viewer(slug))) {
            String html = given().auth().oauth2(token).get(page(slug)).then().statusCode(200).extract().asString();
            assertTrue(html.contains("<fieldset class=\"all\" disabled>"), html);
            assertFalse(html.contains("Save settings"));
            assertFalse(html.contains("name=\"csrf-token\""));
            assertTrue(html.contains("<option value=\"SALES_ORDER_INVOICE_PAYMENT\" selected>"));
            assertTrue(html.contains("Never changed"));
            given().auth().oauth2(token).get(page(other)).then().statusCode(404);
        }
        PageSession session = PageSession.open(TestTokens.operator(), page(slug));
        assertEquals(403, session.as(TestTokens.viewer(slug)).post(page(slug), params(defaultScalars())).statusCode());
        assertEquals(403, session.as(TestTokens.finance(slug)).post(page(slug), params(defaultScalars())).statusCode());
        assertEquals(404, session.as(TestTokens.tenantAdmin(slug)).post(page(other), params(defaultScalars())).statusCode());
        given().auth().oauth2(TestTokens.tenantAdmin(slug)).get(page(other)).then().statusCode(404);
    }
}
