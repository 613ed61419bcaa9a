package io.woosync.odoo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** An {@link OdooConfig} for plain unit tests: short timeouts, no jitter, small breaker. Fields are mutable per test. */
final class TestOdooConfig implements OdooConfig {

    Duration connectTimeout = Duration.ofSeconds(2);
    Duration callTimeout = Duration.ofSeconds(5);
    Map<String, OdooTransportKind> transportOverride = new HashMap<>();
    int maxRetries = 2;
    Duration initialDelay = Duration.ofMillis(100);
    double multiplier = 2.0;
    Duration maxDelay = Duration.ofMillis(300);
    double jitter = 0;
    int failureThreshold = 3;
    Duration openDuration = Duration.ofSeconds(30);
    int maxConcurrent = 4;
    Duration maxWait = Duration.ofSeconds(2);

    @Override
    public Duration connectTimeout() {
        return connectTimeout;
    }

    @Override
    public Duration callTimeout() {
        return callTimeout;
    }

    @Override
    public Map<String, OdooTransportKind> transportOverride() {
        return transportOverride;
    }

    @Override
    public int apiKeyExpiryWarningDays() {
        return 14;
    }

    @Override
    public Retry retry() {
        return new Retry() {
            @Override
            public int maxRetries() {
                return maxRetries;
            }

            @Override
            public Duration initialDelay() {
                return initialDelay;
            }

            @Override
            public double multiplier() {
                return multiplier;
            }

            @Override
            public Duration maxDelay() {
                return maxDelay;
            }

            @Override
            public double jitter() {
                return jitter;
            }
        };
    }

    @Override
    public Breaker breaker() {
        return new Breaker() {
            @Override
            public int failureThreshold() {
                return failureThreshold;
            }

            @Override
            public Duration openDuration() {
                return openDuration;
            }
        };
    }

    @Override
    public Bulkhead bulkhead() {
        return new Bulkhead() {
            @Override
            public int maxConcurrent() {
                return maxConcurrent;
            }

            @Override
            public Duration maxWait() {
                return maxWait;
            }
        };
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-27T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
