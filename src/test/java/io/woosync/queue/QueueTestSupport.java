package io.woosync.queue;

import io.restassured.http.ContentType;
import io.woosync.TestTokens;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Tenants and direct row reads for the queue and webhook tests. */
public final class QueueTestSupport {

    private QueueTestSupport() {
    }

    public static String uniqueSlug(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a tenant through the admin API with this webhook secret. */
    public static void createTenant(String slug, String webhookSecret) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("slug", slug);
        body.put("name", "Shop " + slug);
        body.put("wooStoreUrl", "http://127.0.0.1:8088/");
        body.put("wooConsumerKey", "ck_0123456789abcdef0123456789abcdef01234567");
        body.put("wooConsumerSecret", "cs_fedcba9876543210fedcba9876543210fedcba98");
        body.put("wooWebhookSecret", webhookSecret);
        body.put("odooUrl", "https://erp.example.com");
        body.put("odooDatabase", "shop");
        body.put("odooLogin", "admin");
        body.put("odooApiKey", "odoo-api-key-0a1b2c3d4e5f6a7b8c9d");
        given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON).body(body)
                .post("/api/tenants").then().log().ifValidationFails().statusCode(201);
    }

    public static void setStatus(String slug, String action) {
        given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON)
                .post("/api/tenants/" + slug + "/" + action).then().log().ifValidationFails().statusCode(200);
    }

    /** A new tenant (slug from {@code prefix}, webhook secret {@code test-secret}) for a test that needs only its id. */
    public static long newTenant(DataSource ds, String prefix) {
        String slug = uniqueSlug(prefix);
        createTenant(slug, "test-secret");
        return tenantId(ds, slug);
    }

    public static long tenantId(DataSource ds, String slug) {
        return queryLong(ds, "select id from tenant where slug = ?", slug);
    }

    /**
     * Takes every other test's leftover work out of the way: queue tests claim across all tenants,
     * so unfinished jobs of earlier tests would otherwise compete for the claims of this one.
     */
    public static void quiesce(DataSource ds) {
        update(ds, "update queue_job set state = 'cancelled', finalized_at = updated_at, lease_expires_at = null "
                + "where state in ('available', 'retrying', 'running')");
    }

    public static long queryLong(DataSource ds, String sql, Object... args) {
        List<Map<String, Object>> rows = rows(ds, sql, args);
        if (rows.isEmpty()) {
            throw new AssertionError("no row for " + sql);
        }
        return ((Number) rows.get(0).values().iterator().next()).longValue();
    }

    public static int update(DataSource ds, String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Map<String, Object>> rows(DataSource ds, String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= n; i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
