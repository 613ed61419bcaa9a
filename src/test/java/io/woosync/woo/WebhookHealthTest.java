package io.woosync.woo;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure health decision. */
class WebhookHealthTest {

    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    static final List<String> TOPICS = List.of("order.created", "order.updated");

    static WooStore.WebhookRow row(String topic, String status, Instant lastDelivery, String error) {
        return new WooStore.WebhookRow(topic, 5L, status, "https://sync/x", "sha", "unchanged", NOW.minusSeconds(60), lastDelivery, error);
    }

    @Test
    void disabledWhenAWebhookIsNotActiveOrCouldNotBeChecked() {
        WebhookHealth.Health h = WebhookHealth.assess(TOPICS, List.of(row("order.created", "active", null, null),
                row("order.updated", "disabled", null, null)), Optional.empty(), Duration.ofMinutes(15), NOW);
        assertEquals(WebhookHealth.State.DISABLED, h.state());
        assertTrue(h.reason().contains("order.updated (webhook 5 disabled)"), h.reason());
    }

    @Test
    void staleWhenThePollFoundChangesLongAfterTheLastDelivery() {
        List<WooStore.WebhookRow> rows = List.of(row("order.created", "active", NOW.minusSeconds(7200), null),
                row("order.updated", "active", null, null));
        assertEquals(WebhookHealth.State.STALE, WebhookHealth.assess(TOPICS, rows, Optional.of(NOW.minusSeconds(60)),
                Duration.ofMinutes(15), NOW).state());
        assertEquals(WebhookHealth.State.HEALTHY, WebhookHealth.assess(TOPICS, rows, Optional.of(NOW.minusSeconds(7200 - 600)),
                Duration.ofMinutes(15), NOW).state(), "a change within stale-after of the last delivery is just a slow webhook");
        assertEquals(WebhookHealth.State.STALE, WebhookHealth.assess(TOPICS, List.of(row("order.created", "active", null, null)),
                Optional.empty(), Duration.ofMinutes(15), NOW).state(), "order.updated never checked");
    }
}
