package io.woosync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.woosync.odoo.OdooConfig;
import io.woosync.odoo.OdooGateway;
import io.woosync.tenant.TenantConnections;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real gateway, counting calls and the time spent waiting for Odoo (every call funnels through
 * {@link #execute}). Enabled only by {@link OrderSyncBench}'s profile.
 */
@Alternative
@Singleton
public class TimedOdooGateway extends OdooGateway {

    final AtomicLong calls = new AtomicLong();
    final AtomicLong nanos = new AtomicLong();

    public TimedOdooGateway(OdooConfig config, Clock clock, ObjectMapper json) {
        super(config, clock, json);
    }

    @Override
    public JsonNode execute(TenantConnections.Odoo odoo, String model, String method, List<?> args, Map<String, ?> kwargs) {
        long started = System.nanoTime();
        try {
            return super.execute(odoo, model, method, args, kwargs);
        } finally {
            nanos.addAndGet(System.nanoTime() - started);
            calls.incrementAndGet();
        }
    }

    void reset() {
        calls.set(0);
        nanos.set(0);
    }
}
