package io.woosync.woo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Configuration of the WooCommerce gateway (prefix {@code woosync.woo}). */
@ConfigMapping(prefix = "woosync.woo")
public interface WooConfig {

    /**
     * The service's public base URL as WooCommerce reaches it, e.g. {@code https://sync.example.com}.
     * Webhooks are created pointing at {@code <this>/webhooks/woocommerce/<tenant slug>}. Unset means
     * webhooks are not managed (the health state says so); there is no safe default for it.
     */
    Optional<URI> publicBaseUrl();

    /** HTTP behaviour of the REST client. */
    Http http();

    /** Per-tenant circuit breaker. */
    Breaker breaker();

    /** Catch-up poll. */
    Poll poll();

    /** Webhook management. */
    Webhooks webhooks();

    interface Http {
        /** Time allowed to open a TCP/TLS connection to the store. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** Time allowed for a whole request/response; a slow store is a connection problem. */
        @WithDefault("30s")
        Duration requestTimeout();

        /** Extra attempts after a transient failure (timeout, refused connection, 429, 5xx); others are never retried. */
        @WithDefault("2")
        int retries();

        /** Wait before the first retry; doubles each retry. */
        @WithDefault("500ms")
        Duration retryDelay();

        /** Page size for list calls (WooCommerce allows at most 100). */
        @WithDefault("50")
        int perPage();
    }

    interface Breaker {
        /** Consecutive transient failures of one tenant's store that open its breaker. */
        @WithDefault("5")
        int failureThreshold();

        /** How long an open breaker fails calls fast before letting one trial call through. */
        @WithDefault("60s")
        Duration openFor();
    }

    interface Poll {
        /** Schedule of the catch-up poll over all active tenants (Quarkus scheduler "every" syntax); "off" disables it. */
        @WithDefault("5m")
        String every();

        /** How far behind its cursor each poll starts, to survive clock skew and same-second changes. */
        @WithDefault("10m")
        Duration overlap();

        /** On a tenant's first poll, how far back to look. */
        @WithDefault("1d")
        Duration initialLookback();

        /** At most this many pages per resource per poll; the rest waits for the next poll (the cursor only moves over what was read). */
        @WithDefault("20")
        int maxPages();

        /**
         * Minimum time between two customer polls of one tenant. /customers has no modified_after
         * filter, so a customer poll reads the whole list and filters on date_modified_gmt itself.
         */
        @WithDefault("1h")
        Duration customersEvery();
    }

    interface Webhooks {
        /** Schedule of the webhook check (create, re-activate, recreate) over all active tenants; "off" disables it. */
        @WithDefault("15m")
        String checkEvery();

        /**
         * Health turns "stale" when WooCommerce changed an order this long after the last order webhook
         * arrived, i.e. the poll found changes whose webhooks never came.
         */
        @WithDefault("15m")
        Duration staleAfter();

        /**
         * How precisely the last delivery time per topic is kept: each instance writes it at most once
         * per this interval (a busy store's deliveries would otherwise all update one row). Keep it
         * well below {@code stale-after}.
         */
        @WithDefault("10s")
        Duration deliveryTimeResolution();

        /** Name prefix of the webhooks the service creates (shown in WooCommerce > Settings > Advanced > Webhooks). */
        @WithDefault("WooSync")
        String namePrefix();
    }
}
