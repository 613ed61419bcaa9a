package io.woosync.odoo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

/**
 * Settings of the Odoo gateway. Every call is bounded by {@link #connectTimeout()} and
 * {@link #callTimeout()}; the retry, breaker and bulkhead settings apply to each tenant separately.
 */
@ConfigMapping(prefix = "woosync.odoo")
public interface OdooConfig {

    /** How long to wait for a TCP connection to the tenant's Odoo. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** How long one HTTP call may take, from sending the request to the last byte of the answer. */
    @WithDefault("30s")
    Duration callTimeout();

    /**
     * Transport per tenant slug, overriding the one chosen from the detected version:
     * {@code json-rpc} (Odoo 16 to 21) or {@code json-2} (Odoo 19 and later).
     */
    Map<String, OdooTransportKind> transportOverride();

    /** Warn in the connection test when an Odoo 19 API key expires within this many days. */
    @WithDefault("14")
    int apiKeyExpiryWarningDays();

    Retry retry();

    Breaker breaker();

    Bulkhead bulkhead();

    /** Retries of transient faults (timeouts, refused connections, HTTP 502/503/504/429, serialization failures). */
    interface Retry {
        /** Retries after the first attempt; 0 disables retrying. */
        @WithDefault("3")
        int maxRetries();

        /** Delay before the first retry; each further retry doubles it (see {@link #multiplier()}). */
        @WithDefault("250ms")
        Duration initialDelay();

        /** Growth of the delay from one retry to the next. */
        @WithDefault("2.0")
        double multiplier();

        /** The longest delay between two attempts. */
        @WithDefault("5s")
        Duration maxDelay();

        /** Fraction of each delay that is randomised (0 = none, 1 = anywhere between 0 and the delay). */
        @WithDefault("0.5")
        double jitter();
    }

    /** One circuit breaker per tenant: a tenant whose Odoo is down stops being called for a while. */
    interface Breaker {
        /** Consecutive transient failures that open the breaker. */
        @WithDefault("5")
        int failureThreshold();

        /** How long an open breaker rejects calls before letting one probe through (half-open). */
        @WithDefault("30s")
        Duration openDuration();
    }

    /** One bulkhead per tenant: at most this many calls to one tenant's Odoo at a time. */
    interface Bulkhead {
        /** Concurrent calls per tenant. */
        @WithDefault("4")
        int maxConcurrent();

        /** How long a call waits for a free slot before failing as a connection problem. */
        @WithDefault("10s")
        Duration maxWait();
    }
}
