package io.woosync.woo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.woosync.tenant.TenantService;
import io.woosync.woo.standin.StandInWooCommerce;
import io.woosync.woo.standin.WebhookReceiver;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Webhook management against the stand-in store: create, re-activate a disabled one, recreate a deleted one; health. */
@QuarkusTest
class WebhookManagerTest {

    static StandInWooCommerce store;

    @Inject
    WebhookManager manager;
    @Inject
    WebhookHealth health;
    @Inject
    CatchUpPoll poll;
    @Inject
    TenantService tenants;
    @Inject
    WooGateway gateway;

    @BeforeAll
    static void start() {
        store = StandInWooCommerce.start(WooTestTenants.CK, WooTestTenants.CS);
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    private Map<String, ObjectNode> ours(String slug) {
        String url = "https://sync.test.example/webhooks/woocommerce/" + slug;
        return store.webhooks().stream().filter(w -> w.path("delivery_url").asText().equals(url))
                .collect(Collectors.toMap(w -> w.path("topic").asText(), w -> w));
    }

    @Test
    void createsTheWebhooksThenReactivatesADisabledOneAndRecreatesADeletedOne() {
        String slug = WooTestTenants.create(WooTestTenants.slug("hooks"), store.url());
        long tenantId = WooTestTenants.id(tenants, slug);
        assertEquals(WebhookHealth.State.STALE, health.health(tenantId).state(), "not checked yet");

        WebhookManager.Report created = manager.ensure(slug);
        assertNull(created.error());
        assertEquals(11, created.topics().size());
        assertTrue(created.topics().stream().allMatch(t -> t.action() == WebhookManager.Action.CREATED), created.toString());
        Map<String, ObjectNode> hooks = ours(slug);
        assertEquals(List.of("customer.created", "customer.deleted", "customer.updated", "order.created", "order.deleted",
                "order.restored", "order.updated", "product.created", "product.deleted", "product.restored", "product.updated"),
                hooks.keySet().stream().sorted().toList());
        hooks.values().forEach(w -> {
            assertEquals("active", w.path("status").asText());
            assertEquals(WooTestTenants.WEBHOOK_SECRET, store.webhookSecret(w.path("id").asLong()), "signed with the tenant's secret");
        });
        assertEquals(WebhookHealth.State.HEALTHY, health.health(tenantId).state());

        // a second check changes nothing
        assertTrue(manager.ensure(slug).topics().stream().allMatch(t -> t.action() == WebhookManager.Action.UNCHANGED));

        long updated = hooks.get("order.updated").path("id").asLong();
        long deleted = hooks.get("order.deleted").path("id").asLong();
        store.setWebhookStatus(updated, "disabled");
        store.removeWebhook(deleted);
        WebhookManager.Report repaired = manager.ensure(slug);
        Map<String, WebhookManager.TopicResult> byTopic = repaired.topics().stream()
                .collect(Collectors.toMap(WebhookManager.TopicResult::topic, t -> t));
        assertEquals(WebhookManager.Action.REACTIVATED, byTopic.get("order.updated").action());
        assertEquals("disabled", byTopic.get("order.updated").statusBefore());
        assertEquals(updated, byTopic.get("order.updated").webhookId());
        assertEquals(WebhookManager.Action.RECREATED, byTopic.get("order.deleted").action());
        assertTrue(byTopic.get("order.deleted").webhookId() != deleted);
        assertEquals(9, repaired.topics().stream().filter(t -> t.action() == WebhookManager.Action.UNCHANGED).count());
        assertTrue(ours(slug).values().stream().allMatch(w -> w.path("status").asText().equals("active")));
        WebhookHealth.Health h = health.health(tenantId);
        assertEquals(WebhookHealth.State.HEALTHY, h.state());
        assertTrue(h.reason().contains("order.updated reactivated") && h.reason().contains("order.deleted recreated"), h.reason());
    }

    @Test
    void aWebhookWooCommerceDisabledAfterFailedDeliveriesIsReactivated() {
        String slug = WooTestTenants.create(WooTestTenants.slug("failing"), store.url());
        TenantConnectionsHolder t = new TenantConnectionsHolder(slug);
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.answer(500);
            // a webhook of the service's, pointing at a receiver that fails
            manager.ensure(slug);
            long id = ours(slug).get("order.updated").path("id").asLong();
            ObjectNode body = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("delivery_url", receiver.url("/hook").toString());
            gateway.updateWebhook(t.woo, id, body);
            long order = store.addOrder(null).path("id").asLong();
            for (int i = 0; i < 6; i++) {
                store.modifyOrder(order, o -> o.put("customer_note", "change"));
                store.deliverPending();
            }
            assertEquals(6, receiver.received().stream().filter(r -> "order.updated".equals(r.header("X-WC-Webhook-Topic"))).count());
            assertEquals("disabled", store.webhooks().stream().filter(w -> w.path("id").asLong() == id).findFirst().orElseThrow()
                    .path("status").asText(), "WooCommerce disables a webhook after more than 5 failed deliveries");
        }
        WebhookManager.Report report = manager.ensure(slug);
        WebhookManager.TopicResult r = report.topics().stream().filter(x -> x.topic().equals("order.updated")).findFirst().orElseThrow();
        assertEquals(WebhookManager.Action.REACTIVATED, r.action());
        assertEquals("https://sync.test.example/webhooks/woocommerce/" + slug, ours(slug).get("order.updated").path("delivery_url").asText(),
                "pointed back at the service");
    }

