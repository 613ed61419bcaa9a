package io.woosync.queue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.woosync.queue.QueueTestSupport.createTenant;
import static io.woosync.queue.QueueTestSupport.newTenant;
import static io.woosync.queue.QueueTestSupport.rows;
import static io.woosync.queue.QueueTestSupport.tenantId;
import static io.woosync.queue.QueueTestSupport.uniqueSlug;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue's behaviour with an injected clock and directly driven workers: no sleeps, no scheduler. */
@QuarkusTest
@TestProfile(QueueTestProfile.class)
class JobQueueTest {

    @Inject
    JobQueue queue;
    @Inject
    JobWorker worker;
    @Inject
    SettableClock clock;
    @Inject
    HandlerScript script;
    @Inject
    AttentionRecorder attention;
    @Inject
    AgroalDataSource ds;
    @Inject
    QueueRetention retention;
    @Inject
    JobStore store;

    String slug;
    long tenant;

    @BeforeEach
    void freshTenant() {
        QueueTestSupport.quiesce(ds);
        worker.reopen();
        slug = uniqueSlug("q");
        createTenant(slug, "test-secret");
        tenant = tenantId(ds, slug);
    }

    private JobView job(long id) {
        return queue.find(tenant, id).orElseThrow();
    }

    private ClaimedJob claimOne() {
        List<ClaimedJob> claimed = worker.claim(1);
        assertEquals(1, claimed.size(), "expected one due job");
        return claimed.get(0);
    }

    private List<Map<String, Object>> log(long jobId) {
        return rows(ds, "select status, retry_count, trigger, triggered_by, error_message, request_payload, response_payload, "
                + "odoo_record_id, sync_type, woo_record_id from sync_log where job_id = ? order by id", jobId);
    }

    @Test
    void transientFailuresFollowTheRetryScheduleThenFailAndNotify() {
        String id = "1001";
        script.set("order", id, HandlerScript.Behaviour.TRANSIENT);
        long jobId = queue.enqueue(tenant, "order", id, JobTrigger.webhook, null).jobId();
        Instant start = clock.instant();

        // attempt 1 at once
        assertEquals(JobWorker.Outcome.retrying, worker.execute(claimOne()));
        assertEquals(JobState.retrying, job(jobId).state());
        assertEquals(start.plus(Duration.ofMinutes(1)), job(jobId).scheduledAt());
        assertTrue(worker.claim(4).isEmpty(), "not due before +1 min");

        long[] delaysMinutes = {1, 5, 15};
        for (int i = 0; i < delaysMinutes.length; i++) {
            clock.advance(Duration.ofMinutes(delaysMinutes[i]).minusSeconds(1));
            assertTrue(worker.claim(4).isEmpty(), "not due one second early");
            clock.advance(Duration.ofSeconds(1));
            ClaimedJob claimed = claimOne();
            assertEquals(i + 2, claimed.attempt());
            assertEquals(JobTrigger.retry, claimed.attemptTrigger());
            JobWorker.Outcome outcome = worker.execute(claimed);
            if (i < 2) {
                assertEquals(JobWorker.Outcome.retrying, outcome);
                assertEquals(clock.instant().plus(Duration.ofMinutes(delaysMinutes[i + 1])), job(jobId).scheduledAt());
            } else {
                assertEquals(JobWorker.Outcome.failed, outcome);
            }
        }
        JobView failed = job(jobId);
        assertEquals(JobState.failed, failed.state());
        assertEquals(4, failed.attempt());
        assertEquals("connection", failed.errorClass());
        assertTrue(failed.lastError().contains("gave up after 4 attempts"));
        List<JobNeedsAttention> notified = attention.forJob(jobId);
        assertEquals(1, notified.size());
        assertEquals(JobState.failed, notified.get(0).state());
        assertEquals(slug, notified.get(0).tenantSlug());

        List<Map<String, Object>> log = log(jobId);
        assertEquals(List.of("retrying", "retrying", "retrying", "failed"), log.stream().map(r -> r.get("status")).toList());
        assertEquals(List.of(0, 1, 2, 3), log.stream().map(r -> r.get("retry_count")).toList());
        assertEquals(List.of("webhook", "retry", "retry", "retry"), log.stream().map(r -> r.get("trigger")).toList());
        assertEquals("order", log.get(0).get("sync_type"));
        assertEquals(id, log.get(0).get("woo_record_id"));
        assertTrue(worker.claim(4).isEmpty());
    }

