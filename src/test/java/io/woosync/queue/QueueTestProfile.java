package io.woosync.queue;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The queue and webhook tests: a settable clock, scripted handlers, no scheduler (tests call the
 * worker directly), small limits that tests can reach.
 */
public class QueueTestProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(SettableClock.class, ScriptedHandlers.Orders.class, ScriptedHandlers.Products.class,
                ScriptedHandlers.Customers.class, ScriptedHandlers.Coupons.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("woosync.queue.scheduler-enabled", "false");
        config.put("woosync.queue.per-tenant-concurrency", "2");
        config.put("woosync.queue.pool-size", "4");
        config.put("woosync.queue.lease", "5m");
        config.put("woosync.queue.sync-log-payload-limit", "2000");
        config.put("woosync.ingest.max-body-size", "256K");
        return config;
    }
}
