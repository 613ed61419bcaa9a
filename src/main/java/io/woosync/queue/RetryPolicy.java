package io.woosync.queue;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The retry schedule as a pure function of (now, attempt): attempt 1 runs at once, attempt n+1
 * runs {@code retryDelays[n-1]} after attempt n failed; after the last delay there is no next
 * attempt.
 */
@ApplicationScoped
public class RetryPolicy {

    private final List<Duration> delays;

    public RetryPolicy(QueueConfig config) {
        this.delays = List.copyOf(config.retryDelays());
    }

    /** Total attempts a job gets: the first plus one per delay. */
    public int maxAttempts() {
        return delays.size() + 1;
    }

    /** When to try again after {@code failedAttempt} (1-based) failed at {@code now}; empty when no attempts are left. */
    public Optional<Instant> nextAttempt(Instant now, int failedAttempt, int maxAttempts) {
        if (failedAttempt >= maxAttempts || failedAttempt < 1) {
            return Optional.empty();
        }
        Duration delay = delays.get(Math.min(failedAttempt, delays.size()) - 1);
        return Optional.of(now.plus(delay));
    }
}