    @Test
    void unexpectedExceptionsAreTransient() {
        script.set("product", "7", HandlerScript.Behaviour.UNEXPECTED);
        long jobId = queue.enqueue(tenant, "product", "7", JobTrigger.poll, null).jobId();
        assertEquals(JobWorker.Outcome.retrying, worker.execute(claimOne()));
        assertEquals("unexpected", job(jobId).errorClass());
        assertTrue(job(jobId).lastError().contains("IllegalStateException: boom"));
        assertEquals("poll", log(jobId).get(0).get("trigger"));
    }

    @Test
    void permanentFailureBlocksWithTheAdminMessageAndAManualRetryRunsItAgain() {
        script.set("order", "1054", HandlerScript.Behaviour.PERMANENT);
        long jobId = queue.enqueue(tenant, "order", "1054", JobTrigger.webhook, null).jobId();
        assertEquals(JobWorker.Outcome.blocked, worker.execute(claimOne()));
        JobView blocked = job(jobId);
        assertEquals(JobState.blocked, blocked.state());
        assertEquals("data", blocked.errorClass());
        assertTrue(blocked.lastError().contains("SKU TSHIRT-M-BLK was not found in Odoo product.product -> default_code"));
        assertEquals(JobState.blocked, attention.forJob(jobId).get(0).state());
        assertTrue(worker.claim(4).isEmpty(), "a blocked job is not retried automatically");

        // the admin fixes the product mapping and retries
        script.set("order", "1054", HandlerScript.Behaviour.SUCCEED);
        JobView retried = queue.retryNow(tenant, jobId, "tom-admin");
        assertEquals(JobState.available, retried.state());
        assertEquals(0, retried.attempt());
        ClaimedJob again = claimOne();
        assertEquals(JobTrigger.manual, again.attemptTrigger());
        assertEquals(JobWorker.Outcome.completed, worker.execute(again));
        assertEquals(JobState.completed, job(jobId).state());
        List<Map<String, Object>> log = log(jobId);
        assertEquals(List.of("failed", "success"), log.stream().map(r -> r.get("status")).toList());
        assertEquals("manual", log.get(1).get("trigger"));
        assertEquals("tom-admin", log.get(1).get("triggered_by"));
        assertEquals("sale.order,1054", log.get(1).get("odoo_record_id"));
    }

    @Test
    void repeatedEventsFoldAndAnEventDuringARunSchedulesExactlyOneFollowUp() {
        EnqueueResult first = queue.enqueue(tenant, "order", "17", JobTrigger.webhook, null);
        EnqueueResult second = queue.enqueue(tenant, "order", "17", JobTrigger.webhook, null);
        EnqueueResult third = queue.enqueue(tenant, "order", "17", JobTrigger.poll, null);
        assertEquals(EnqueueResult.Outcome.CREATED, first.outcome());
        assertEquals(EnqueueResult.Outcome.FOLDED, second.outcome());
        assertEquals(EnqueueResult.Outcome.FOLDED, third.outcome());
        assertEquals(first.jobId(), third.jobId());
        assertEquals(3, job(first.jobId()).events());

        ClaimedJob running = claimOne();
        // two events while it runs: one follow-up, not two
        assertEquals(EnqueueResult.Outcome.FOLLOW_UP, queue.enqueue(tenant, "order", "17", JobTrigger.webhook, null).outcome());
        assertEquals(EnqueueResult.Outcome.FOLLOW_UP, queue.enqueue(tenant, "order", "17", JobTrigger.webhook, null).outcome());
        assertTrue(worker.claim(4).isEmpty(), "the follow-up waits for the running job");
        assertTrue(job(first.jobId()).followUpPending());

        assertEquals(JobWorker.Outcome.follow_up, worker.execute(running));
        JobView after = job(first.jobId());
        assertEquals(JobState.available, after.state());
        assertEquals(0, after.attempt());
        assertFalse(after.followUpPending());
        ClaimedJob followUp = claimOne();
        assertEquals(first.jobId(), followUp.id());
        assertEquals(JobWorker.Outcome.completed, worker.execute(followUp));
        assertTrue(worker.claim(4).isEmpty());
        assertEquals(2, script.calls(slug).size(), "five events, two runs");
        assertEquals(1L, QueueTestSupport.queryLong(ds, "select count(*) from queue_job where tenant_id = ?", tenant));
    }

