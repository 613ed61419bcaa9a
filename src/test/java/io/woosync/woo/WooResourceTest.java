package io.woosync.woo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.woosync.TestTokens;
import io.woosync.woo.standin.StandInWooCommerce;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

/** The /api/tenants/{slug}/woo endpoints: roles, tenant scoping, settings, webhook repair and health, poll. */
@QuarkusTest
class WooResourceTest {

    static StandInWooCommerce store;

    @BeforeAll
    static void start() {
        store = StandInWooCommerce.start(WooTestTenants.CK, WooTestTenants.CS);
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Test
    void settingsWebhooksAndPollForTheTenantsAdmin() {
        String slug = WooTestTenants.create(WooTestTenants.slug("api"), store.url());
        String admin = TestTokens.tenantAdmin(slug);
        given().auth().oauth2(TestTokens.viewer(slug)).get("/api/tenants/" + slug + "/woo/settings").then().log().ifValidationFails()
                .statusCode(200).body("writeBack", equalTo(true)).body("products", equalTo(true)).body("authStyle", equalTo("auto"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("customers", false))
                .put("/api/tenants/" + slug + "/woo/settings").then().log().ifValidationFails()
                .statusCode(200).body("customers", equalTo(false)).body("writeBack", equalTo(true));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("authStyle", "kerberos"))
                .put("/api/tenants/" + slug + "/woo/settings").then().log().ifValidationFails()
                .statusCode(400).body("errors[0].field", equalTo("authStyle"));

        given().auth().oauth2(admin).contentType(ContentType.JSON).post("/api/tenants/" + slug + "/woo/webhooks/ensure")
                .then().log().ifValidationFails().statusCode(200)
                .body("deliveryUrl", equalTo("https://sync.test.example/webhooks/woocommerce/" + slug))
                .body("topics", hasSize(8)) // no customer.* now
                .body("topics.action", hasItem("CREATED"));
        given().auth().oauth2(TestTokens.finance(slug)).get("/api/tenants/" + slug + "/woo/webhooks")
                .then().log().ifValidationFails().statusCode(200).body("state", equalTo("HEALTHY")).body("topics", hasSize(8));

        given().auth().oauth2(admin).contentType(ContentType.JSON).post("/api/tenants/" + slug + "/woo/poll")
                .then().log().ifValidationFails().statusCode(200)
                .body("results.resourceType", hasItem("order")).body("cursors.resourceType", hasItem("order"));
        given().auth().oauth2(TestTokens.viewer(slug)).get("/api/tenants/" + slug + "/woo/poll")
                .then().log().ifValidationFails().statusCode(200).body("cursors.resourceType", hasItem("product"));
    }

    @Test
    void otherTenantsAre404AndReadersCannotChangeAnything() {
        String mine = WooTestTenants.create(WooTestTenants.slug("mine"), store.url());
        String theirs = WooTestTenants.create(WooTestTenants.slug("theirs"), store.url());
        given().auth().oauth2(TestTokens.tenantAdmin(mine)).get("/api/tenants/" + theirs + "/woo/settings")
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.tenantAdmin(mine)).contentType(ContentType.JSON).post("/api/tenants/" + theirs + "/woo/poll")
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.tenantAdmin(mine)).get("/api/tenants/" + theirs + "/woo/webhooks")
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.viewer(mine)).contentType(ContentType.JSON).body(Map.of("writeBack", false))
                .put("/api/tenants/" + mine + "/woo/settings").then().statusCode(403);
        given().auth().oauth2(TestTokens.finance(mine)).contentType(ContentType.JSON).post("/api/tenants/" + mine + "/woo/webhooks/ensure")
                .then().statusCode(403);
        given().get("/api/tenants/" + mine + "/woo/settings").then().statusCode(401);
    }

    @Test
    void aWooCommerceFailureDuringWebhookRepairIsReportedWithItsSentence() {
        try (StandInWooCommerce writeOnly = StandInWooCommerce.start(WooTestTenants.CK, WooTestTenants.CS).permissions("write")) {
            String slug = WooTestTenants.create(WooTestTenants.slug("noread"), writeOnly.url());
            given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON).post("/api/tenants/" + slug + "/woo/webhooks/ensure")
                    .then().log().ifValidationFails().statusCode(200)
                    .body("error", containsString("does not have read permissions"));
        }
    }
}
