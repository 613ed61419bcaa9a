package io.woosync.odoo;

import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Fault tolerance per tenant: a circuit breaker, a bulkhead and retries with exponential backoff and
 * jitter, one set per tenant slug, so one tenant's dead Odoo never slows or blocks another's.
 *
 * <p>Written here rather than with SmallRye Fault Tolerance's annotations because those are keyed
 * per method, not per tenant; and the breaker reads the injected {@link Clock}, so tests move time
 * instead of sleeping. The per-call timeout is the HTTP client's (see {@link OdooHttp}).
 */
final class TenantGuards {

    private static final Logger LOG = Logger.getLogger(TenantGuards.class);

    /** Waits between retries; tests replace it to record the delays instead of sleeping. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** State of one tenant's breaker, for tests and the status page. */
    enum BreakerState { CLOSED, OPEN, HALF_OPEN }

    private final OdooConfig config;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ConcurrentMap<String, Guard> guards = new ConcurrentHashMap<>();

    TenantGuards(OdooConfig config, Clock clock, Sleeper sleeper) {
        this.config = config;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Runs {@code attempt} for {@code tenant} under the tenant's breaker and bulkhead, retrying
     * transient faults. When {@code repeatable} is false (creates, actions) a fault after which the
     * request may have been applied ({@link OdooException#ambiguous()}) is not retried: the caller
     * must read back first.
     */
    <T> T call(String tenant, String url, boolean repeatable, Supplier<T> attempt) {
        Guard guard = guards.computeIfAbsent(tenant, t -> new Guard());
        int retries = Math.max(0, config.retry().maxRetries());
        OdooException last = null;
        for (int n = 0; ; n++) {
            try {
                guard.admit(tenant, url);
            } catch (OdooException open) {
                // The breaker opened during our own retries: report what actually went wrong.
                throw last != null ? last : open;
            }
            boolean acquired;
            try {
                acquired = guard.slots.tryAcquire(config.bulkhead().maxWait().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                guard.release(false);
                throw OdooErrors.bulkheadFull(tenant, config.bulkhead().maxConcurrent(), config.bulkhead().maxWait());
            }
            if (!acquired) {
                guard.release(false);
                throw OdooErrors.bulkheadFull(tenant, config.bulkhead().maxConcurrent(), config.bulkhead().maxWait());
            }
            try {
                T result = attempt.get();
                guard.onSuccess();
                return result;
            } catch (OdooException e) {
                if (e.transientFault()) {
                    guard.onFailure(tenant);
                } else {
                    // Odoo answered (with a data or configuration error): the connection is healthy.
                    guard.onSuccess();
                }
                last = e;
                boolean again = e.retryNow() && n < retries && (repeatable || !e.ambiguous());
                if (!again) {
                    throw e;
                }
                Duration delay = backoff(n);
                LOG.debugf("tenant %s: %s, retry %d of %d in %d ms", tenant, e.fault(), n + 1, retries, delay.toMillis());
                pause(delay);
            } catch (RuntimeException e) {
                // Not a classified Odoo failure (a defect on our side): do not leave a half-open probe hanging.
                guard.release(false);
                throw e;
            } finally {
                guard.slots.release();
            }
        }
    }

    /** Exponential backoff with jitter: initial × multiplier^n, capped, with up to {@code jitter} of it randomised away. */
    Duration backoff(int retryIndex) {
        OdooConfig.Retry r = config.retry();
        double base = r.initialDelay().toMillis() * Math.pow(r.multiplier(), retryIndex);
        double capped = Math.min(base, r.maxDelay().toMillis());
        double jitter = Math.max(0, Math.min(1, r.jitter()));
        double delay = capped * (1 - jitter * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(Math.round(delay));
    }

    BreakerState state(String tenant) {
        Guard g = guards.get(tenant);
        return g == null ? BreakerState.CLOSED : g.state();
    }

    private void pause(Duration delay) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry an Odoo call", e);
        }
    }

    /** One tenant's breaker and bulkhead. */
    private final class Guard {
        final Semaphore slots = new Semaphore(Math.max(1, config.bulkhead().maxConcurrent()), true);
        private BreakerState state = BreakerState.CLOSED;
        private int consecutiveFailures;
        private Instant openedAt;
        private boolean probeInFlight;

        synchronized BreakerState state() {
            if (state == BreakerState.OPEN && !clock.instant().isBefore(openedAt.plus(config.breaker().openDuration()))) {
                return BreakerState.HALF_OPEN;
            }
            return state;
        }

        /** Lets the call through, or throws when the breaker is open (or half-open with its probe already out). */
        synchronized void admit(String tenant, String url) {
            Instant now = clock.instant();
            if (state == BreakerState.OPEN) {
                Instant until = openedAt.plus(config.breaker().openDuration());
                if (now.isBefore(until)) {
                    throw OdooErrors.circuitOpen(tenant, url, consecutiveFailures, Duration.between(now, until));
                }
                state = BreakerState.HALF_OPEN;
                probeInFlight = false;
            }
            if (state == BreakerState.HALF_OPEN) {
                if (probeInFlight) {
                    throw OdooErrors.circuitOpen(tenant, url, consecutiveFailures, Duration.ZERO);
                }
                probeInFlight = true;
            }
        }

        /** Undoes {@link #admit} for a call that never ran (bulkhead full). */
        synchronized void release(boolean ran) {
            if (!ran && state == BreakerState.HALF_OPEN) {
                probeInFlight = false;
            }
        }

        synchronized void onSuccess() {
            if (state != BreakerState.CLOSED) {
                LOG.infof("Odoo circuit closed again");
            }
            state = BreakerState.CLOSED;
            consecutiveFailures = 0;
            probeInFlight = false;
        }

        synchronized void onFailure(String tenant) {
            consecutiveFailures++;
            if (state == BreakerState.HALF_OPEN || consecutiveFailures >= config.breaker().failureThreshold()) {
                if (state != BreakerState.OPEN) {
                    LOG.warnf("tenant %s: Odoo circuit opened after %d consecutive failures", tenant, consecutiveFailures);
                }
                state = BreakerState.OPEN;
                openedAt = clock.instant();
                probeInFlight = false;
            }
        }
    }
}