    @Test
    void aKeyWithoutWritePermissionLeavesTheWebhooksDisabledWithTheReason() {
        try (StandInWooCommerce readOnly = StandInWooCommerce.start(WooTestTenants.CK, WooTestTenants.CS).permissions("read")) {
            String slug = WooTestTenants.create(WooTestTenants.slug("readonly"), readOnly.url());
            long tenantId = WooTestTenants.id(tenants, slug);
            WebhookManager.Report report = manager.ensure(slug);
            assertTrue(report.topics().stream().allMatch(t -> t.action() == WebhookManager.Action.FAILED));
            WebhookHealth.Health h = health.health(tenantId);
            assertEquals(WebhookHealth.State.DISABLED, h.state());
            assertTrue(h.reason().contains("does not have write permissions"), h.reason());
            assertTrue(h.reason().contains("only the catch-up poll"), h.reason());
        }
    }

    @Test
    void healthTurnsStaleWhenThePollFindsChangesTheWebhooksNeverDelivered() {
        String slug = WooTestTenants.create(WooTestTenants.slug("stale"), store.url());
        long tenantId = WooTestTenants.id(tenants, slug);
        manager.ensure(slug);
        health.recordDelivery(tenantId, "order.updated", Instant.now().minus(Duration.ofHours(3)));
        health.recordDelivery(tenantId, "order.updated", Instant.now().minus(Duration.ofHours(5))); // older: ignored
        assertEquals(WebhookHealth.State.HEALTHY, health.health(tenantId).state());
        store.addOrder(null);
        store.dropPendingDeliveries();
        poll.pollTenant(slug);
        WebhookHealth.Health h = health.health(tenantId);
        assertEquals(WebhookHealth.State.STALE, h.state());
        assertTrue(h.reason().contains("the last order webhook arrived at"), h.reason());
        Instant last = h.topics().stream().filter(v -> v.topic().equals("order.updated")).findFirst().orElseThrow().lastDeliveryAt();
        assertTrue(last.isAfter(Instant.now().minus(Duration.ofHours(4))), "keeps the newest delivery");

        // deliveries resume: healthy again
        health.recordDelivery(tenantId, "order.created", Instant.now());
        assertEquals(WebhookHealth.State.HEALTHY, health.health(tenantId).state());
    }

