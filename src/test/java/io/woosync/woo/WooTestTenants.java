package io.woosync.woo;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.woosync.TestTokens;
import io.woosync.tenant.TenantConnections;
import io.woosync.tenant.TenantService;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Creates tenants pointing at a stand-in store, through the real tenant API. */
final class WooTestTenants {

    static final String CK = "ck_0123456789abcdef0123456789abcdef01234567";
    static final String CS = "cs_fedcba9876543210fedcba9876543210fedcba98";
    static final String WEBHOOK_SECRET = "test-secret";

    private WooTestTenants() {
    }

    static String slug(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates the tenant; returns its slug. */
    static String create(String slug, String storeUrl, String consumerKey, String consumerSecret) {
        Map<String, Object> body = new HashMap<>();
        body.put("slug", slug);
        body.put("name", "Shop " + slug);
        body.put("wooStoreUrl", storeUrl);
        body.put("wooConsumerKey", consumerKey);
        body.put("wooConsumerSecret", consumerSecret);
        body.put("wooWebhookSecret", WEBHOOK_SECRET);
        given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON).body(body)
                .post("/api/tenants").then().log().ifValidationFails().statusCode(201);
        return slug;
    }

    static String create(String slug, String storeUrl) {
        return create(slug, storeUrl, CK, CS);
    }

    static void authStyle(String slug, String style) {
        given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON).body(Map.of("authStyle", style))
                .put("/api/tenants/" + slug + "/woo/settings").then().log().ifValidationFails().statusCode(200);
    }

    static TenantConnections.Woo woo(TenantService tenants, String slug) {
        return QuarkusTransaction.requiringNew().call(() -> tenants.woo(tenants.findBySlug(slug).orElseThrow()));
    }

    static long id(TenantService tenants, String slug) {
        return QuarkusTransaction.requiringNew().call(() -> tenants.findBySlug(slug).orElseThrow().id);
    }
}
