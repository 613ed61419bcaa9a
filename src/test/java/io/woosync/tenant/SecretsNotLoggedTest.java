package io.woosync.tenant;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.woosync.TestTokens;
import io.woosync.web.PageSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Creates, updates, fails validation and reads tenants with every log level on, and reads every log line. */
@QuarkusTest
class SecretsNotLoggedTest {

    final List<String> lines = new ArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            if (record.getParameters() != null) {
                for (Object p : record.getParameters()) {
                    message += " " + p;
                }
            }
            synchronized (lines) {
                lines.add(message + (record.getThrown() == null ? "" : " " + record.getThrown()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    Level before;

    @BeforeEach
    void captureAllLogs() {
        Logger root = Logger.getLogger("");
        before = root.getLevel();
        root.addHandler(capture);
        Logger.getLogger("io.woosync").setLevel(Level.ALL);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void noSecretReachesTheLog() {
        String slug = TenantApiTest.uniqueSlug("logs");
        TenantApiTest.createTenant(slug);
        given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON).body(TenantApiTest.fullTenant(slug))
                .put("/api/tenants/" + slug).then().statusCode(200);
        // a rejected request that carries secrets
        Map<String, Object> bad = new java.util.HashMap<>(TenantApiTest.fullTenant(slug));
        bad.put("name", "");
        given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON).body(bad)
                .put("/api/tenants/" + slug).then().statusCode(400);
        given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON)
                .body("{\"slug\":\"x\",\"wooConsumerSecret\":\"" + TenantApiTest.CS + "\",")
                .post("/api/tenants").then().statusCode(400);
        PageSession.open(TestTokens.operator(), "/tenants/new")
                .post("/tenants", "slug", "BAD SLUG", "name", "x", "odooApiKey", TenantApiTest.ODOO_KEY);

        synchronized (lines) {
            assertTrue(lines.stream().anyMatch(l -> l.contains(slug)), "the capture saw the service's own log lines");
            for (String line : lines) {
                for (String secret : new String[]{TenantApiTest.CK, TenantApiTest.CS, TenantApiTest.WHS, TenantApiTest.ODOO_KEY}) {
                    assertFalse(line.contains(secret), "secret in log line: " + line.replace(secret, "<secret>"));
                }
            }
        }
    }
}