    /**
     * A busy store's deliveries all touch one (tenant, topic) row: it is written at most once per
     * resolution (10 s by default), yet always moves forward once the resolution has passed.
     */
    @Test
    void deliveryTimeIsWrittenAtMostOncePerResolution() {
        String slug = WooTestTenants.create(WooTestTenants.slug("burst"), store.url());
        long tenantId = WooTestTenants.id(tenants, slug);
        Instant first = Instant.parse("2026-11-28T02:00:00Z");
        health.recordDelivery(tenantId, "order.created", first);
        for (int s = 1; s < 10; s++) {
            health.recordDelivery(tenantId, "order.created", first.plusSeconds(s));
        }
        assertEquals(first, lastDelivery(tenantId, "order.created"), "within the resolution: not written again");
        health.recordDelivery(tenantId, "order.created", first.plusSeconds(10));
        assertEquals(first.plusSeconds(10), lastDelivery(tenantId, "order.created"), "a resolution later: written");
        health.recordDelivery(tenantId, "order.updated", first.plusSeconds(11));
        assertEquals(first.plusSeconds(11), lastDelivery(tenantId, "order.updated"), "each topic on its own");
    }

    private Instant lastDelivery(long tenantId, String topic) {
        return health.health(tenantId).topics().stream().filter(v -> v.topic().equals(topic)).findFirst()
                .map(WebhookHealth.TopicView::lastDeliveryAt).orElse(null);
    }

    /** The stand-in signs exactly as WooCommerce did: its signature of a recorded body equals the recorded header. */
    @Test
    void standInSignsLikeWooCommerce() throws IOException {
        for (String name : List.of("021-order_created", "037-order_deleted", "047-product_created")) {
            byte[] body;
            try (InputStream in = getClass().getResourceAsStream(StandInWooCommerce.FIXTURES + "webhooks/" + name + ".body")) {
                body = in.readAllBytes();
            }
            JsonNode headers;
            try (InputStream in = getClass().getResourceAsStream(StandInWooCommerce.FIXTURES + "webhooks/" + name + ".headers.json")) {
                headers = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
            }
            assertEquals(headers.path("signature_header").asText(), StandInWooCommerce.sign(body, "test-secret"), name);
        }
        // and its own deliveries carry WooCommerce's headers, in WooCommerce's order, over PHP-style JSON
        String slug = WooTestTenants.create(WooTestTenants.slug("signed"), store.url());
        TenantConnectionsHolder t = new TenantConnectionsHolder(slug);
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            ObjectNode hook = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("topic", "order.created")
                    .put("delivery_url", receiver.url("/webhooks/woocommerce/" + slug).toString()).put("secret", "a&amp;b");
            gateway.createWebhook(t.woo, hook);
            long id = store.addOrder(o -> o.put("customer_note", "Café / crème")).path("id").asLong();
            List<StandInWooCommerce.Delivery> sent = store.deliverPending();
            WebhookReceiver.Received got = receiver.received().stream().filter(r -> r.bodyText().contains("\"id\":" + id)).findFirst().orElseThrow();
            assertEquals(StandInWooCommerce.sign(got.body(), "a&b"), got.header("X-WC-Webhook-Signature"), "secret HTML-entity-decoded");
            assertTrue(got.bodyText().contains("Caf\\u00e9 \\/ cr\\u00e8me"), got.bodyText());
            assertEquals(List.of("User-Agent", "Content-Type", "X-WC-Webhook-Source", "X-WC-Webhook-Topic", "X-WC-Webhook-Resource",
                    "X-WC-Webhook-Event", "X-WC-Webhook-Signature", "X-WC-Webhook-ID", "X-WC-Webhook-Delivery-ID"),
                    List.copyOf(sent.stream().filter(d -> d.resourceId() == id).findFirst().orElseThrow().headers().keySet()));
            assertEquals(store.url() + "/", got.header("X-WC-Webhook-Source"));
        }
    }

    /** The tenant's connection, loaded once. */
    private final class TenantConnectionsHolder {
        final io.woosync.tenant.TenantConnections.Woo woo;

        TenantConnectionsHolder(String slug) {
            this.woo = WooTestTenants.woo(tenants, slug);
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