    @Test
    void aBlockedResourceGetsANewJobForANewEventAndRetryingTheOldOneFoldsIntoIt() {
        script.set("customer", "2", HandlerScript.Behaviour.PERMANENT);
        long blocked = queue.enqueue(tenant, "customer", "2", JobTrigger.webhook, null).jobId();
        worker.execute(claimOne());
        EnqueueResult fresh = queue.enqueue(tenant, "customer", "2", JobTrigger.webhook, null);
        assertEquals(EnqueueResult.Outcome.CREATED, fresh.outcome());
        assertNotEquals(blocked, fresh.jobId());
        JobView runs = queue.retryNow(tenant, blocked, "olivia");
        assertEquals(fresh.jobId(), runs.id());
        assertEquals(JobState.cancelled, job(blocked).state());
        assertTrue(job(blocked).lastError().contains("superseded by job " + fresh.jobId()));
    }

    @Test
    void twoWorkersRacingNeverRunOneResourceTwice() throws Exception {
        // 20 resources, some with repeated events, claimed by two workers at the same instant
        for (int i = 0; i < 20; i++) {
            queue.enqueue(tenant, "order", "r" + (i % 10), JobTrigger.webhook, null);
            queue.enqueue(tenant, "product", "p" + i, JobTrigger.webhook, null);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Set<String> runningKeys = new HashSet<>();
            Set<Long> everClaimed = new HashSet<>();
            int rounds = 0;
            while (rounds++ < 100) {
                CyclicBarrier barrier = new CyclicBarrier(2);
                // the per-tenant cap (2) makes every round contended
                Future<List<ClaimedJob>> a = pool.submit(() -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    return worker.claim(8);
                });
                Future<List<ClaimedJob>> b = pool.submit(() -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    return worker.claim(8);
                });
                List<ClaimedJob> claimed = new ArrayList<>(a.get(30, TimeUnit.SECONDS));
                claimed.addAll(b.get(30, TimeUnit.SECONDS));
                if (claimed.isEmpty()) {
                    break;
                }
                for (ClaimedJob c : claimed) {
                    assertTrue(runningKeys.add(c.resourceType() + "/" + c.resourceId()), "claimed twice at once: " + c);
                    everClaimed.add(c.id());
                }
                // in the first rounds, an event for a running resource must not make it claimable by the other worker
                if (rounds <= 5) {
                    ClaimedJob busy = claimed.get(0);
                    assertEquals(EnqueueResult.Outcome.FOLLOW_UP,
                            queue.enqueue(tenant, busy.resourceType(), busy.resourceId(), JobTrigger.webhook, null).outcome());
                    for (ClaimedJob c : worker.claim(8)) {
                        assertTrue(runningKeys.add(c.resourceType() + "/" + c.resourceId()), "claimed while running: " + c);
                        claimed.add(c);
                    }
                }
                for (ClaimedJob c : claimed) {
                    worker.execute(c);
                    runningKeys.remove(c.resourceType() + "/" + c.resourceId());
                }
            }
            assertEquals(30, everClaimed.size(), "10 folded order jobs + 20 product jobs");
            assertEquals(0L, QueueTestSupport.queryLong(ds,
                    "select count(*) from queue_job where tenant_id = ? and state <> 'completed'", tenant));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aKilledWorkersJobIsRescuedAndRunsAgainAndItsLateCompletionIsIgnored() {
        long jobId = queue.enqueue(tenant, "order", "55", JobTrigger.webhook, null).jobId();
        ClaimedJob abandoned = claimOne();   // the worker that claimed it dies: nobody renews the lease

        clock.advance(Duration.ofMinutes(4));
        assertTrue(worker.rescue().isEmpty(), "lease still valid");
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        List<JobStore.Rescued> rescued = worker.rescue();
        assertEquals(1, rescued.size());
        assertEquals(JobState.retrying, job(jobId).state());
        assertEquals("lease_expired", job(jobId).errorClass());

        ClaimedJob second = claimOne();
        assertEquals(jobId, second.id());
        assertEquals(2, second.attempt());
        assertEquals(JobWorker.Outcome.completed, worker.execute(second));

        // the "dead" worker wakes up and finishes: fenced out, nothing changes
        assertEquals(JobWorker.Outcome.late, worker.execute(abandoned));
        JobView done = job(jobId);
        assertEquals(JobState.completed, done.state());
        assertEquals(2, done.attempt());
        List<Map<String, Object>> log = log(jobId);
        assertEquals(List.of("retrying", "success"), log.stream().map(r -> r.get("status")).toList());
        assertTrue(((String) log.get(0).get("error_message")).contains("stopped renewing its lease"));
    }

