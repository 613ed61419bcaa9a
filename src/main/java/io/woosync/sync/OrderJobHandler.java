package io.woosync.sync;

import io.woosync.SyncFailure;
import io.woosync.queue.JobContext;
import io.woosync.queue.JobHandler;
import io.woosync.queue.JobResult;
import jakarta.enterprise.context.ApplicationScoped;

/** The queue's handler for "order" jobs: one {@link OrderSync} attempt. */
@ApplicationScoped
public class OrderJobHandler implements JobHandler {

    private final OrderSync sync;

    public OrderJobHandler(OrderSync sync) {
        this.sync = sync;
    }

    @Override
    public String resourceType() {
        return "order";
    }

    @Override
    public JobResult handle(JobContext context) {
        long id;
        try {
            id = Long.parseLong(context.resourceId());
        } catch (NumberFormatException e) {
            throw new SyncFailure(SyncFailure.Kind.DATA, "Order job " + context.jobId() + " names \"" + context.resourceId()
                    + "\", which is not a WooCommerce order id; cancel the job.");
        }
        return sync.sync(context.tenantSlug(), id, context);
    }
}
