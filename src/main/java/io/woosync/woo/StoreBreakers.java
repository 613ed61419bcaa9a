package io.woosync.woo;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One circuit breaker per tenant's store, so a store that is down costs its own tenant only: after
 * {@code failureThreshold} consecutive transient failures, calls to that store fail fast for
 * {@code openFor}, then one trial call decides. Time comes from the injected {@link Clock} (tests
 * move it instead of sleeping). Only CONNECTION-kind outcomes count; a 404 or 401 is an answer, and
 * proves the store is up.
 */
@ApplicationScoped
public class StoreBreakers {

    /** The breaker's state for one tenant. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private static final class Breaker {
        State state = State.CLOSED;
        int consecutiveFailures;
        Instant openUntil = Instant.MIN;
    }

    private final ConcurrentHashMap<String, Breaker> breakers = new ConcurrentHashMap<>();
    private final WooConfig config;
    private final Clock clock;

    public StoreBreakers(WooConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Null when the call may go ahead; otherwise the instant until which the breaker stays open. */
    Instant admit(String tenantSlug) {
        Breaker b = breakers.computeIfAbsent(tenantSlug, k -> new Breaker());
        synchronized (b) {
            if (b.state == State.CLOSED) {
                return null;
            }
            if (b.state == State.OPEN && !clock.instant().isBefore(b.openUntil)) {
                b.state = State.HALF_OPEN; // let exactly this call through as the trial
                return null;
            }
            return b.openUntil;
        }
    }

    void onSuccess(String tenantSlug) {
        Breaker b = breakers.computeIfAbsent(tenantSlug, k -> new Breaker());
        synchronized (b) {
            b.state = State.CLOSED;
            b.consecutiveFailures = 0;
        }
    }

    void onTransientFailure(String tenantSlug) {
        Breaker b = breakers.computeIfAbsent(tenantSlug, k -> new Breaker());
        synchronized (b) {
            b.consecutiveFailures++;
            if (b.state == State.HALF_OPEN || b.consecutiveFailures >= config.breaker().failureThreshold()) {
                b.state = State.OPEN;
                b.openUntil = clock.instant().plus(config.breaker().openFor());
            }
        }
    }

    public State state(String tenantSlug) {
        Breaker b = breakers.get(tenantSlug);
        if (b == null) {
            return State.CLOSED;
        }
        synchronized (b) {
            return b.state;
        }
    }

    int consecutiveFailures(String tenantSlug) {
        Breaker b = breakers.get(tenantSlug);
        return b == null ? 0 : b.consecutiveFailures;
    }

    /** Forgets a tenant's breaker (e.g. after its connection settings changed). */
    public void reset(String tenantSlug) {
        breakers.remove(tenantSlug);
    }
}
