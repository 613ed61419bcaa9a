package io.woosync.queue;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A clock tests move by hand. Enabled only by the queue test profiles (not globally), so other
 * capabilities' tests keep their own clocks.
 */
@Alternative
@Singleton
public class SettableClock extends Clock {

    private volatile Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

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

    public synchronized void advance(Duration by) {
        now = now.plus(by);
    }

    /** Moves the clock forward to {@code instant} (never back). */
    public synchronized void advanceTo(Instant instant) {
        if (instant.isAfter(now)) {
            now = instant.truncatedTo(ChronoUnit.MICROS);
        }
    }
}
