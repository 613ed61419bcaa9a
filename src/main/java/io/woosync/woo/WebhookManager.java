package io.woosync.woo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Keeps a tenant's webhooks in WooCommerce as the service needs them, over REST: one webhook per
 * topic pointing at {@code <public base URL>/webhooks/woocommerce/<slug>} with the tenant's secret.
 * A webhook WooCommerce switched off (status {@code disabled} after more than 5 failed deliveries,
 * or {@code paused} by someone) is re-activated; one that was deleted is recreated. Runs on a
 * schedule and on demand ({@code POST /api/tenants/{slug}/woo/webhooks/ensure}).
 *
 * <p>WooCommerce never returns a webhook's secret, so we keep a SHA-256 of the secret we last set
 * and send the secret again whenever the tenant's differs (or we never set it).
 */
@ApplicationScoped
public class WebhookManager {

    private static final Logger LOG = Logger.getLogger(WebhookManager.class);

    public static final List<String> ORDER_TOPICS = List.of("order.created", "order.updated", "order.deleted", "order.restored");
    public static final List<String> PRODUCT_TOPICS = List.of("product.created", "product.updated", "product.deleted", "product.restored");
    /** Customers are WordPress users: they can be deleted but not trashed, so there is no customer.restored. */
    public static final List<String> CUSTOMER_TOPICS = List.of("customer.created", "customer.updated", "customer.deleted");

    /** What was done for one topic. */
    public enum Action { UNCHANGED, CREATED, RECREATED, REACTIVATED, UPDATED, FAILED }

    public record TopicResult(String topic, Long webhookId, String statusBefore, Action action, String error) {
    }

    public record Report(String tenantSlug, String deliveryUrl, List<TopicResult> topics, String error) {
    }

    private final WooGateway gateway;
    private final WooStore store;
    private final WooTenants tenants;
    private final WooConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    public WebhookManager(WooGateway gateway, WooStore store, WooTenants tenants, WooConfig config, ObjectMapper json, Clock clock) {
        this.gateway = gateway;
        this.store = store;
        this.tenants = tenants;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    @Scheduled(identity = "woo-webhook-check", every = "${woosync.woo.webhooks.check-every:15m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (config.publicBaseUrl().isEmpty()) {
            return;
        }
        for (WooStore.ActiveTenant t : store.activeTenantsWithStore()) {
            try {
                ensure(t.slug());
            } catch (RuntimeException e) {
                LOG.errorf(e, "webhook check of tenant %s failed", t.slug());
            }
        }
    }

    /** The topics this tenant needs, from its settings. */
    public List<String> desiredTopics(long tenantId) {
        WooStore.Settings s = store.settings(tenantId);
        List<String> topics = new ArrayList<>(ORDER_TOPICS);
        if (s.productsEnabled()) {
            topics.addAll(PRODUCT_TOPICS);
        }
        if (s.customersEnabled()) {
            topics.addAll(CUSTOMER_TOPICS);
        }
        return topics;
    }

