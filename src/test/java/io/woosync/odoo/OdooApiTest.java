package io.woosync.odoo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.woosync.TestTokens;
import io.woosync.odoo.standin.StandInOdoo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The connection test over the API: runs against the stand-in, stores the API status, and stays inside the tenant's walls. */
@QuarkusTest
class OdooApiTest {

    static StandInOdoo odoo;

    @BeforeAll
    static void start() {
        odoo = StandInOdoo.start(17);
    }

    @AfterAll
    static void stop() {
        odoo.close();
    }

    static String tenant(String prefix, String apiKey) {
        String slug = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "name", "Shop " + slug, "odooUrl", odoo.url(), "odooDatabase", odoo.database(),
                        "odooLogin", odoo.login(), "odooApiKey", apiKey))
                .post("/api/tenants").then().log().ifValidationFails().statusCode(201);
        return slug;
    }

    @Test
    void runsTheTestAndKeepsTheLatestResultAsTheApiStatus() {
        String slug = tenant("odoo-ok", odoo.apiKey());
        given().auth().oauth2(TestTokens.viewer(slug)).get("/api/tenants/" + slug + "/odoo/status")
                .then().log().ifValidationFails().statusCode(200).body("overall", equalTo("untested")).body("checkedAt", nullValue());

        given().auth().oauth2(TestTokens.tenantAdmin(slug)).contentType(ContentType.JSON)
                .post("/api/tenants/" + slug + "/odoo/test")
                .then().log().ifValidationFails().statusCode(200)
                .body("overall", equalTo("pass"))
                .body("version", equalTo("17.0"))
                .body("transport", equalTo("JSON_RPC"))
                .body("checks.check", hasItem("access sale.order"))
                .body("checks[0].message", equalTo("Odoo 17.0 answers at " + odoo.url() + "."));

        given().auth().oauth2(TestTokens.viewer(slug)).get("/api/tenants/" + slug + "/odoo/status")
                .then().log().ifValidationFails().statusCode(200)
                .body("overall", equalTo("pass")).body("checkedAt", notNullValue()).body("checks[2].check", equalTo("credentials"));
    }

    @Test
    void aFailedTestIsTheStatusWithItsSentence() {
        String slug = tenant("odoo-bad", "not-the-key-1234567890");
        given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("deliveries", false, "references", java.util.List.of(Map.of("model", "account.journal", "field", "code", "value", "BNK1"))))
                .post("/api/tenants/" + slug + "/odoo/test")
                .then().log().ifValidationFails().statusCode(200)
                .body("overall", equalTo("fail"))
                .body("checks[2].message", equalTo("Odoo rejected the API key of user admin on database woo_test17; enter a valid API key "
                        + "for this user in the tenant's Odoo settings."));
        given().auth().oauth2(TestTokens.finance(slug)).get("/api/tenants/" + slug + "/odoo/status")
                .then().statusCode(200).body("overall", equalTo("fail"));
    }

    @Test
    void otherTenantsAndReadOnlyRolesCannotRunIt() {
        String slug = tenant("odoo-walls", odoo.apiKey());
        given().auth().oauth2(TestTokens.tenantAdmin("someone-else")).contentType(ContentType.JSON)
                .post("/api/tenants/" + slug + "/odoo/test").then().statusCode(404);
        given().auth().oauth2(TestTokens.tenantAdmin("someone-else")).get("/api/tenants/" + slug + "/odoo/status").then().statusCode(404);
        given().auth().oauth2(TestTokens.viewer(slug)).contentType(ContentType.JSON)
                .post("/api/tenants/" + slug + "/odoo/test").then().statusCode(403);
        given().contentType(ContentType.JSON).post("/api/tenants/" + slug + "/odoo/test").then().statusCode(401);
        given().auth().oauth2(TestTokens.operator()).get("/api/tenants/no-such-tenant/odoo/status").then().statusCode(404);
    }
}