    @Test
    void aLateWorkerCannotOverwriteAJobThatWasRescuedAndIsRunningAgain() {
        long jobId = queue.enqueue(tenant, "order", "56", JobTrigger.webhook, null).jobId();
        ClaimedJob abandoned = claimOne();
        clock.advance(Duration.ofMinutes(6));
        worker.rescue();
        ClaimedJob current = claimOne();
        script.set("order", "56", HandlerScript.Behaviour.PERMANENT);
        assertEquals(JobWorker.Outcome.late, worker.execute(abandoned));
        assertEquals(JobState.running, job(jobId).state(), "the current claim is untouched");
        script.set("order", "56", HandlerScript.Behaviour.SUCCEED);
        assertEquals(JobWorker.Outcome.completed, worker.execute(current));
    }

    @Test
    void leasesAreRenewedWhileAJobRuns() throws Exception {
        script.set("order", "77", HandlerScript.Behaviour.HANG);
        long jobId = queue.enqueue(tenant, "order", "77", JobTrigger.webhook, null).jobId();
        Future<?> running = worker.start(claimOne());
        script.awaitEntered("order", "77");
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(4));
            worker.poll();   // the loop's heartbeat renews the lease
            assertTrue(worker.rescue().isEmpty(), "a renewed lease is not rescued");
        }
        script.release("order", "77");
        running.get(30, TimeUnit.SECONDS);
        assertEquals(JobState.completed, job(jobId).state());
    }

    @Test
    void oneTenantsBacklogDoesNotStarveAnother() {
        long busy = newTenant(ds, "busy");
        for (int i = 0; i < 1000; i++) {
            queue.enqueue(busy, "product", Integer.toString(i), JobTrigger.poll, null);
        }
        clock.advance(Duration.ofSeconds(1));
        long small = queue.enqueue(tenant, "order", "1", JobTrigger.webhook, null).jobId();

        // one free slot at a time: the small tenant's job is among the first two claims
        List<Long> order = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ClaimedJob c = claimOne();
            order.add(c.id());
            worker.execute(c);
        }
        assertTrue(order.contains(small), "the 1-job tenant waited behind the 1000-job tenant: " + order);

        // and with a batch, both tenants get a turn in the same claim
        long small2 = queue.enqueue(tenant, "order", "2", JobTrigger.webhook, null).jobId();
        List<ClaimedJob> batch = worker.claim(4);
        assertTrue(batch.stream().anyMatch(c -> c.id() == small2));
        assertEquals(2, batch.stream().filter(c -> c.tenantId() == busy).count(), "busy tenant held to its cap of 2");
        batch.forEach(worker::execute);
        QueueTestSupport.quiesce(ds);
    }

    @Test
    void perTenantConcurrencyIsCapped() {
        for (int i = 0; i < 5; i++) {
            queue.enqueue(tenant, "coupon", "c" + i, JobTrigger.webhook, null);
        }
        List<ClaimedJob> first = worker.claim(10);
        assertEquals(2, first.size());
        assertTrue(worker.claim(10).isEmpty(), "cap reached while both run");
        worker.execute(first.get(0));
        assertEquals(1, worker.claim(10).size());
    }

    @Test
    void theCapHoldsWhenTwoInstancesClaimAtOnce() throws Exception {
        for (int i = 0; i < 6; i++) {
            queue.enqueue(tenant, "coupon", "k" + i, JobTrigger.webhook, null);
        }
        Instant now = clock.instant();
        Instant lease = now.plus(Duration.ofMinutes(5));
        CompletableFuture<List<ClaimedJob>> second;
        try (java.sql.Connection first = ds.getConnection()) {
            first.setAutoCommit(false);
            // Instance A has claimed the tenant's two and not yet committed: its running rows are
            // invisible to anyone else's snapshot until it does.
            assertEquals(2, store.claimUncommitted(first, "instance-a", 10, 2, now, lease).size());
            second = CompletableFuture.supplyAsync(() -> store.claim("instance-b", 10, 2, now, lease));
            // Instance B waits for A's claim to end instead of filling the same room beside it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (QueueTestSupport.queryLong(ds, "select count(*) from pg_stat_activity "
                    + "where wait_event_type = 'Lock' and wait_event = 'advisory'") == 0) {
                assertFalse(second.isDone(), "the second claim did not wait for the first: " + second.getNow(null));
                assertTrue(System.nanoTime() < deadline, "the second claim never waited for the first");
            }
            first.commit();
        }
        assertEquals(0, second.get(10, TimeUnit.SECONDS).stream().filter(c -> c.tenantId() == tenant).count(),
                "the tenant's room was already taken by the first claim");
        assertEquals(2L, QueueTestSupport.queryLong(ds,
                "select count(*) from queue_job where tenant_id = ? and state = 'running'", tenant));
    }

    @Test
    void aPausedTenantsJobsWaitUntilItResumes() {
        long jobId = queue.enqueue(tenant, "order", "300", JobTrigger.webhook, null).jobId();
        QueueTestSupport.setStatus(slug, "pause");
        assertTrue(worker.claim(4).isEmpty());
        QueueTestSupport.setStatus(slug, "resume");
        assertEquals(jobId, claimOne().id());
    }

    @Test
    void cancelAndRetryRules() {
        long jobId = queue.enqueue(tenant, "order", "400", JobTrigger.webhook, null).jobId();
        ClaimedJob running = claimOne();
        assertThrowsConflict(() -> queue.cancel(tenant, jobId, "tom"));
        assertThrowsConflict(() -> queue.retryNow(tenant, jobId, "tom"));
        worker.execute(running);
        assertThrowsConflict(() -> queue.cancel(tenant, jobId, "tom"));
        long other = queue.enqueue(tenant, "order", "401", JobTrigger.webhook, null).jobId();
        assertEquals(JobState.cancelled, queue.cancel(tenant, other, "tom").state());
        assertTrue(worker.claim(4).isEmpty());
        assertEquals(JobState.available, queue.retryNow(tenant, other, "tom").state());
    }

    @Test
    void drainFinishesRunningJobsWithinTheGracePeriod() throws Exception {
        script.set("order", "500", HandlerScript.Behaviour.HANG);
        long jobId = queue.enqueue(tenant, "order", "500", JobTrigger.webhook, null).jobId();
        worker.poll();
        script.awaitEntered("order", "500");
        CompletableFuture<JobWorker.DrainReport> drained = CompletableFuture.supplyAsync(() -> worker.drain(Duration.ofSeconds(60)));
        while (!worker.isDraining()) {
            Thread.onSpinWait();
        }
        assertEquals(0, worker.poll(), "no claims while draining");
        script.release("order", "500");
        JobWorker.DrainReport report = drained.get(60, TimeUnit.SECONDS);
        assertEquals(new JobWorker.DrainReport(1, 0), report);
        assertEquals(JobState.completed, job(jobId).state());
        assertEquals(1, log(jobId).size());
    }

    @Test
    void drainReleasesJobsStillRunningAtTheEndOfTheGracePeriod() throws Exception {
        script.set("order", "501", HandlerScript.Behaviour.HANG);
        long jobId = queue.enqueue(tenant, "order", "501", JobTrigger.webhook, null).jobId();
        worker.poll();
        script.awaitEntered("order", "501");
        JobWorker.DrainReport report = worker.drain(Duration.ZERO);
        assertEquals(new JobWorker.DrainReport(0, 1), report);
        JobView released = job(jobId);
        assertEquals(JobState.available, released.state());
        assertEquals(0, released.attempt(), "a release does not count as an attempt");
        assertEquals("released", released.errorClass());

        // readiness is DOWN while draining
        io.restassured.RestAssured.get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'job-queue-draining' }.status", org.hamcrest.Matchers.equalTo("DOWN"));

        // a new instance takes it; the interrupted handler of the old one changes nothing
        worker.reopen();
        io.restassured.RestAssured.get("/q/health/ready").then().statusCode(200);
        script.release("order", "501");
        ClaimedJob again = claimOne();
        assertEquals(1, again.attempt());
        assertEquals(JobWorker.Outcome.completed, worker.execute(again));
        assertEquals(JobState.completed, job(jobId).state());
        assertEquals(List.of("success"), log(jobId).stream().map(r -> r.get("status")).toList(), "run once, never doubled");
    }

    @Test
    void syncLogPayloadsAreRedactedAndCapped() {
        script.also("order", "600", ctx -> {
            ctx.requestPayload("{\"jsonrpc\":\"2.0\",\"method\":\"call\",\"params\":{\"service\":\"object\",\"method\":\"execute_kw\","
                    + "\"args\":[\"shop\",2,\"odoo-api-key-0a1b2c3d\",\"sale.order\",\"create\",[{\"name\":\"x\"}]]},"
                    + "\"consumer_secret\":\"cs_abc\",\"nested\":{\"password\":\"hunter2\",\"api_key\":\"k\",\"Authorization\":\"Basic Zm9v\"}}");
            ctx.responsePayload("Authorization: Bearer abc.def.ghi and consumer_secret=cs_zzz&x=1 " + "y".repeat(5000));
            ctx.log(new SyncLogEntry("invoice", "600", "account.move,9", SyncStatus.success, null,
                    "password=hunter2", null));
        });
        long jobId = queue.enqueue(tenant, "order", "600", JobTrigger.webhook, null).jobId();
        worker.execute(claimOne());
        List<Map<String, Object>> log = log(jobId);
        assertEquals(2, log.size());
        String all = log.toString();
        for (String secret : List.of("odoo-api-key-0a1b2c3d", "cs_abc", "hunter2", "Zm9v", "abc.def.ghi", "cs_zzz")) {
            assertFalse(all.contains(secret), "secret leaked into the sync log: " + secret);
        }
        assertTrue(all.contains("sale.order"), "the rest of the payload is kept");
        String response = (String) log.get(1).get("response_payload");
        assertTrue(response.length() < 2100 && response.contains("[truncated"), "capped: " + response.length());
        assertEquals("invoice", log.get(0).get("sync_type"));
    }

    @Test
    void retentionPurgesOldCompletedAndCancelledJobsButKeepsThoseNeedingAttention() {
        long done = queue.enqueue(tenant, "order", "700", JobTrigger.webhook, null).jobId();
        worker.execute(claimOne());
        script.set("order", "701", HandlerScript.Behaviour.PERMANENT);
        long blocked = queue.enqueue(tenant, "order", "701", JobTrigger.webhook, null).jobId();
        worker.execute(claimOne());
        long cancelled = queue.enqueue(tenant, "order", "702", JobTrigger.webhook, null).jobId();
        queue.cancel(tenant, cancelled, "tom");

        clock.advance(Duration.ofDays(29));
        retention.purge();
        assertTrue(queue.find(tenant, done).isPresent(), "younger than the retention period");
        clock.advance(Duration.ofDays(2));
        assertTrue(retention.purge() >= 2);
        assertTrue(queue.find(tenant, done).isEmpty());
        assertTrue(queue.find(tenant, cancelled).isEmpty());
        assertEquals(JobState.blocked, job(blocked).state(), "blocked jobs wait for a person, whatever their age");
    }

    @Test
    void syncLogIsPurgedAfterItsOwnLongerRetention() {
        long job = queue.enqueue(tenant, "order", "710", JobTrigger.webhook, null).jobId();
        worker.execute(claimOne());
        String count = "select count(*) from sync_log where job_id = ?";
        assertTrue(QueueTestSupport.queryLong(ds, count, job) > 0, "the attempt is logged");

        clock.advance(Duration.ofDays(31));
        retention.purge();
        assertTrue(queue.find(tenant, job).isEmpty(), "the job is gone after 30 days");
        assertTrue(QueueTestSupport.queryLong(ds, count, job) > 0, "its trace stays for 90 days");
        clock.advance(Duration.ofDays(60));
        retention.purge();
        assertEquals(0, QueueTestSupport.queryLong(ds, count, job));
    }

    private static void assertThrowsConflict(Runnable action) {
        try {
            action.run();
        } catch (JobStateConflictException expected) {
            return;
        }
        throw new AssertionError("expected a conflict");
    }
}
