package io.woosync.queue;

import io.woosync.SyncFailure;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the test handlers do, per resource: succeed (the default), fail transiently, fail
 * permanently, throw something unexpected, or hang until released. Records every call.
 */
@Singleton
public class HandlerScript {

    public enum Behaviour { SUCCEED, SKIP, TRANSIENT, PERMANENT, UNEXPECTED, HANG }

    public record Call(String resourceType, String resourceId, long jobId, int attempt, JobTrigger trigger, String tenantSlug) {
    }

    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> entered = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, java.util.function.Consumer<JobContext>> extras = new ConcurrentHashMap<>();

    static String key(String type, String id) {
        return type + "/" + id;
    }

    public void set(String type, String id, Behaviour behaviour) {
        behaviours.put(key(type, id), behaviour);
        if (behaviour == Behaviour.HANG) {
            gates.put(key(type, id), new CountDownLatch(1));
            entered.put(key(type, id), new CountDownLatch(1));
        }
    }

    /** Something extra the handler does with its context before its behaviour (e.g. write payloads). */
    public void also(String type, String id, java.util.function.Consumer<JobContext> extra) {
        extras.put(key(type, id), extra);
    }

    /** Lets a hanging handler return (it then succeeds). */
    public void release(String type, String id) {
        behaviours.put(key(type, id), Behaviour.SUCCEED);
        CountDownLatch gate = gates.get(key(type, id));
        if (gate != null) {
            gate.countDown();
        }
    }

    /** Waits until a hanging handler has been entered (a bounded wait on a latch, not a sleep). */
    public void awaitEntered(String type, String id) throws InterruptedException {
        if (!entered.get(key(type, id)).await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("handler for " + key(type, id) + " never started");
        }
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String tenantSlug) {
        return calls.stream().filter(c -> c.tenantSlug().equals(tenantSlug)).toList();
    }

    JobResult run(JobContext context) throws Exception {
        String key = key(context.resourceType(), context.resourceId());
        calls.add(new Call(context.resourceType(), context.resourceId(), context.jobId(), context.attempt(), context.trigger(),
                context.tenantSlug()));
        java.util.function.Consumer<JobContext> extra = extras.get(key);
        if (extra != null) {
            extra.accept(context);
        }
        Behaviour behaviour = behaviours.getOrDefault(key, Behaviour.SUCCEED);
        switch (behaviour) {
            case SKIP:
                return JobResult.skipped(context.resourceType() + " " + context.resourceId() + " is already up to date");
            case TRANSIENT:
                throw new SyncFailure(SyncFailure.Kind.CONNECTION, "Odoo did not answer within 30 s (timeout) for "
                        + context.resourceType() + " " + context.resourceId() + ".");
            case PERMANENT:
                throw new SyncFailure(SyncFailure.Kind.DATA, "Order #" + context.resourceId()
                        + " failed to sync because product SKU TSHIRT-M-BLK was not found in Odoo product.product -> default_code");
            case UNEXPECTED:
                throw new IllegalStateException("boom");
            case HANG:
                entered.get(key).countDown();
                gates.get(key).await();
                return JobResult.completed("finished after hanging");
            default:
                context.odooRecordId("sale.order," + context.resourceId());
                return JobResult.completed();
        }
    }
}
