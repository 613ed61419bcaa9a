package io.woosync.ingest;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.woosync.queue.ClaimedJob;
import io.woosync.queue.JobWorker;
import io.woosync.queue.QueueTestProfile;
import io.woosync.queue.SettableClock;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.woosync.queue.QueueTestSupport.queryLong;
import static io.woosync.queue.QueueTestSupport.rows;
import static io.woosync.queue.QueueTestSupport.tenantId;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Part 2 of 2 (see {@link ReplayAcrossRestartPart1Test}): a new application instance on the same
 * database receives the rest of the stream, rescues the crashed instance's job once its lease
 * expires, and works the queue dry. Every delivery is stored, and every resource was synced after
 * its last delivery arrived.
 */
@QuarkusTest
@TestProfile(ReplayAcrossRestartPart2Test.AfterRestart.class)
class ReplayAcrossRestartPart2Test {

    /** The restarted service: same database as part 1 (the embedded server lives per class loader). */
    public static class AfterRestart extends QueueTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = super.getConfigOverrides();
            String url = System.getProperty(ReplayAcrossRestartPart1Test.JDBC_URL);
            if (url != null) {
                config.put("quarkus.datasource.jdbc.url", url);
                config.put("quarkus.datasource.username", "postgres");
                config.put("quarkus.datasource.password", "postgres");
            }
            return config;
        }
    }

    @Inject
    AgroalDataSource ds;
    @Inject
    JobWorker worker;
    @Inject
    SettableClock clock;

    @Test
    void secondHalfAfterTheRestartAndNothingIsLost() {
        String slug = System.getProperty(ReplayAcrossRestartPart1Test.SLUG);
        assertNotNull(slug, "part 1 (ReplayAcrossRestartPart1Test) must run first, in the same JVM");
        clock.advanceTo(Instant.parse(System.getProperty(ReplayAcrossRestartPart1Test.CLOCK)));
        long tenant = tenantId(ds, slug);
        long abandoned = Long.parseLong(System.getProperty(ReplayAcrossRestartPart1Test.ABANDONED_JOB));
        assertEquals("running", rows(ds, "select state from queue_job where id = ?", abandoned).get(0).get("state"),
                "the crashed instance's job is still marked running");

        List<WooWebhookFixtures.Delivery> all = WooWebhookFixtures.all();
        for (WooWebhookFixtures.Delivery d : all.subList(ReplayAcrossRestartPart1Test.FIRST_HALF, all.size())) {
            clock.advance(Duration.ofSeconds(1));
            d.post(slug).then().statusCode(200).body("status", equalTo(d.isPing() ? "connected" : "accepted"));
        }

        // the new instance works what it can; the crashed job waits for its lease to expire
        drain();
        assertEquals("running", rows(ds, "select state from queue_job where id = ?", abandoned).get(0).get("state"));
        clock.advance(Duration.ofMinutes(6));
        assertTrue(worker.rescue().stream().anyMatch(r -> r.job().id() == abandoned));
        drain();

        // every signed delivery of both halves is stored
        Set<String> resources = new HashSet<>();
        all.stream().filter(d -> !d.isPing()).forEach(d -> resources.add(d.resourceKey()));
        assertEquals(38L, queryLong(ds, "select count(*) from webhook_delivery where tenant_id = ?", tenant));
        assertEquals(11L, queryLong(ds, "select count(*) from webhook_event where tenant_id = ? and kind = 'connected'", tenant));
        // nothing left to do, and each resource's latest run started after its latest delivery
        assertEquals(0L, queryLong(ds, "select count(*) from queue_job where tenant_id = ? and state <> 'completed'", tenant));
        for (String key : resources) {
            String[] parts = key.split("/");
            Map<String, Object> r = rows(ds, "select max(j.attempted_at) as ran, "
                    + "(select max(d.received_at) from webhook_delivery d where d.tenant_id = ? and d.resource_type = ? and d.resource_id = ?) as received "
                    + "from queue_job j where j.tenant_id = ? and j.resource_type = ? and j.resource_id = ?",
                    tenant, parts[0], parts[1], tenant, parts[0], parts[1]).get(0);
            java.sql.Timestamp ran = (java.sql.Timestamp) r.get("ran");
            java.sql.Timestamp received = (java.sql.Timestamp) r.get("received");
            assertNotNull(ran, key + " never ran");
            assertFalse(ran.before(received), key + " last ran before its last delivery");
        }
        // the crashed attempt is on record, and the job ran again to completion
        List<String> abandonedLog = rows(ds, "select status from sync_log where job_id = ? order by id", abandoned)
                .stream().map(x -> (String) x.get("status")).toList();
        assertEquals("retrying", abandonedLog.get(0));
        assertEquals("success", abandonedLog.get(abandonedLog.size() - 1));
    }

    private void drain() {
        for (int round = 0; round < 100; round++) {
            List<ClaimedJob> jobs = worker.claim(8);
            if (jobs.isEmpty()) {
                return;
            }
            jobs.forEach(worker::execute);
        }
    }
}
