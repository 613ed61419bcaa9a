package io.woosync.sync;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.woosync.TestTokens;
import io.woosync.queue.QueueTestSupport;
import io.woosync.sync.settings.SyncSettings;
import io.woosync.tenant.TenantApiTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The settings JSON API against the real database: defaults until saved, a complete document replaces
 * them, every rule answers 400 naming the field, roles and tenant scope as everywhere, every change
 * recorded with its author.
 */
@QuarkusTest
class SyncSettingsApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject DataSource ds;
    @Inject SyncStore store;

    static String tenant(String prefix) {
        String slug = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        TenantApiTest.createTenant(slug);
        return slug;
    }

    /** The defaults as a client parses them (numbers as the wire has them). */
    static JsonNode defaultsJson() {
        try {
            return JSON.readTree(JSON.writeValueAsString(SyncSettings.defaults()));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static String url(String slug) {
        return "/api/tenants/" + slug + "/sync-settings";
    }

    static ObjectNode get(String token, String slug) {
        String body = given().auth().oauth2(token).get(url(slug)).then().statusCode(200)
                .contentType(ContentType.JSON).extract().asString();
        try {
            return (ObjectNode) JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static Response put(String token, String slug, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body.toString()).put(url(slug));
    }

    /** The defaults with one change applied, PUT by an operator: the problem's field errors. */
    Response putChanged(String slug, Consumer<ObjectNode> change) {
        ObjectNode body = get(TestTokens.operator(), slug);
        change.accept(body);
        return put(TestTokens.operator(), slug, body);
    }

    void assertFieldError(String slug, Consumer<ObjectNode> change, String field) {
        Response r = putChanged(slug, change);
        assertEquals(400, r.statusCode(), r.asString());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        List<String> fields = r.jsonPath().getList("errors.field");
        assertTrue(fields.contains(field), "expected an error on " + field + ", got " + r.asString());
    }

    @Test
    void defaultsThenReplaceThenReadBack() {
        String slug = tenant("set-api");
        ObjectNode defaults = get(TestTokens.viewer(slug), slug);
        assertEquals(defaultsJson(), defaults, "no row: the seed's defaults");
        assertEquals("SALES_ORDER_INVOICE_PAYMENT", defaults.path("documents").asText());
        assertEquals("DRAFT_ORDER", defaults.path("statusRules").path("on-hold").asText());

        ObjectNode next = defaults.deepCopy();
        next.put("documents", "SALES_ORDER_INVOICE_PAYMENT_DELIVERY");
        ((ObjectNode) next.path("statusRules")).put("pending", "DRAFT_ORDER");
        next.put("invoiceTiming", "WHEN_COMPLETED");
        ((ObjectNode) next.path("taxes")).put("tolerancePerTaxLine", 0.02);
        ((ObjectNode) next.path("taxes").path("rates")).set("1", JSON.valueToTree(Map.of(
                "tax", Map.of("id", 11, "name", "VAT 20%", "amount", 20, "priceInclude", "EXCLUDED"),
                "includedTwin", Map.of("id", 12, "name", "VAT 20% incl.", "amount", 20, "priceInclude", "INCLUDED"))));
        // optional parts may be left out: the payment method line
        ((ObjectNode) next.path("paymentJournals")).set("stripe", JSON.valueToTree(Map.of("journalId", 9)));
        ((ObjectNode) next.path("pricelistByCurrency")).put("EUR", 3);
        ((ObjectNode) next.path("skuOverrides")).put("4711", 88);
        ((ObjectNode) next.path("shipping").path("carriers")).set("flat_rate:3", JSON.valueToTree(Map.of("carrierId", 2, "productId", 77)));
        ((ObjectNode) next.path("customers")).set("approvedFields", JSON.valueToTree(List.of("phone", "street")));

        Response saved = put(TestTokens.tenantAdmin(slug), slug, next);
        assertEquals(200, saved.statusCode(), saved.asString());
        assertEquals("tom-admin", saved.header("X-WooSync-Updated-By"));
        assertTrue(saved.header("Last-Modified") != null);

        ObjectNode back = get(TestTokens.finance(slug), slug);
        assertEquals("SALES_ORDER_INVOICE_PAYMENT_DELIVERY", back.path("documents").asText());
        assertEquals("DRAFT_ORDER", back.path("statusRules").path("pending").asText());
        assertEquals(0, back.path("taxes").path("tolerancePerTaxLine").decimalValue().compareTo(new java.math.BigDecimal("0.02")));
        assertEquals(12, back.path("taxes").path("rates").path("1").path("includedTwin").path("id").asLong());
        assertEquals(9, back.path("paymentJournals").path("stripe").path("journalId").asLong());
        assertTrue(back.path("paymentJournals").path("stripe").path("paymentMethodLineId").isNull());
        assertEquals(88, back.path("skuOverrides").path("4711").asLong());

        // The store, which the order sync reads per job, holds the same value.
        long tenantId = QueueTestSupport.tenantId(ds, slug);
        SyncSettings stored = store.settings(tenantId);
        assertEquals(SyncSettings.DocumentsMode.SALES_ORDER_INVOICE_PAYMENT_DELIVERY, stored.documents());
        assertEquals(9L, stored.paymentJournals().get("stripe").journalId());
        assertEquals(88L, stored.skuOverrides().get(4711L));

        // Who and when: on the row and in the change list.
        Map<String, Object> row = QueueTestSupport.rows(ds, "select updated_by from sync_settings where tenant_id = ?", tenantId).get(0);
        assertEquals("tom-admin", row.get("updated_by"));
        given().auth().oauth2(TestTokens.viewer(slug)).get(url(slug) + "/changes").then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].changedBy", equalTo("tom-admin"))
                .body("[0].via", equalTo("api"))
                .body("[0].changedFields", hasItem("documents"))
                .body("[0].changedFields", hasItem("paymentJournals.stripe"))
                .body("[0].changedFields", hasItem("statusRules.pending"));

        // A second save by the operator is a second change; the same value again changes nothing.
        assertEquals(200, put(TestTokens.operator(), slug, back).statusCode());
        given().auth().oauth2(TestTokens.operator()).get(url(slug) + "/changes?limit=5").then().statusCode(200)
                .body("size()", equalTo(2))
                .body("[0].changedBy", equalTo("olivia-operator"))
                .body("[0].changedFields.size()", equalTo(0));
    }

    @Test
    void ifMatchRefusesToOverwriteANewerSave() {
        String slug = tenant("set-etag");
        Response first = given().auth().oauth2(TestTokens.tenantAdmin(slug)).get(url(slug));
        assertEquals("\"0\"", first.header("ETag"), "never saved: version 0");
        ObjectNode mine = get(TestTokens.tenantAdmin(slug), slug);
        ObjectNode theirs = mine.deepCopy();

        theirs.put("documents", "SALES_ORDER");
        Response saved = given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(theirs.toString()).put(url(slug));
        assertEquals(200, saved.statusCode(), saved.asString());
        assertEquals("\"1\"", saved.header("ETag"));

        // An edit based on version 0 would silently undo the operator's change: refused, nothing saved.
        mine.put("invoiceTiming", "MANUAL");
        Response stale = given().auth().oauth2(TestTokens.tenantAdmin(slug)).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(mine.toString()).put(url(slug));
        assertEquals(412, stale.statusCode(), stale.asString());
        assertTrue(stale.asString().contains("olivia-operator"), stale.asString());
        assertEquals("SALES_ORDER", get(TestTokens.operator(), slug).path("documents").asText());
        assertEquals("WHEN_PAID", get(TestTokens.operator(), slug).path("invoiceTiming").asText());

        Response bad = given().auth().oauth2(TestTokens.tenantAdmin(slug)).contentType(ContentType.JSON).header("If-Match", "yesterday")
                .body(mine.toString()).put(url(slug));
        assertEquals(400, bad.statusCode());
        assertEquals("If-Match", bad.jsonPath().getString("errors[0].field"));

        // Based on the current version it goes through; without If-Match the last write wins.
        Response ok = given().auth().oauth2(TestTokens.tenantAdmin(slug)).contentType(ContentType.JSON).header("If-Match", "W/\"1\"")
                .body(mine.toString()).put(url(slug));
        assertEquals(200, ok.statusCode(), ok.asString());
        assertEquals("\"2\"", ok.header("ETag"));
        assertEquals(200, put(TestTokens.operator(), slug, theirs).statusCode());
        given().auth().oauth2(TestTokens.operator()).get(url(slug) + "/changes").then().statusCode(200).body("size()", equalTo(3));
    }

    @Test
    void everyRuleNamesItsField() {
        String slug = tenant("set-rules");
        assertFieldError(slug, b -> ((ObjectNode) b.path("statusRules")).put("processing", "EXPLODE"), "statusRules.processing");
        assertFieldError(slug, b -> ((ObjectNode) b.path("statusRules")).put("shipped", "SYNC"), "statusRules.shipped");
        assertFieldError(slug, b -> ((ObjectNode) b.path("statusRules")).remove("failed"), "statusRules.failed");
        assertFieldError(slug, b -> ((ObjectNode) b.path("taxes")).put("tolerancePerTaxLine", -0.01), "taxes.tolerancePerTaxLine");
        assertFieldError(slug, b -> ((ObjectNode) b.path("taxes")).put("tolerancePerTaxLine", "a cent"), "taxes.tolerancePerTaxLine");
        assertFieldError(slug, b -> ((ObjectNode) b.path("paymentJournals")).set("stripe", JSON.valueToTree(Map.of("journalId", 0))),
                "paymentJournals.stripe.journalId");
        assertFieldError(slug, b -> ((ObjectNode) b.path("paymentJournals")).set("stripe", JSON.valueToTree(Map.of("journalId", 1.5))),
                "paymentJournals.stripe.journalId");
        assertFieldError(slug, b -> ((ObjectNode) b.path("paymentJournals")).set("stripe", JSON.valueToTree(Map.of("journalId", "six"))),
                "paymentJournals.stripe.journalId");
        assertFieldError(slug, b -> ((ObjectNode) b.path("paymentJournals")).set("stripe",
                JSON.valueToTree(Map.of("journalId", 6, "paymentMethodLineId", -1))), "paymentJournals.stripe.paymentMethodLineId");
        assertFieldError(slug, b -> b.put("feeProductCode", "  "), "feeProductCode");
        assertFieldError(slug, b -> ((ObjectNode) b.path("shipping")).put("productCode", ""), "shipping.productCode");
        assertFieldError(slug, b -> ((ObjectNode) b.path("discounts")).put("discountProductCode", " DISCOUNT"),
                "discounts.discountProductCode");
        assertFieldError(slug, b -> ((ObjectNode) b.path("pricelistByCurrency")).put("EURO", 3), "pricelistByCurrency.EURO");
        assertFieldError(slug, b -> ((ObjectNode) b.path("pricelistByCurrency")).put("EUR", -3), "pricelistByCurrency.EUR");
        assertFieldError(slug, b -> ((ObjectNode) b.path("odoo")).put("companyCurrency", "US"), "odoo.companyCurrency");
        assertFieldError(slug, b -> b.put("documents", "EVERYTHING"), "documents");
        assertFieldError(slug, b -> b.remove("invoiceTiming"), "invoiceTiming");
        assertFieldError(slug, b -> b.putNull("cancelledAfterInvoice"), "cancelledAfterInvoice");
        assertFieldError(slug, b -> b.put("documentz", "SALES_ORDER"), "documentz");
        assertFieldError(slug, b -> ((ObjectNode) b.path("customers")).set("approvedFields", JSON.valueToTree(List.of("password"))),
                "customers.approvedFields");
        assertFieldError(slug, b -> ((ObjectNode) b.path("shipping").path("carriers")).set("flat rate!",
                JSON.valueToTree(Map.of("carrierId", 2, "productId", 7))), "shipping.carriers.flat rate!");
        assertFieldError(slug, b -> ((ObjectNode) b.path("skuOverrides")).put("-5", 7), "skuOverrides.-5");
        assertFieldError(slug, b -> ((ObjectNode) b.path("skuOverrides")).put("abc", 7), "skuOverrides.abc");
        assertFieldError(slug, b -> ((ObjectNode) b.path("taxes").path("rates")).set("1", JSON.valueToTree(Map.of(
                "tax", Map.of("id", 11, "amount", 20, "priceInclude", "EXCLUDED"),
                "includedTwin", Map.of("id", 12, "amount", 19, "priceInclude", "INCLUDED")))), "taxes.rates.1.includedTwin.amount");
        assertFieldError(slug, b -> ((ObjectNode) b.path("taxes").path("rates")).set("1", JSON.valueToTree(Map.of(
                "tax", Map.of("id", 11, "amount", 20, "priceInclude", "SOMETIMES")))), "taxes.rates.1.tax.priceInclude");

        // Several broken rules: all of them named at once.
        Response many = putChanged(slug, b -> {
            ((ObjectNode) b.path("taxes")).put("tolerancePerTaxLine", -1);
            b.put("refundProductCode", "");
            ((ObjectNode) b.path("pricelistByCurrency")).put("eu", 3);
        });
        assertEquals(400, many.statusCode());
        List<String> fields = many.jsonPath().getList("errors.field");
        assertTrue(fields.containsAll(List.of("taxes.tolerancePerTaxLine", "refundProductCode", "pricelistByCurrency.eu")), fields.toString());

        // Nothing of it was saved.
        assertEquals(defaultsJson(), get(TestTokens.operator(), slug));
        given().auth().oauth2(TestTokens.operator()).get(url(slug) + "/changes").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void unreadableBodiesAre400NeverA500() {
        String slug = tenant("set-json");
        for (String body : List.of("{\"documents\": ", "not json", "[]", "\"SALES_ORDER\"", "42", "null", "{}")) {
            Response r = given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON).body(body).put(url(slug));
            assertEquals(400, r.statusCode(), body + " → " + r.asString());
            assertTrue(r.contentType().startsWith("application/problem+json"), body + " → " + r.contentType());
        }
        Response empty = given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON).put(url(slug));
        assertEquals(400, empty.statusCode(), empty.asString());
        // an id too large for Odoo's integers
        Response huge = putChanged(slug, b -> ((ObjectNode) b.path("pricelistByCurrency")).put("EUR", new java.math.BigInteger("99999999999999999999999")));
        assertEquals(400, huge.statusCode(), huge.asString());
        given().auth().oauth2(TestTokens.operator()).get(url(slug) + "/changes?limit=lots").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
    }

    @Test
    void rolesAndTenantScope() {
        String slug = tenant("set-roles");
        String other = tenant("set-other");
        JsonNode defaults = get(TestTokens.operator(), slug);
        // finance and viewers read, never write
        get(TestTokens.finance(slug), slug);
        get(TestTokens.viewer(slug), slug);
        assertEquals(403, put(TestTokens.finance(slug), slug, defaults).statusCode());
        assertEquals(403, put(TestTokens.viewer(slug), slug, defaults).statusCode());
        // the tenant's admin writes their tenant, and another tenant is not there at all
        assertEquals(200, put(TestTokens.tenantAdmin(slug), slug, defaults).statusCode());
        assertEquals(404, put(TestTokens.tenantAdmin(slug), other, defaults).statusCode());
        given().auth().oauth2(TestTokens.tenantAdmin(slug)).get(url(other)).then().statusCode(404);
        given().auth().oauth2(TestTokens.viewer(slug)).get(url(other) + "/changes").then().statusCode(404);
        given().auth().oauth2(TestTokens.finance(slug)).get(url("no-such-tenant")).then().statusCode(404);
        given().get(url(slug)).then().statusCode(401);
        // the other tenant still has no saved settings
        given().auth().oauth2(TestTokens.operator()).get(url(other)).then().statusCode(200)
                .header("X-WooSync-Updated-By", nullValue());
    }
}
