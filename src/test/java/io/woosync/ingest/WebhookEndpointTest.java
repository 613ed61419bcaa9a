package io.woosync.ingest;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.woosync.queue.ClaimedJob;
import io.woosync.queue.JobWorker;
import io.woosync.queue.QueueMetrics;
import io.woosync.queue.QueueTestProfile;
import io.woosync.queue.QueueTestSupport;
import io.woosync.queue.SettableClock;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.woosync.queue.QueueTestSupport.createTenant;
import static io.woosync.queue.QueueTestSupport.queryLong;
import static io.woosync.queue.QueueTestSupport.rows;
import static io.woosync.queue.QueueTestSupport.tenantId;
import static io.woosync.queue.QueueTestSupport.uniqueSlug;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webhook endpoint against every real WooCommerce delivery in the fixtures, and every way to get it wrong. */
@QuarkusTest
@TestProfile(QueueTestProfile.class)
class WebhookEndpointTest {

    @Inject
    AgroalDataSource ds;
    @Inject
    JobWorker worker;
    @Inject
    SettableClock clock;
    @Inject
    QueueMetrics queueMetrics;

    String slug;
    long tenant;

    @BeforeEach
    void tenant() {
        QueueTestSupport.quiesce(ds);
        worker.reopen();
        slug = uniqueSlug("wh");
        createTenant(slug, WooWebhookFixtures.SECRET);
        tenant = tenantId(ds, slug);
    }

    @Test
    void everyCapturedDeliveryIsAcceptedAndQueuedAndEveryPingAnswered200() {
        List<WooWebhookFixtures.Delivery> all = WooWebhookFixtures.all();
        assertEquals(49, all.size());
        Set<String> resources = new HashSet<>();
        int signed = 0;
        for (WooWebhookFixtures.Delivery d : all) {
            if (d.isPing()) {
                d.post(slug).then().statusCode(200).body("status", equalTo("connected"));
            } else {
                signed++;
                resources.add(d.resourceKey());
                d.post(slug).then().log().ifValidationFails().statusCode(200).body("status", equalTo("accepted"));
            }
        }
        assertEquals(38, signed);
        assertEquals(11L, queryLong(ds, "select count(*) from webhook_event where tenant_id = ? and kind = 'connected'", tenant));
        assertEquals(Set.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L), new HashSet<>(rows(ds,
                "select webhook_id from webhook_event where tenant_id = ? and kind = 'connected'", tenant)
                .stream().map(r -> ((Number) r.get("webhook_id")).longValue()).toList()));

        // every signed delivery stored byte for byte, each linked to the job of its resource
        assertEquals(38L, queryLong(ds, "select count(*) from webhook_delivery where tenant_id = ?", tenant));
        for (WooWebhookFixtures.Delivery d : all) {
            if (!d.isPing()) {
                List<Map<String, Object>> row = rows(ds, "select d.body, j.resource_type || '/' || j.resource_id as job_key "
                        + "from webhook_delivery d join queue_job j on j.id = d.job_id "
                        + "where d.tenant_id = ? and d.topic = ? and d.webhook_id = ? and d.body_sha256 = sha256(?)",
                        tenant, d.topic(), Long.parseLong(d.headers().get("X-WC-Webhook-ID")), d.body());
                assertEquals(1, row.size(), d.name());
                assertArrayEquals(d.body(), (byte[]) row.get(0).get("body"), d.name());
                assertEquals(d.resourceKey(), row.get(0).get("job_key"), d.name());
            }
        }
        // one job per resource, the repeated events folded into it
        assertEquals((long) resources.size(), queryLong(ds, "select count(*) from queue_job where tenant_id = ?", tenant));
        assertEquals(38L, queryLong(ds, "select sum(events) from queue_job where tenant_id = ?", tenant));
        assertEquals(4L, queryLong(ds, "select events from queue_job where tenant_id = ? and resource_type = 'order' and resource_id = '17'", tenant));

