package io.woosync.tenant;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.woosync.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
public class TenantApiTest {

    public static final String CK = "ck_0123456789abcdef0123456789abcdef01234567";
    public static final String CS = "cs_fedcba9876543210fedcba9876543210fedcba98";
    public static final String WHS = "whsec-Very-Secret-Value-1234";
    public static final String ODOO_KEY = "odoo-api-key-0a1b2c3d4e5f6a7b8c9d";

    @Inject
    AgroalDataSource dataSource;

    public static String uniqueSlug(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Map<String, Object> fullTenant(String slug) {
        return Map.ofEntries(
                Map.entry("slug", slug), Map.entry("name", "Shop " + slug),
                Map.entry("wooStoreUrl", "https://shop.example.com"),
                Map.entry("wooConsumerKey", CK), Map.entry("wooConsumerSecret", CS), Map.entry("wooWebhookSecret", WHS),
                Map.entry("odooUrl", "https://erp.example.com"), Map.entry("odooDatabase", "shop"),
                Map.entry("odooLogin", "admin"), Map.entry("odooApiKey", ODOO_KEY));
    }

    public static void createTenant(String slug) {
        given().log().ifValidationFails().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON).body(fullTenant(slug))
                .post("/api/tenants").then().log().ifValidationFails().statusCode(201);
    }

    @Test
    void createReadListUpdatePauseResume() {
        String slug = uniqueSlug("crud");
        String body = given().log().ifValidationFails().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON).body(fullTenant(slug))
                .when().post("/api/tenants")
                .then().log().ifValidationFails().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/tenants/" + slug))
                .body("slug", equalTo(slug))
                .body("status", equalTo("active"))
                .body("wooConsumerKeyHint", equalTo("…4567"))
                .body("odooApiKeyHint", equalTo("…8c9d"))
                .extract().asString();
        assertNoSecrets(body);

        given().log().ifValidationFails().auth().oauth2(TestTokens.operator()).get("/api/tenants/" + slug)
                .then().log().ifValidationFails().statusCode(200).body("name", equalTo("Shop " + slug)).body("odooDatabase", equalTo("shop"));
        given().log().ifValidationFails().auth().oauth2(TestTokens.operator()).get("/api/tenants")
                .then().log().ifValidationFails().statusCode(200).body("slug", hasItem(slug));

        // Update with blank secrets keeps the stored ones.
        Map<String, Object> update = new java.util.HashMap<>(fullTenant(slug));
        update.put("name", "Renamed shop");
        update.put("wooConsumerKey", "");
        update.put("odooApiKey", null);
        given().log().ifValidationFails().auth().oauth2(TestTokens.tenantAdmin(slug)).contentType(ContentType.JSON).body(update)
                .put("/api/tenants/" + slug)
                .then().log().ifValidationFails().statusCode(200).body("name", equalTo("Renamed shop")).body("wooConsumerKeyHint", equalTo("…4567"))
                .body("odooApiKeyHint", equalTo("…8c9d"));

        given().log().ifValidationFails().auth().oauth2(TestTokens.tenantAdmin(slug)).contentType(ContentType.JSON).post("/api/tenants/" + slug + "/pause")
                .then().log().ifValidationFails().statusCode(200).body("status", equalTo("paused"));
        given().log().ifValidationFails().auth().oauth2(TestTokens.tenantAdmin(slug)).contentType(ContentType.JSON).post("/api/tenants/" + slug + "/resume")
                .then().log().ifValidationFails().statusCode(200).body("status", equalTo("active"));
    }

    @Test
    void secretsAreEncryptedInTheTable() throws Exception {
        String slug = uniqueSlug("enc");
        createTenant(slug);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select woo_consumer_key_enc, woo_consumer_secret_enc, "
                     + "woo_webhook_secret_enc, odoo_api_key_enc from tenant where slug = ?")) {
            ps.setString(1, slug);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                String[] plain = {CK, CS, WHS, ODOO_KEY};
                for (int i = 1; i <= 4; i++) {
                    String raw = rs.getString(i);
                    assertTrue(raw.startsWith("v1:test-1:"), raw);
                    assertFalse(raw.contains(plain[i - 1]));
                    assertFalse(raw.contains(plain[i - 1].substring(plain[i - 1].length() - 4)) && raw.length() < 20);
                }
            }
        }
    }

    @Test
    void invalidInputIsAProblemNamingEachField() {
        given().log().ifValidationFails().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("slug", "Bad Slug!", "name", "", "wooStoreUrl", "ftp://x", "wooConsumerKey", "nope"))
                .post("/api/tenants")
                .then().log().ifValidationFails().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("title", equalTo("Invalid input"))
                .body("errors.field", containsInAnyOrder("slug", "name", "wooStoreUrl", "wooConsumerKey"))
                .body("errors.find { it.field == 'slug' }.message", notNullValue());
    }

    @Test
    void missingAndMalformedBodiesAre400() {
        given().log().ifValidationFails().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON).body("{\"slug\": ")
                .post("/api/tenants")
                .then().log().ifValidationFails().statusCode(400).contentType("application/problem+json").body("title", equalTo("Unreadable JSON"));
        given().log().ifValidationFails().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON)
                .post("/api/tenants")
                .then().log().ifValidationFails().statusCode(400).contentType("application/problem+json");
        given().log().ifValidationFails().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON).body("[1,2]")
                .post("/api/tenants")
                .then().log().ifValidationFails().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void duplicateSlugIsAConflictAndSlugCannotChange() {
        String slug = uniqueSlug("dup");
        createTenant(slug);
        given().log().ifValidationFails().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON).body(fullTenant(slug))
                .post("/api/tenants")
                .then().log().ifValidationFails().statusCode(409).contentType("application/problem+json").body("errors[0].field", equalTo("slug"));
        Map<String, Object> renamed = new java.util.HashMap<>(fullTenant(slug));
        renamed.put("slug", slug + "-x");
        given().log().ifValidationFails().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON).body(renamed)
                .put("/api/tenants/" + slug)
                .then().log().ifValidationFails().statusCode(400).body("errors[0].field", equalTo("slug"));
    }

    @Test
    void unknownTenantIs404ProblemAndAnonymousIs401() {
        given().log().ifValidationFails().auth().oauth2(TestTokens.operator()).get("/api/tenants/no-such-tenant")
                .then().log().ifValidationFails().statusCode(404).contentType("application/problem+json");
        given().log().ifValidationFails().get("/api/tenants").then().log().ifValidationFails().statusCode(401);
        given().log().ifValidationFails().auth().oauth2("not-a-token").get("/api/tenants").then().log().ifValidationFails().statusCode(401);
    }

    public static void assertNoSecrets(String text) {
        for (String secret : new String[]{CK, CS, WHS, ODOO_KEY}) {
            assertFalse(text.contains(secret), "secret leaked: " + secret.substring(0, 4) + "…");
        }
        assertEquals(-1, text.indexOf("_enc"), "an encrypted column leaked");
    }
}
