package io.woosync.ingest;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.woosync.queue.QueueTestProfile;
import io.woosync.queue.QueueTestSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Group commit: deliveries that arrive while the writers are busy are committed together in one
 * transaction, each caller still gets its own result only after the commit, and one delivery the
 * database refuses does not take the others in its batch down with it.
 */
@QuarkusTest
@TestProfile(QueueTestProfile.class)
class DeliveryWriterTest {

    @Inject
    DeliveryWriter writer;
    @Inject
    AgroalDataSource ds;
    @Inject
    MeterRegistry metrics;

    @Test
    void queuedDeliveriesCommitAsOneBatchAndABadOneFailsAlone() throws Exception {
        long tenant = QueueTestSupport.newTenant(ds, "group");
        try (Connection blocker = ds.getConnection()) {
            // Hold the active-job slot of orders 1 and 2 in an open transaction: the (default two)
            // writers each take one of them and wait on it, so everything after queues up.
            blocker.setAutoCommit(false);
            for (String order : List.of("1", "2")) {
                try (PreparedStatement ps = blocker.prepareStatement("insert into queue_job (tenant_id, resource_type, resource_id, state, "
                        + "trigger, max_attempts, scheduled_at, created_at, updated_at) values (?, 'order', ?, 'available', 'webhook', 4, now(), now(), now())")) {
                    ps.setLong(1, tenant);
                    ps.setString(2, order);
                    ps.executeUpdate();
                }
            }
            List<Future<Optional<DeliveryStore.Stored>>> blocked = new ArrayList<>();
            double standbyBefore = standbyBatches();
            for (String order : List.of("1", "2")) {
                blocked.add(writer.submit(delivery(tenant, order))); // queued when submit returns
                await(() -> writer.waiting() == 0); // taken by a writer, which now waits on the lock
            }
            assertEquals(1.0, standbyBatches() - standbyBefore, "the first writer is stuck on order 1: the standby took order 2");
            long batchesBefore = batches();
            double deliveriesBefore = batchedDeliveries();
            List<Future<Optional<DeliveryStore.Stored>>> queued = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                String order = Integer.toString(100 + i);
                queued.add(writer.submit(delivery(tenant, order)));
            }
            // A delivery for a tenant that does not exist: the database refuses it (foreign key).
            Future<Optional<DeliveryStore.Stored>> refused = writer.submit(delivery(999_999_999L, "7"));
            await(() -> writer.waiting() == 10);
            assertTrue(queued.stream().noneMatch(Future::isDone), "nobody is answered before the commit");

            blocker.rollback();

            for (Future<Optional<DeliveryStore.Stored>> f : blocked) {
                assertTrue(f.get().isPresent());
            }
            for (Future<Optional<DeliveryStore.Stored>> f : queued) {
                assertTrue(f.get().isPresent(), "stored despite the refused one in its batch");
            }
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, refused::get);
            assertInstanceOf(SQLException.class, e.getCause());
            // The ten queued ones were tried as one batch (then one by one after the refusal).
            assertEquals(1, batches() - batchesBefore, "one batch for the ten queued deliveries");
            assertEquals(10.0, batchedDeliveries() - deliveriesBefore);
        }
        assertEquals(11, QueueTestSupport.queryLong(ds, "select count(*) from webhook_delivery where tenant_id = ?", tenant));
        assertEquals(11, QueueTestSupport.queryLong(ds, "select count(*) from queue_job where tenant_id = ?", tenant));
    }

    @Test
    void aReDeliveryInTheSameBatchIsADuplicate() throws Exception {
        long tenant = QueueTestSupport.newTenant(ds, "group-dup");
        DeliveryStore.Incoming once = delivery(tenant, "5");
        List<Optional<DeliveryStore.Stored>> results = store.storeAndEnqueue(List.of(once, once));
        assertTrue(results.get(0).isPresent());
        assertTrue(results.get(1).isEmpty(), "identical body, same webhook and topic: nothing stored twice");
        assertEquals(1, QueueTestSupport.queryLong(ds, "select count(*) from webhook_delivery where tenant_id = ?", tenant));
    }

    @Inject
    DeliveryStore store;

    /** One statement for the batch must decide exactly as one statement per delivery would. */
    @Test
    void aBatchFoldsEventsPerOrderAndMapsEveryDeliveryToItsJob() throws Exception {
        long tenant = QueueTestSupport.newTenant(ds, "group-fold");
        DeliveryStore.Incoming earlier = delivery(tenant, "30");
        assertTrue(store.storeAndEnqueue(List.of(earlier)).get(0).isPresent());

        DeliveryStore.Incoming first31 = delivery(tenant, "31");
        DeliveryStore.Incoming second31 = withBody(first31, "{\"id\":31,\"status\":\"completed\"}");
        DeliveryStore.Incoming order32 = delivery(tenant, "32");
        List<Optional<DeliveryStore.Stored>> r = store.storeAndEnqueue(List.of(first31, order32, earlier, second31));

        assertTrue(r.get(2).isEmpty(), "stored by an earlier batch: a duplicate");
        long job31 = r.get(0).orElseThrow().jobId();
        assertEquals(job31, r.get(3).orElseThrow().jobId(), "two events of order 31 fold into one job");
        assertTrue(r.get(1).orElseThrow().jobId() != job31);
        Map<String, Object> job = QueueTestSupport.rows(ds, "select events, last_delivery_id, resource_id from queue_job where id = ?", job31).get(0);
        assertEquals("31", job.get("resource_id"));
        assertEquals(2, ((Number) job.get("events")).intValue());
        assertEquals(r.get(3).orElseThrow().deliveryId(), ((Number) job.get("last_delivery_id")).longValue(), "the newest delivery");
        for (int i : new int[] {0, 1, 3}) {
            long delivery = r.get(i).orElseThrow().deliveryId();
            assertEquals(r.get(i).orElseThrow().jobId(), QueueTestSupport.queryLong(ds, "select job_id from webhook_delivery where id = ?", delivery));
        }
        // The same events again, one more for order 30's active job: folded there, nothing stored twice.
        DeliveryStore.Incoming another30 = withBody(earlier, "{\"id\":30,\"status\":\"on-hold\"}");
        List<Optional<DeliveryStore.Stored>> again = store.storeAndEnqueue(List.of(first31, another30, second31));
        assertTrue(again.get(0).isEmpty() && again.get(2).isEmpty());
        assertEquals(2, ((Number) QueueTestSupport.rows(ds, "select events from queue_job where id = ?",
                again.get(1).orElseThrow().jobId()).get(0).get("events")).intValue());
        assertEquals(5, QueueTestSupport.queryLong(ds, "select count(*) from webhook_delivery where tenant_id = ?", tenant));
    }

    private static DeliveryStore.Incoming withBody(DeliveryStore.Incoming d, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return new DeliveryStore.Incoming(d.tenantId(), d.webhookId(), d.deliveryId(), d.topic(), d.resourceType(), d.resourceId(),
                d.source(), d.headersJson(), body, WebhookEndpoint.sha256(body), d.receivedAt().plusSeconds(1));
    }

    @Test
    void whileTheFirstWriterKeepsUpTheStandbyNeverSplitsItsBatches() throws Exception {
        long tenant = QueueTestSupport.newTenant(ds, "group-standby");
        double standbyBefore = standbyBatches();
        List<Future<Optional<DeliveryStore.Stored>>> stored = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 5; i++) {
                stored.add(writer.submit(delivery(tenant, Integer.toString(1000 + round * 5 + i))));
            }
            for (Future<Optional<DeliveryStore.Stored>> f : stored) {
                assertTrue(f.get().isPresent());
            }
        }
        assertEquals(0.0, standbyBatches() - standbyBefore, "every batch was the first writer's");
        assertEquals(100, QueueTestSupport.queryLong(ds, "select count(*) from webhook_delivery where tenant_id = ?", tenant));
    }

    /** Operators see commit stalls (the tail of every answer) before WooCommerce gives up. */
    @Test
    void everyBatchCommitIsTimedAsAHistogram() throws Exception {
        long tenant = QueueTestSupport.newTenant(ds, "group-timed");
        Timer commits = metrics.get("woosync.webhook.commit.duration").timer();
        long timedBefore = commits.count();
        long batchesBefore = batches();
        for (int i = 0; i < 3; i++) {
            assertTrue(writer.submit(delivery(tenant, Integer.toString(2000 + i))).get().isPresent());
        }
        assertEquals(batches() - batchesBefore, commits.count() - timedBefore, "one timing per batch");
        assertTrue(commits.count() - timedBefore >= 1);
        assertTrue(commits.max(TimeUnit.NANOSECONDS) > 0);
        RestAssured.get("/q/metrics").then().statusCode(200)
                .body(containsString("woosync_webhook_commit_duration_seconds_bucket{le=\"0.05\"}"))
                .body(not(containsString("woosync_webhook_commit_duration_seconds_bucket{le=\"0.001048576\"}")))
                .body(containsString("woosync_webhook_commit_duration_seconds_count"));
    }

    private double standbyBatches() {
        writer.waiting(); // the writer (and its meters) exist from first use
        return metrics.get("woosync.webhook.commit.standby").counter().count();
    }

    private long batches() {
        return metrics.get("woosync.webhook.commit.batch").summary().count();
    }

    private double batchedDeliveries() {
        return metrics.get("woosync.webhook.commit.batch").summary().totalAmount();
    }

    private static DeliveryStore.Incoming delivery(long tenantId, String orderId) {
        byte[] body = ("{\"id\":" + orderId + "}").getBytes(StandardCharsets.UTF_8);
        return new DeliveryStore.Incoming(tenantId, 1, "d" + orderId, "order.updated", "order", orderId, "http://shop.test",
                "{}", body, WebhookEndpoint.sha256(body), Instant.now());
    }

    /** Waits for another thread to reach a state (bounded; the condition, not a duration, ends it). */
    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
