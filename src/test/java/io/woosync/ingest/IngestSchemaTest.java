package io.woosync.ingest;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.woosync.queue.QueueTestProfile;
import io.woosync.sync.OrderSyncResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The webhook tables' indexes (V42): the lookups the write path and the order trace make are
 * served by an index on all their columns, and the body is compressed with lz4 wherever the
 * server offers it. Plans are read with sequential scans discouraged, because on the small test
 * tables the planner would rightly prefer them.
 */
@QuarkusTest
@TestProfile(QueueTestProfile.class)
class IngestSchemaTest {

    @Inject
    AgroalDataSource ds;

    @Test
    void theDedupeLookupUsesTheWholeKeyOfOneIndex() throws SQLException {
        String plan = plan("select 1 from webhook_delivery w where w.tenant_id = 1 and w.resource_type = 'order' "
                + "and w.resource_id = '1054' and w.webhook_id = 3 and w.topic = 'order.updated' and w.body_sha256 = '\\x00'::bytea");
        assertTrue(plan.contains("webhook_delivery_once"), plan);
        assertTrue(plan.contains("body_sha256 ="), "the hash is part of the index condition, not a filter:\n" + plan);
        assertFalse(plan.contains("Filter"), plan);
    }

    @Test
    void theWritePathsPlansNeverScanTheDeliveriesEvenWhenMadeOnAnEmptyTable() throws SQLException {
        // A new install: the plan each pooled connection caches is made while the table is empty.
        // With "not exists" that plan hash-joined every batch against a scan of all deliveries.
        for (String sql : List.of(DeliveryStore.STORE_AND_ENQUEUE_MANY, DeliveryStore.STORE_AND_ENQUEUE)) {
            String plan = rolledBack((c, s) -> {
                // Emptied only inside this transaction, which is rolled back.
                s.execute("truncate webhook_delivery");
                s.execute("set local plan_cache_mode = force_generic_plan");
                int[] n = {0};
                String numbered = java.util.regex.Pattern.compile("\\?").matcher(sql).replaceAll(m -> "\\$" + ++n[0]);
                s.execute("prepare write_path as " + numbered);
                String generic = explain(s, "execute write_path(" + String.join(", ", java.util.Collections.nCopies(n[0], "null")) + ")");
                s.execute("deallocate write_path");
                return generic;
            });
            assertFalse(plan.contains("Seq Scan on webhook_delivery"), plan);
            assertTrue(plan.contains("Index Only Scan using"), plan);
        }
    }

    @Test
    void theOrderTraceFindsAnOrdersDeliveriesByIndex() throws SQLException {
        // The trace's own query, with tenant 1 and order 1054 for its two parameters.
        String plan = plan(OrderSyncResource.TRACE_DELIVERIES.replaceFirst("\\?", "1").replaceFirst("\\?", "'1054'"));
        assertFalse(plan.contains("Seq Scan"), plan);
        assertTrue(plan.matches("(?s).*Index Cond: [^\\n]*resource_id\\)::text = '1054'.*"), "the order id is an index condition:\n" + plan);
        assertFalse(plan.contains("Filter"), plan);
    }

    @Test
    void aJobThatNeverRanHasNoFairnessIndexEntryButTheLatestAttemptIsStillIndexed() throws SQLException {
        String plan = plan("select max(attempted_at) from queue_job where tenant_id = 1");
        assertTrue(plan.contains("queue_job_tenant_attempted"), plan);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select pg_get_indexdef('queue_job_tenant_attempted'::regclass)")) {
            rs.next();
            assertTrue(rs.getString(1).contains("WHERE (attempted_at IS NOT NULL)"), rs.getString(1));
        }
    }

    @Test
    void theBodyIsCompressedWithLz4WhereTheServerHasIt() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select (select 'lz4' = any (enumvals) from pg_settings where name = 'default_toast_compression'),"
                     + " (select attcompression from pg_attribute where attrelid = 'webhook_delivery'::regclass and attname = 'body')")) {
            rs.next();
            boolean serverHasLz4 = rs.getBoolean(1);
            String method = rs.getString(2);
            // attcompression: 'l' lz4, '\0' (empty) the server default, pglz.
            assertEquals(serverHasLz4 ? "l" : "", method == null ? "" : method.replace("\0", ""));
        }
    }

    @Test
    void aRealOrderBodyStaysInItsRowInsteadOfGoingToTheToastTable() throws Exception {
        byte[] body;
        try (var in = getClass().getResourceAsStream("/fixtures/woocommerce/webhooks/021-order_created.body")) {
            body = in.readAllBytes();
        }
        String headers = "{\"User-Agent\":\"WooCommerce/10.0.2 Hookshot (WordPress/6.8.8)\",\"Content-Type\":\"application/json\","
                + "\"X-WC-Webhook-Source\":\"http://127.0.0.1:8088/\",\"X-WC-Webhook-Topic\":\"order.created\","
                + "\"X-WC-Webhook-Resource\":\"order\",\"X-WC-Webhook-Event\":\"created\","
                + "\"X-WC-Webhook-Signature\":\"pRdT0S1sc0mPq7dF3m1sW8n0rVfKQ2z9bYt4hJx5LcE=\",\"X-WC-Webhook-ID\":\"1\","
                + "\"X-WC-Webhook-Delivery-ID\":\"7f0c2a5e8b1d4f6a9c3e5b7d1f2a4c6e\"}";
        rolledBack((c, s) -> {
            s.execute("insert into tenant (slug, name, status, created_at, updated_at) values ('toast-check', 'T', 'active', now(), now())");
            try (var ps = c.prepareStatement("insert into webhook_delivery (tenant_id, webhook_id, topic, resource_type, resource_id, source,"
                    + " headers, body, body_sha256, received_at) select id, 1, 'order.created', 'order', '7', 'http://127.0.0.1:8088/',"
                    + " ?::jsonb, ?, sha256(?), now() from tenant where slug = 'toast-check'")) {
                ps.setString(1, headers);
                ps.setBytes(2, body);
                ps.setBytes(3, body);
                ps.executeUpdate();
            }
            // pg_column_toast_chunk_id (PostgreSQL 17): null unless the value was moved out to the TOAST table.
            try (ResultSet rs = s.executeQuery("select pg_column_toast_chunk_id(d.body), pg_column_size(d.body) from webhook_delivery d"
                    + " join tenant t on t.id = d.tenant_id where t.slug = 'toast-check'")) {
                rs.next();
                assertEquals(null, rs.getObject(1), "body of " + rs.getInt(2) + " bytes moved to the TOAST table");
            }
            return null;
        });
    }

    /** The plan of {@code sql} with sequential and bitmap scans discouraged. */
    private String plan(String sql) throws SQLException {
        return rolledBack((c, s) -> {
            s.execute("set local enable_seqscan = off");
            s.execute("set local enable_bitmapscan = off");
            return explain(s, sql);
        });
    }

    private static String explain(Statement s, String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = s.executeQuery("explain (costs off) " + sql)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    /** Work that changes the shared test database only inside a transaction. */
    private interface InTransaction<T> {
        T run(Connection c, Statement s) throws SQLException;
    }

    /** Runs {@code work} in a transaction that is always rolled back: nothing it does is seen by other tests. */
    private <T> T rolledBack(InTransaction<T> work) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                return work.run(c, s);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }
}
