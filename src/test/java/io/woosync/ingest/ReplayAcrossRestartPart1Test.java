package io.woosync.ingest;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.woosync.queue.ClaimedJob;
import io.woosync.queue.JobWorker;
import io.woosync.queue.QueueTestProfile;
import io.woosync.queue.QueueTestSupport;
import io.woosync.queue.SettableClock;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Nothing is lost when the service restarts in the middle of the stream, part 1 of 2: the first
 * 30 captured deliveries arrive; one job completes; another is claimed by a worker that then
 * "crashes" (its instance stops here without finishing it or releasing it). Part 2 runs in a
 * freshly started application (another test profile, so Quarkus restarts) on the same database.
 */
@QuarkusTest
@TestProfile(ReplayAcrossRestartPart1Test.BeforeRestart.class)
class ReplayAcrossRestartPart1Test {

    /** Same as the queue tests; a separate class so that part 2's profile forces a restart. */
    public static class BeforeRestart extends QueueTestProfile {
    }

    static final int FIRST_HALF = 30;
    static final String JDBC_URL = "woosync.test.replay.jdbc-url";
    static final String SLUG = "woosync.test.replay.slug";
    static final String CLOCK = "woosync.test.replay.clock";
    static final String ABANDONED_JOB = "woosync.test.replay.abandoned-job";

    @Inject
    AgroalDataSource ds;
    @Inject
    JobWorker worker;
    @Inject
    SettableClock clock;

    @Test
    void firstHalfOfTheStreamThenACrashMidJob() {
        QueueTestSupport.quiesce(ds);
        String slug = QueueTestSupport.uniqueSlug("replay");
        QueueTestSupport.createTenant(slug, WooWebhookFixtures.SECRET);
        List<WooWebhookFixtures.Delivery> all = WooWebhookFixtures.all();
        for (WooWebhookFixtures.Delivery d : all.subList(0, FIRST_HALF)) {
            d.post(slug).then().statusCode(200).body("status", equalTo(d.isPing() ? "connected" : "accepted"));
        }
        List<ClaimedJob> claimed = worker.claim(2);
        assertEquals(2, claimed.size());
        assertEquals(JobWorker.Outcome.completed, worker.execute(claimed.get(0)));
        // claimed.get(1) is never finished: the instance "dies" with it running

        System.setProperty(JDBC_URL, ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class));
        System.setProperty(SLUG, slug);
        System.setProperty(CLOCK, clock.instant().toString());
        System.setProperty(ABANDONED_JOB, Long.toString(claimed.get(1).id()));
    }
}
