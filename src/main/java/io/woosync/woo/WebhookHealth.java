package io.woosync.woo;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Whether a tenant's webhooks can be relied on, with the reason, and the time of the last delivery
 * per topic. The webhook endpoint calls {@link #recordDelivery} for each accepted delivery.
 *
 * <ul>
 *   <li><b>disabled</b>: a webhook the tenant needs is not active in WooCommerce and the last check
 *       could not fix it (or webhooks cannot be managed at all); only the poll keeps data in sync.</li>
 *   <li><b>stale</b>: the webhooks look active but the poll found order changes made well after the
 *       last order delivery ({@code woosync.woo.webhooks.stale-after}), or they were never checked.</li>
 *   <li><b>healthy</b>: otherwise.</li>
 * </ul>
 */
@ApplicationScoped
public class WebhookHealth {

    public enum State { HEALTHY, STALE, DISABLED }

    public record TopicView(String topic, Long webhookId, String status, String lastAction, Instant lastCheckedAt,
                            Instant lastDeliveryAt, String lastError) {
    }

    public record Health(State state, String reason, List<TopicView> topics) {
    }

    private final WooStore store;
    private final WebhookManager manager;
    private final WooConfig config;
    private final Clock clock;
    /** The delivery time this instance last wrote per "tenant|topic". */
    private final ConcurrentHashMap<String, Instant> lastWritten = new ConcurrentHashMap<>();

    public WebhookHealth(WooStore store, WebhookManager manager, WooConfig config, Clock clock) {
        this.store = store;
        this.manager = manager;
        this.config = config;
        this.clock = clock;
    }

    /**
     * For the webhook endpoint: an accepted (signature-checked) delivery of {@code topic} at {@code at}.
     *
     * <p>Written at most once per {@code woosync.woo.webhooks.delivery-time-resolution} per tenant and
     * topic by this instance. Every delivery of a busy store has the same (tenant, topic) row: writing
     * it each time made all concurrent deliveries queue on that one row lock and pay a second commit,
     * which capped ingestion far below what PostgreSQL can store. The stored time is then at most one
     * resolution older than the newest delivery, which is immaterial beside {@code stale-after}.
     */
    public void recordDelivery(long tenantId, String topic, Instant at) {
        String key = tenantId + "|" + topic;
        Instant last = lastWritten.get(key);
        if (last != null && at.isBefore(last.plus(config.webhooks().deliveryTimeResolution()))) {
            return;
        }
        // Claim the write, so that of the threads that cross the resolution together only one writes.
        boolean claimed = last == null ? lastWritten.putIfAbsent(key, at) == null : lastWritten.replace(key, last, at);
        if (!claimed) {
            return;
        }
        try {
            store.recordDelivery(tenantId, topic, at);
        } catch (RuntimeException e) {
            lastWritten.remove(key, at); // not written: the next delivery tries again
            throw e;
        }
    }

    public Health health(long tenantId) {
        List<WooStore.WebhookRow> rows = store.webhooks(tenantId);
        return assess(manager.desiredTopics(tenantId), rows, store.newestPollFoundChange(tenantId, "order"),
                config.webhooks().staleAfter(), clock.instant());
    }

    /** The pure decision, from what is stored. */
    static Health assess(List<String> desired, List<WooStore.WebhookRow> rows, Optional<Instant> newestPollFoundOrderChange,
                         Duration staleAfter, Instant now) {
        Map<String, WooStore.WebhookRow> byTopic = rows.stream().collect(Collectors.toMap(WooStore.WebhookRow::topic, Function.identity()));
        List<TopicView> views = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        List<String> unchecked = new ArrayList<>();
        for (String topic : desired) {
            WooStore.WebhookRow r = byTopic.get(topic);
            if (r == null || r.lastCheckedAt() == null) {
                unchecked.add(topic);
                views.add(new TopicView(topic, null, "unknown", null, null, r == null ? null : r.lastDeliveryAt(), null));
                continue;
            }
            views.add(new TopicView(topic, r.webhookId(), r.status(), r.lastAction(), r.lastCheckedAt(), r.lastDeliveryAt(), r.lastError()));
            if (r.lastError() != null || !"active".equals(r.status())) {
                broken.add(topic + " (" + (r.webhookId() == null ? "no webhook" : "webhook " + r.webhookId() + " " + r.status())
                        + (r.lastError() == null ? "" : ": " + r.lastError()) + ")");
            }
        }
        if (!broken.isEmpty()) {
            return new Health(State.DISABLED, "Not active in WooCommerce and not repaired: " + String.join("; ", broken)
                    + ". Until fixed, only the catch-up poll brings changes.", views);
        }
        if (!unchecked.isEmpty()) {
            return new Health(State.STALE, "Webhooks " + String.join(", ", unchecked) + " have not been checked in WooCommerce yet.", views);
        }
        Instant lastOrderDelivery = rows.stream().filter(r -> r.topic().startsWith("order.") && r.lastDeliveryAt() != null)
                .map(WooStore.WebhookRow::lastDeliveryAt).max(Instant::compareTo).orElse(null);
        if (newestPollFoundOrderChange.isPresent()) {
            Instant change = newestPollFoundOrderChange.get();
            if (lastOrderDelivery == null || change.isAfter(lastOrderDelivery.plus(staleAfter))) {
                return new Health(State.STALE, "The catch-up poll found an order changed at " + change + " but the last order webhook "
                        + (lastOrderDelivery == null ? "never arrived" : "arrived at " + lastOrderDelivery)
                        + ": deliveries are not reaching the service (check WooCommerce > Status > Scheduled Actions and that the store "
                        + "can reach the delivery URL).", views);
            }
        }
        List<String> repaired = views.stream().filter(v -> v.lastAction() != null && !"unchanged".equals(v.lastAction()))
                .map(v -> v.topic() + " " + v.lastAction() + " at " + v.lastCheckedAt()).toList();
        return new Health(State.HEALTHY, "All " + desired.size() + " webhooks are active"
                + (lastOrderDelivery == null ? "" : "; last order delivery at " + lastOrderDelivery)
                + (repaired.isEmpty() ? "." : "; last check: " + String.join(", ", repaired) + "."), views);
    }
}
