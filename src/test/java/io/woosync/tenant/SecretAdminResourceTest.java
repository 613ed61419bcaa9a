package io.woosync.tenant;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.woosync.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Optional;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The middle step of a key rotation: secrets written under the retired key {@code old-0} are
 * rewritten under the active key {@code test-1}, and still decrypt to the same values.
 */
@QuarkusTest
@TestProfile(SecretAdminResourceTest.TwoKeys.class)
class SecretAdminResourceTest {

    static final String OLD_KEY = "old-0:ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";
    static final String ACTIVE_KEY = "test-1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    /** Both keys configured, the new one active: the state during a rotation. */
    public static class TwoKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("woosync.crypto.keys", ACTIVE_KEY + "," + OLD_KEY, "woosync.crypto.active-key-id", "test-1");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void reEncryptsSecretsStoredUnderARetiredKeyOnceAndKeepsTheirValues() throws Exception {
        String slug = TenantApiTest.uniqueSlug("rotate");
        TenantApiTest.createTenant(slug);
        // What an instance configured with only the old key wrote before the rotation began.
        SecretCipher oldCipher = new SecretCipher(keys(OLD_KEY, "old-0"));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update tenant set woo_consumer_key_enc = ?, woo_webhook_secret_enc = ?, odoo_api_key_enc = ? where slug = ?")) {
            ps.setString(1, oldCipher.encrypt(TenantApiTest.CK, "tenant:" + slug + ":woo_consumer_key"));
            ps.setString(2, oldCipher.encrypt(TenantApiTest.WHS, "tenant:" + slug + ":woo_webhook_secret"));
            ps.setString(3, oldCipher.encrypt(TenantApiTest.ODOO_KEY, "tenant:" + slug + ":odoo_api_key"));
            ps.setString(4, slug);
            assertEquals(1, ps.executeUpdate());
        }
        assertTrue(secretColumns(slug).contains("v1:old-0:"));

        given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON)
                .post("/api/admin/secrets/re-encrypt")
                .then().log().ifValidationFails().statusCode(200)
                .body("activeKeyId", equalTo("test-1"))
                .body("reEncrypted", equalTo(1));

        String columns = secretColumns(slug);
        assertTrue(!columns.contains("old-0") && columns.contains("v1:test-1:"), columns);
        // Still the same secrets: the hints are computed from the decrypted values.
        given().auth().oauth2(TestTokens.operator()).get("/api/tenants/" + slug)
                .then().statusCode(200)
                .body("wooConsumerKeyHint", equalTo("…4567"))
                .body("wooWebhookSecretHint", equalTo("…1234"))
                .body("odooApiKeyHint", equalTo("…8c9d"));

        // Idempotent: nothing is left under the old key.
        given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON)
                .post("/api/admin/secrets/re-encrypt")
                .then().statusCode(200).body("reEncrypted", equalTo(0));
    }

    @Test
    void onlyOperatorsMayReEncrypt() {
        given().contentType(ContentType.JSON).post("/api/admin/secrets/re-encrypt").then().statusCode(401);
        given().auth().oauth2(TestTokens.tenantAdmin("any-shop")).contentType(ContentType.JSON)
                .post("/api/admin/secrets/re-encrypt").then().statusCode(403);
    }

    private String secretColumns(String slug) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select woo_consumer_key_enc || ' ' || woo_consumer_secret_enc || ' ' || woo_webhook_secret_enc || ' ' "
                        + "|| odoo_api_key_enc from tenant where slug = ?")) {
            ps.setString(1, slug);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static CryptoConfig keys(String spec, String active) {
        return new CryptoConfig() {
            @Override
            public Optional<String> keys() {
                return Optional.of(spec);
            }

            @Override
            public Optional<String> activeKeyId() {
                return Optional.of(active);
            }

            @Override
            public boolean generateDevKey() {
                return false;
            }
        };
    }
}
