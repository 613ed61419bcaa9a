package io.woosync.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Group commit for accepted deliveries: request threads hand their delivery over and wait; the
 * writer thread takes whatever has queued up meanwhile (up to {@code max-batch}) and stores it in
 * ONE transaction, then releases every waiting request at once. A delivery is still answered
 * 200 only after its own commit, so nothing acknowledged can be lost.
 *
 * <p>Why: each commit costs a WAL flush and a round of transaction bookkeeping in PostgreSQL, and
 * on a small machine those, not the inserts, bound how many deliveries per second can be
 * acknowledged. Batches form by themselves under load (whatever arrives while a writer commits)
 * and are of size one when it is quiet, so there is no added wait at low rates.
 *
 * <p>One writer does the writing; the others stand by and take a batch only when a delivery has
 * waited longer than {@code standby-after}, that is when the first writer is stuck (a row lock,
 * a slow statement). Two writers sharing the work split every batch in two: twice the statements
 * and commits for the same deliveries (measured here: a quarter fewer deliveries per second).
 *
 * <p>A batch that fails is retried one delivery per transaction, so one bad delivery never takes
 * others down with it. Within a batch, deliveries are written in (tenant, resource) order: two
 * writers then lock jobs of the same orders in the same order and cannot deadlock each other.
 */
@ApplicationScoped
public class DeliveryWriter {

    private static final Logger LOG = Logger.getLogger(DeliveryWriter.class);
    private static final Comparator<Pending> LOCK_ORDER = Comparator
            .comparingLong((Pending p) -> p.delivery().tenantId())
            .thenComparing(p -> p.delivery().resourceType())
            .thenComparing(p -> p.delivery().resourceId());

    /** A delivery waiting for its commit, since {@code queuedAt} ({@link System#nanoTime}). */
    private record Pending(DeliveryStore.Incoming delivery, CompletableFuture<Optional<DeliveryStore.Stored>> result, long queuedAt) {
    }

    private final DeliveryStore store;
    private final IngestConfig config;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private final DistributionSummary batchSizes;
    private final Counter standbyBatches;
    private final Timer commitTime;
    private volatile boolean accepting = true;

    public DeliveryWriter(DeliveryStore store, IngestConfig config, MeterRegistry metrics) {
        this.store = store;
        this.config = config;
        this.batchSizes = DistributionSummary.builder("woosync.webhook.commit.batch")
                .description("Deliveries committed together in one transaction").register(metrics);
        this.standbyBatches = Counter.builder("woosync.webhook.commit.standby")
                .description("Batches a standby writer took because a delivery had waited standby-after (the first writer was stuck)")
                .register(metrics);
        // Every answer waits for its batch's commit, so this is where a stalled database (a WAL
        // flush behind the host's writeback, a checkpoint) shows first: as a histogram, so that
        // Prometheus can give its p99. A dozen fixed buckets, not Micrometer's seventy.
        this.commitTime = Timer.builder("woosync.webhook.commit.duration")
                .description("Time to store one batch of deliveries with their jobs and commit it")
                .serviceLevelObjectives(Stream.of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000)
                        .map(Duration::ofMillis).toArray(Duration[]::new))
                .register(metrics);
        metrics.gauge("woosync.webhook.commit.waiting", queue, BlockingQueue::size);
    }

    /** Deliveries handed over and not yet taken into a batch. */
    int waiting() {
        return queue.size();
    }

    /**
     * Hands the delivery over for the next batch. The future completes on a writer thread once the
     * batch is committed: with the stored delivery and job, empty for an identical re-delivery, or
     * exceptionally with an {@link SQLException} when it could not be stored (database failure,
     * shutting down, or no commit within {@code woosync.ingest.group-commit.max-wait}; the caller
     * answers 503 and WooCommerce counts the delivery as failed).
     */
    CompletableFuture<Optional<DeliveryStore.Stored>> submit(DeliveryStore.Incoming delivery) {
        CompletableFuture<Optional<DeliveryStore.Stored>> result = new CompletableFuture<>();
        if (!accepting) {
            result.completeExceptionally(new SQLException("the service is shutting down"));
            return result;
        }
        startWriters();
        queue.add(new Pending(delivery, result, System.nanoTime()));
        // On timeout it may still commit later: then it is stored and merely reported as failed, never lost.
        return result.orTimeout(config.groupCommit().maxWait().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@link #submit} for a thread that may block: returns once committed. */
    Optional<DeliveryStore.Stored> write(DeliveryStore.Incoming delivery) throws SQLException {
        try {
            return submit(delivery).get();
        } catch (ExecutionException e) {
            throw asSqlException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the commit");
        }
    }

    /** The failure of a {@link #submit} future as the SQLException it stands for. */
    static SQLException asSqlException(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof SQLException sql) {
            return sql;
        }
        if (cause instanceof TimeoutException) {
            return new SQLException("not committed in time");
        }
        return new SQLException(cause.getMessage(), cause);
    }

    private synchronized void startWriters() {
        if (!writers.isEmpty() || !accepting) {
            return;
        }
        for (int i = 0; i < config.groupCommit().writers(); i++) {
            boolean standby = i > 0;
            Thread t = new Thread(() -> writeLoop(standby), standby ? "delivery-writer-standby-" + i : "delivery-writer");
            t.setDaemon(true);
            writers.add(t);
            t.start();
        }
    }

    private void writeLoop(boolean standby) {
        int maxBatch = config.groupCommit().maxBatch();
        long standbyAfter = config.groupCommit().standbyAfter().toNanos();
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (accepting || !queue.isEmpty()) {
            try {
                Pending first = standby ? takeOverdue(standbyAfter) : queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                if (standby) {
                    standbyBatches.increment();
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                writeBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "delivery writer: unexpected failure");
                batch.forEach(p -> p.result().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * A standby writer's wait: the oldest queued delivery once it has waited {@code after}, or
     * null after a short nap. Checking a few times per {@code after} costs nothing measurable.
     */
    private Pending takeOverdue(long after) throws InterruptedException {
        Pending head = queue.peek();
        long now = System.nanoTime();
        if (head != null && now - head.queuedAt() >= after || !accepting) {
            // The first writer may have taken it meanwhile: then this is the next one (or none).
            return queue.poll();
        }
        long nap = head == null ? after : after - (now - head.queuedAt());
        Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nap)));
        return null;
    }

    private void writeBatch(List<Pending> batch) {
        batchSizes.record(batch.size());
        batch.sort(LOCK_ORDER);
        try {
            List<Optional<DeliveryStore.Stored>> stored = commitTime.recordCallable(
                    () -> store.storeAndEnqueue(batch.stream().map(Pending::delivery).toList()));
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(stored.get(i));
            }
        } catch (Exception e) {
            if (batch.size() == 1) {
                batch.get(0).result().completeExceptionally(e);
                return;
            }
            LOG.warnf("a batch of %d deliveries failed (%s); storing them one by one", batch.size(), e.getMessage());
            for (Pending p : batch) {
                try {
                    p.result().complete(store.storeAndEnqueue(List.of(p.delivery())).get(0));
                } catch (SQLException | RuntimeException single) {
                    p.result().completeExceptionally(single);
                }
            }
        }
    }

    /**
     * Graceful shutdown has already let in-flight requests finish; stop taking new deliveries and
     * let the writers commit whatever is still queued before the datasource closes.
     */
    void stop(@Observes ShutdownEvent event) {
        accepting = false;
        for (Thread t : writers) {
            try {
                t.join(config.groupCommit().maxWait().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
