package io.woosync.ingest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PostgreSQL's side of the webhook benchmark, without the service: a JDBC loop with the same
 * concurrency as the load generator (bench/webhooks.sh). Two modes:
 *
 *   single <jdbc url> <threads> <seconds> <body file>
 *       one row per transaction, the body as a text column of a one-index table: the reference rate
 *   service <jdbc url> <threads> <seconds> <body file> <batch size> <tenant id>
 *       the service's own group-commit statement (DeliveryStore.STORE_AND_ENQUEUE_MANY, bound by
 *       DeliveryStore.bindMany from target/classes, so it cannot drift), each transaction storing
 *       <batch size> new deliveries with their jobs
 *
 * Prints one line: rows (deliveries) per second. In the service's package (for the statement and
 * its binding); run as io.woosync.ingest.StatementLoop with
 * -cp target/classes:target/quarkus-app/lib/main/* (the service's classes and its JDBC driver).
 */
public class StatementLoop {

    static final AtomicLong ORDER_ID = new AtomicLong((System.currentTimeMillis() % 100_000_000L) * 10_000L + 5_000L);

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String url = args[1];
        int threads = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        String template = Files.readString(Path.of(args[4]), StandardCharsets.UTF_8);
        int batch = mode.equals("service") ? Integer.parseInt(args[5]) : 1;
        long tenantId = mode.equals("service") ? Long.parseLong(args[6]) : 0;
        String rest = template.substring(template.indexOf(','));
        String sql;
        if (mode.equals("service")) {
            sql = DeliveryStore.STORE_AND_ENQUEUE_MANY;
        } else {
            try (Connection c = DriverManager.getConnection(url)) {
                c.createStatement().execute("create table if not exists bench_jdbc_row"
                        + " (id bigint generated always as identity primary key, body text not null, at timestamptz not null default now())");
            }
            sql = "insert into bench_jdbc_row (body) values (?)";
        }
        long warmupEnd = System.nanoTime() + 3_000_000_000L;
        long end = warmupEnd + seconds * 1_000_000_000L;
        long[] rows = new long[threads];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int index = t;
            workers[t] = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement(sql)) {
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    while (true) {
                        long now = System.nanoTime();
                        if (now >= end) {
                            break;
                        }
                        if (mode.equals("service")) {
                            DeliveryStore.bindMany(c, ps, newOrders(batch, tenantId, rest, sha), 4);
                            try (ResultSet rs = ps.executeQuery()) {
                                while (rs.next()) {
                                    // the service reads the stored ids back
                                }
                            }
                        } else {
                            ps.setString(1, "{\"id\":" + ORDER_ID.incrementAndGet() + rest);
                            ps.executeUpdate();
                        }
                        if (now >= warmupEnd) {
                            rows[index] += batch;
                        }
                    }
                } catch (Exception e) {
                    System.err.println("thread " + index + ": " + e);
                }
            });
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        System.out.printf("rows=%d rate=%.0f/s%n", Arrays.stream(rows).sum(), Arrays.stream(rows).sum() / (double) seconds);
    }

    /** {@code batch} deliveries of new orders, as WebhookEndpoint hands them to the writer. */
    static List<DeliveryStore.Incoming> newOrders(int batch, long tenantId, String rest, MessageDigest sha) {
        List<DeliveryStore.Incoming> deliveries = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            long id = ORDER_ID.incrementAndGet();
            String headers = "{\"User-Agent\":\"WooCommerce/10.0.2 Hookshot (WordPress/6.8.8)\",\"Content-Type\":\"application/json\","
                    + "\"X-WC-Webhook-Source\":\"http://127.0.0.1:8088/\",\"X-WC-Webhook-Topic\":\"order.created\","
                    + "\"X-WC-Webhook-Resource\":\"order\",\"X-WC-Webhook-Event\":\"created\","
                    + "\"X-WC-Webhook-Signature\":\"pRdT0S1sc0mPq7dF3m1sW8n0rVfKQ2z9bYt4hJx5LcE=\",\"X-WC-Webhook-ID\":\"1\","
                    + "\"X-WC-Webhook-Delivery-ID\":\"loop" + id + "\"}";
            byte[] body = ("{\"id\":" + id + rest).getBytes(StandardCharsets.UTF_8);
            deliveries.add(new DeliveryStore.Incoming(tenantId, 1L, "loop" + id, "order.created", "order", Long.toString(id),
                    "http://127.0.0.1:8088/", headers, body, sha.digest(body), Instant.now()));
        }
        return deliveries;
    }
}
