package io.woosync.woo;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The per-tenant breaker's states, driven by a clock the test moves (no sleeping). */
class StoreBreakersTest {

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-28T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
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

    static WooConfig config(int threshold, Duration openFor) {
        WooConfig.Breaker breaker = new WooConfig.Breaker() {
            @Override
            public int failureThreshold() {
                return threshold;
            }

            @Override
            public Duration openFor() {
                return openFor;
            }
        };
        return new WooConfig() {
            @Override
            public Optional<URI> publicBaseUrl() {
                return Optional.empty();
            }

            @Override
            public Http http() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Breaker breaker() {
                return breaker;
            }

            @Override
            public Poll poll() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Webhooks webhooks() {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void opensAfterThresholdLetsOneTrialThroughAfterOpenForAndClosesOnSuccess() {
        MovableClock clock = new MovableClock();
        StoreBreakers breakers = new StoreBreakers(config(2, Duration.ofSeconds(60)), clock);
        assertNull(breakers.admit("a"));
        breakers.onTransientFailure("a");
        assertEquals(StoreBreakers.State.CLOSED, breakers.state("a"));
        breakers.onTransientFailure("a");
        assertEquals(StoreBreakers.State.OPEN, breakers.state("a"));
        assertEquals(Instant.parse("2026-11-28T00:01:00Z"), breakers.admit("a"), "fails fast until open-for has passed");
        assertNull(breakers.admit("b"), "other tenants are not affected");

        clock.now = clock.now.plusSeconds(60);
        assertNull(breakers.admit("a"), "one trial call");
        assertEquals(StoreBreakers.State.HALF_OPEN, breakers.state("a"));
        assertNotNull(breakers.admit("a"), "only one");
        breakers.onTransientFailure("a");
        assertEquals(StoreBreakers.State.OPEN, breakers.state("a"), "a failed trial opens it again at once");

        clock.now = clock.now.plusSeconds(60);
        assertNull(breakers.admit("a"));
        breakers.onSuccess("a");
        assertEquals(StoreBreakers.State.CLOSED, breakers.state("a"));
        assertNull(breakers.admit("a"));
    }
}