    public Optional<String> deliveryUrl(String slug) {
        return config.publicBaseUrl().map(base -> {
            String b = base.toString();
            return (b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/webhooks/woocommerce/" + slug;
        });
    }

    /** Creates, re-activates, recreates or updates the tenant's webhooks; never throws for a WooCommerce failure. */
    public Report ensure(String slug) {
        WooTenants.WooTenant t = tenants.bySlug(slug).orElseThrow(() -> new IllegalArgumentException("no tenant " + slug));
        Instant now = clock.instant();
        List<String> topics = desiredTopics(t.id());
        Optional<String> url = deliveryUrl(slug);
        String secret = t.woo().webhookSecret();
        String problem = url.isEmpty() ? "woosync.woo.public-base-url is not set, so the service cannot tell WooCommerce where to deliver."
                : secret == null ? "Tenant " + slug + " has no webhook secret: set one in the tenant's settings." : null;
        if (problem != null) {
            topics.forEach(topic -> store.saveWebhookError(t.id(), topic, problem, now));
            return new Report(slug, url.orElse(null), List.of(), problem);
        }
        List<JsonNode> existing;
        try {
            existing = gateway.webhooks(t.woo());
        } catch (WooException e) {
            topics.forEach(topic -> store.saveWebhookError(t.id(), topic, e.adminMessage(), now));
            return new Report(slug, url.get(), List.of(), e.adminMessage());
        }
        Map<Long, JsonNode> byId = existing.stream().collect(Collectors.toMap(w -> w.path("id").asLong(), Function.identity(), (a, b) -> a));
        Map<String, WooStore.WebhookRow> known = store.webhooks(t.id()).stream()
                .collect(Collectors.toMap(WooStore.WebhookRow::topic, Function.identity()));
        String secretSha = sha256(secret);
        List<TopicResult> results = new ArrayList<>();
        for (String topic : topics) {
            WooStore.WebhookRow row = known.get(topic);
            JsonNode current = row != null && row.webhookId() != null ? byId.get(row.webhookId()) : null;
            if (current == null) {
                current = existing.stream()
                        .filter(w -> topic.equals(w.path("topic").asText()) && url.get().equals(w.path("delivery_url").asText()))
                        .findFirst().orElse(null);
            }
            try {
                results.add(ensureOne(t, topic, current, row, url.get(), secret, secretSha, now));
            } catch (WooException e) {
                store.saveWebhookError(t.id(), topic, e.adminMessage(), now);
                results.add(new TopicResult(topic, row == null ? null : row.webhookId(), current == null ? "missing"
                        : current.path("status").asText(), Action.FAILED, e.adminMessage()));
            }
        }
        results.stream().filter(r -> r.action() != Action.UNCHANGED)
                .forEach(r -> LOG.infof("tenant %s: webhook %s %s (id %s, was %s)", slug, r.topic(), r.action().name().toLowerCase(),
                        r.webhookId(), r.statusBefore()));
        return new Report(slug, url.get(), results, null);
    }

    private TopicResult ensureOne(WooTenants.WooTenant t, String topic, JsonNode current, WooStore.WebhookRow row, String url,
                                  String secret, String secretSha, Instant now) {
        if (current == null) {
            ObjectNode body = json.createObjectNode()
                    .put("name", config.webhooks().namePrefix() + " " + topic)
                    .put("topic", topic)
                    .put("delivery_url", url)
                    .put("secret", secret)
                    .put("status", "active");
            JsonNode created = gateway.createWebhook(t.woo(), body);
            long id = created.path("id").asLong();
            Action action = row != null && row.webhookId() != null ? Action.RECREATED : Action.CREATED;
            store.saveWebhook(t.id(), topic, id, created.path("status").asText("active"), url, secretSha, action.name().toLowerCase(), now);
            return new TopicResult(topic, id, "missing", action, null);
        }
        long id = current.path("id").asLong();
        String status = current.path("status").asText();
        boolean inactive = !"active".equals(status);
        boolean wrongUrl = !url.equals(current.path("delivery_url").asText());
        boolean secretUnknown = row == null || row.webhookId() == null || row.webhookId() != id || !secretSha.equals(row.secretSha256());
        if (!inactive && !wrongUrl && !secretUnknown) {
            store.saveWebhook(t.id(), topic, id, status, url, secretSha, Action.UNCHANGED.name().toLowerCase(), now);
            return new TopicResult(topic, id, status, Action.UNCHANGED, null);
        }
        ObjectNode body = json.createObjectNode().put("status", "active").put("delivery_url", url).put("secret", secret);
        JsonNode updated = gateway.updateWebhook(t.woo(), id, body);
        Action action = inactive ? Action.REACTIVATED : Action.UPDATED;
        store.saveWebhook(t.id(), topic, id, updated.path("status").asText("active"), url, secretSha, action.name().toLowerCase(), now);
        return new TopicResult(topic, id, status, action, null);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