        // WooCommerce never re-sends, but a proxy might: identical re-deliveries are accepted once
        for (WooWebhookFixtures.Delivery d : all) {
            d.post(slug).then().statusCode(200).body("status", equalTo(d.isPing() ? "connected" : "duplicate"));
        }
        assertEquals(38L, queryLong(ds, "select count(*) from webhook_delivery where tenant_id = ?", tenant));
        assertEquals(38L, queryLong(ds, "select sum(events) from queue_job where tenant_id = ?", tenant));
    }

    @Test
    void tamperedBodiesAndSignaturesAre401AndRecordedWithoutTheBody() {
        int rejected = 0;
        for (WooWebhookFixtures.Delivery d : WooWebhookFixtures.all()) {
            if (d.isPing()) {
                continue;
            }
            byte[] tampered = d.body().clone();
            tampered[tampered.length / 2] ^= 0x01;
            d.withBody(tampered).post(slug).then().statusCode(401).body("title", equalTo("Unauthorized"));
            String sig = d.headers().get("X-WC-Webhook-Signature");
            String otherSig = (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1);
            d.withHeader("X-WC-Webhook-Signature", otherSig).post(slug).then().statusCode(401);
            rejected += 2;
        }
        assertEquals(0L, queryLong(ds, "select count(*) from webhook_delivery where tenant_id = ?", tenant));
        assertEquals(0L, queryLong(ds, "select count(*) from queue_job where tenant_id = ?", tenant));
        assertEquals((long) rejected, queryLong(ds,
                "select count(*) from webhook_event where tenant_id = ? and kind = 'rejected' and reason = 'bad_signature' "
                        + "and body_sha256 is not null and body_length > 0 and topic is not null and source_address is not null", tenant));

        WooWebhookFixtures.Delivery order = WooWebhookFixtures.all().get(20);
        order.withHeader("X-WC-Webhook-Signature", "").post(slug).then().statusCode(401);
        assertEquals(1L, queryLong(ds, "select count(*) from webhook_event where tenant_id = ? and reason = 'missing_signature'", tenant));
        // a signature from another tenant's secret is as wrong as any other
        String otherSlug = uniqueSlug("wh-other");
        createTenant(otherSlug, "another-secret");
        order.post(otherSlug).then().statusCode(401);

        RestAssured.get("/q/metrics").then().statusCode(200)
                .body(containsString("woosync_webhook_rejected_total{reason=\"bad_signature\"}"));
    }

    @Test
    void badRequestsGetClear4xxNever500() {
        WooWebhookFixtures.Delivery order = WooWebhookFixtures.all().get(20);

        order.post("no-such-shop").then().statusCode(404);
        order.post("Not A Slug!").then().statusCode(404);

        // wrong content type
        order.withHeader("Content-Type", "text/plain").post(slug).then().statusCode(415);
        // a form post that carries a signature is not a ping
        order.withHeader("Content-Type", "application/x-www-form-urlencoded").post(slug).then().statusCode(415);
        // oversized (the test profile's limit is 256K)
        byte[] big = new byte[300 * 1024];
        Arrays.fill(big, (byte) ' ');
        signed(order, big).post(slug).then().statusCode(413);

        // valid signature over a body that is not JSON, or has no id, or an unsupported topic
        signed(order, "{\"id\": 17,".getBytes(StandardCharsets.UTF_8)).post(slug).then().statusCode(400)
                .body("detail", containsString("not valid JSON"));
        signed(order, "[1,2,3]".getBytes(StandardCharsets.UTF_8)).post(slug).then().statusCode(400);
        signed(order, "{\"id\":\"seventeen\"}".getBytes(StandardCharsets.UTF_8)).post(slug).then().statusCode(400);
        signed(order, "{\"id\":17}".getBytes(StandardCharsets.UTF_8)).withHeader("X-WC-Webhook-Topic", "action.woocommerce_foo")
                .post(slug).then().statusCode(400);

        // a malformed ping
        RestAssured.given().contentType("application/x-www-form-urlencoded").body("webhook_id=abc")
                .post("/webhooks/woocommerce/" + slug).then().statusCode(400);

        assertEquals(Set.of("unsupported_media_type", "malformed_json", "missing_id", "unsupported_topic", "malformed_ping"),
                new HashSet<>(rows(ds, "select reason from webhook_event where tenant_id = ? and kind = 'rejected'", tenant)
                        .stream().map(r -> (String) r.get("reason")).toList()));
        assertEquals(0L, queryLong(ds, "select count(*) from webhook_delivery where tenant_id = ?", tenant));
    }

    @Test
    void aDeletedResourcesMinimalPayloadIsQueued() {
        WooWebhookFixtures.Delivery deleted = WooWebhookFixtures.all().stream()
                .filter(d -> d.name().equals("037-order_deleted")).findFirst().orElseThrow();
        deleted.post(slug).then().statusCode(200).body("status", equalTo("accepted"));
        assertEquals(1L, queryLong(ds, "select count(*) from queue_job where tenant_id = ? and resource_type = 'order' and resource_id = '20'", tenant));
    }

    @Test
    void aPausedTenantsDeliveriesAreStoredButNotProcessedUntilResumed() {
        QueueTestSupport.setStatus(slug, "pause");
        WooWebhookFixtures.Delivery order = WooWebhookFixtures.all().get(20);
        order.post(slug).then().statusCode(200).body("status", equalTo("accepted"));
        assertEquals(1L, queryLong(ds, "select count(*) from webhook_delivery where tenant_id = ?", tenant));
        assertTrue(worker.claim(4).isEmpty(), "paused: nothing claimed");
        QueueTestSupport.setStatus(slug, "resume");
        List<ClaimedJob> claimed = worker.claim(4);
        assertEquals(1, claimed.size());
        assertEquals("17", claimed.get(0).resourceId());
        assertTrue(claimed.get(0).lastDeliveryId() != null);
        assertEquals(JobWorker.Outcome.completed, worker.execute(claimed.get(0)));
    }

    @Test
    void secretsAreHtmlEntityDecodedLikeWooCommerceDoes() {
        // WooCommerce signs with wp_specialchars_decode(secret): "a&amp;b" signs as "a&b"
        String encodedSlug = uniqueSlug("wh-enc");
        createTenant(encodedSlug, "s3cr&amp;t&lt;x&gt;");
        String plainSlug = uniqueSlug("wh-plain");
        createTenant(plainSlug, "s3cr&t<x>");
        WooWebhookFixtures.Delivery order = WooWebhookFixtures.all().get(20);
        byte[] body = order.body();
        String signature = WebhookSignature.sign(WebhookSignature.key("s3cr&t<x>"), body);
        order.withHeader("X-WC-Webhook-Signature", signature).post(encodedSlug).then().statusCode(200);
        order.withHeader("X-WC-Webhook-Signature", signature).post(plainSlug).then().statusCode(200);
        assertEquals("s3cr&t<x>\"'&", WebhookSignature.decodeEntities("s3cr&amp;t&lt;x&gt;&quot;&#039;&#038;"));
        assertEquals("a&b;c &unknown;", WebhookSignature.decodeEntities("a&b;c &unknown;"));
    }

    @Test
    void aRotatedSecretWorksAtOnce() {
        WooWebhookFixtures.Delivery order = WooWebhookFixtures.all().get(20);
        order.post(slug).then().statusCode(200);   // caches the tenant with test-secret
        Map<String, Object> update = new java.util.HashMap<>();
        update.put("slug", slug);
        update.put("name", "Shop " + slug);
        update.put("wooWebhookSecret", "rotated-secret-value");
        RestAssured.given().auth().oauth2(io.woosync.TestTokens.operator()).contentType(ContentType.JSON).body(update)
                .put("/api/tenants/" + slug).then().statusCode(200);
        clock.advance(Duration.ofSeconds(2));   // past the reload interval
        WooWebhookFixtures.Delivery product = WooWebhookFixtures.all().get(12);
        String signature = WebhookSignature.sign(WebhookSignature.key("rotated-secret-value"), product.body());
        product.withHeader("X-WC-Webhook-Signature", signature).post(slug).then().statusCode(200);
        clock.advance(Duration.ofSeconds(2));
        product.withBody(WooWebhookFixtures.all().get(13).body()).post(slug).then().statusCode(401);
    }

    /** A tenant set up before its webhook secret: refused until the secret is saved, then accepted without waiting for the cache. */
    @Test
    void aSecretSavedAfterTheFirstDeliveryWorksAtOnce() {
        String bare = uniqueSlug("wh-nosecret");
        createTenant(bare, null);
        long bareTenant = tenantId(ds, bare);
        WooWebhookFixtures.Delivery order = WooWebhookFixtures.all().get(20);
        order.post(bare).then().statusCode(401);   // caches the tenant without a secret
        assertEquals(1L, queryLong(ds, "select count(*) from webhook_event where tenant_id = ? and reason = 'no_secret_configured'", bareTenant));
        Map<String, Object> update = new java.util.HashMap<>();
        update.put("slug", bare);
        update.put("name", "Shop " + bare);
        update.put("wooWebhookSecret", WooWebhookFixtures.SECRET);
        RestAssured.given().auth().oauth2(io.woosync.TestTokens.operator()).contentType(ContentType.JSON).body(update)
                .put("/api/tenants/" + bare).then().statusCode(200);
        clock.advance(Duration.ofSeconds(2));   // past the reload interval
        order.post(bare).then().statusCode(200);
        assertEquals(1L, queryLong(ds, "select count(*) from webhook_delivery where tenant_id = ?", bareTenant));
    }

    @Test
    void metricsShowAcceptedRejectedDepthAndAge() {
        WooWebhookFixtures.all().get(20).post(slug).then().statusCode(200);
        clock.advance(Duration.ofSeconds(42));
        queueMetrics.refresh();
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("woosync_webhook_accepted_total{kind=\"delivery\"}"), metrics);
        assertTrue(metrics.contains("woosync_queue_jobs{state=\"available\"} 1.0"), "one job queued");
        assertTrue(metrics.contains("woosync_queue_oldest_due_seconds 42.0"), "the job waited 42 s");
        worker.execute(worker.claim(1).get(0));
        String after = RestAssured.get("/q/metrics").then().extract().asString();
        assertTrue(after.contains("woosync_queue_attempts_total{outcome=\"completed\",resource_type=\"order\"}"), after);
        assertFalse(after.contains("woosync_webhook_accepted_total{kind=\"delivery\"} 0.0"));
    }

    private static WooWebhookFixtures.Delivery signed(WooWebhookFixtures.Delivery template, byte[] body) {
        return template.withBody(body).withHeader("X-WC-Webhook-Signature",
                WebhookSignature.sign(WebhookSignature.key(WooWebhookFixtures.SECRET), body));
    }
}
