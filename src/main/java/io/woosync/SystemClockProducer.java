package io.woosync;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The one source of "now". Everything that schedules, times out or stamps a row takes a
 * {@link Clock} by injection, so tests substitute a settable clock and never sleep.
 */
@Singleton
public class SystemClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
