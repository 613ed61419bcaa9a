package io.woosync.woo;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;

/**
 * The default {@link ChangeSink}: an idempotent outbox table ({@code woo_pending_change}), one row
 * per changed resource, written in the poll's transaction. Replaced by any other ChangeSink bean
 * (the queue's, at merge).
 */
@DefaultBean
@ApplicationScoped
public class PendingChangeOutbox implements ChangeSink {

    private final WooStore store;
    private final Clock clock;

    public PendingChangeOutbox(WooStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void changed(long tenantId, String resourceType, String resourceId) {
        store.savePendingChange(tenantId, resourceType, resourceId, clock.instant());
    }
}
