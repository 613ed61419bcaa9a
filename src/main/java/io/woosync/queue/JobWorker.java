package io.woosync.queue;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.woosync.SyncFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Claims due jobs and runs their handlers on a bounded pool; renews the leases of the jobs it
 * holds; rescues jobs whose worker died; drains at shutdown.
 *
 * <p>The Quarkus scheduler calls {@link #scheduledPoll()} and {@link #scheduledRescue()}; tests
 * disable that ({@code woosync.queue.scheduler-enabled=false}) and call {@link #claim},
 * {@link #execute}, {@link #rescue} and {@link #drain} directly with a settable clock.
 *
 * <p>Each outcome is recorded in one transaction with the attempt's sync-log row, and only while
 * the claim is still ours ({@code state = 'running' and claims = ?}): a worker that lost its lease
 * (rescued, or released at shutdown) changes nothing.
 */
@ApplicationScoped
public class JobWorker {

    private static final Logger LOG = Logger.getLogger(JobWorker.class);
    private static final int RESCUE_BATCH = 100;

    /** What became of one attempt. */
    public enum Outcome { completed, skipped, follow_up, retrying, blocked, failed, late }

    /** What a drain did: jobs that finished within the grace period, and jobs released unfinished. */
    public record DrainReport(int finished, int released) {
    }

    private record InFlight(ClaimedJob job, Future<?> future) {
    }

    private final JobStore store;
    private final JobHandlers handlers;
    private final RetryPolicy retryPolicy;
    private final SyncLog syncLog;
    private final Clock clock;
    private final QueueConfig config;
    private final Event<JobNeedsAttention> attention;
    private final MeterRegistry metrics;
    private final String workerId;
    private final ConcurrentHashMap<Long, InFlight> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger threadNumber = new AtomicInteger();

    private volatile ExecutorService executor;
    private volatile boolean draining;
    private volatile Instant lastPoll;

    public JobWorker(JobStore store, JobHandlers handlers, RetryPolicy retryPolicy, SyncLog syncLog, Clock clock,
                     QueueConfig config, Event<JobNeedsAttention> attention, MeterRegistry metrics) {
        this.store = store;
        this.handlers = handlers;
        this.retryPolicy = retryPolicy;
        this.syncLog = syncLog;
        this.clock = clock;
        this.config = config;
        this.attention = attention;
        this.metrics = metrics;
        this.workerId = hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.executor = newExecutor();
        this.lastPoll = clock.instant();
    }

    @Scheduled(every = "${woosync.queue.poll-interval:500ms}", identity = "woosync-queue-poll",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPoll() {
        if (config.schedulerEnabled()) {
            poll();
        }
    }

    @Scheduled(every = "${woosync.queue.rescue-interval:30s}", identity = "woosync-queue-rescue",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRescue() {
        if (config.schedulerEnabled() && !draining) {
            rescue();
        }
    }

    /**
     * One turn of the worker loop: renew the leases of running jobs, then claim as many due jobs
     * as there are free threads and start them.
     *
     * @return how many jobs were started
     */
    public int poll() {
        if (draining) {
            return 0;
        }
        lastPoll = clock.instant();
        heartbeat();
        int free = config.poolSize() - inFlight.size();
        List<ClaimedJob> jobs = claim(free);
        for (ClaimedJob job : jobs) {
            start(job);
        }
        return jobs.size();
    }

    /** Claims up to {@code max} due jobs for this worker (fairly across tenants, within their caps). */
    public List<ClaimedJob> claim(int max) {
        if (draining || max <= 0) {
            return List.of();
        }
        Instant now = clock.instant();
        return store.claim(workerId, max, config.perTenantConcurrency(), now, now.plus(config.lease()));
    }

    /** Runs a claimed job on the worker pool; its lease is renewed by {@link #poll()} while it runs. */
    public Future<?> start(ClaimedJob job) {
        Future<?> future = executor.submit(() -> {
            try {
                execute(job);
            } finally {
                inFlight.remove(job.id());
            }
        });
        inFlight.put(job.id(), new InFlight(job, future));
        if (future.isDone()) {
            inFlight.remove(job.id());
        }
        return future;
    }

    /** Renews the lease of every job this worker is running. */
    public void heartbeat() {
        List<ClaimedJob> held = inFlight.values().stream().map(InFlight::job).toList();
        if (!held.isEmpty()) {
            store.extendLeases(held, clock.instant().plus(config.lease()));
        }
    }

    /**
     * Runs one claimed job in the calling thread and records its outcome. If the outcome cannot be
     * recorded (database gone), the exception propagates and the job stays running until its lease
     * expires and the rescuer returns it: never lost, at worst run again.
     */
    public Outcome execute(ClaimedJob job) {
        AttemptContext context = new AttemptContext(job, syncLog);
        Optional<JobHandler> handler = handlers.forType(job.resourceType());
        ManagedContext requestContext = Arc.container().requestContext();
        boolean activated = false;
        if (!requestContext.isActive()) {
            requestContext.activate();
            activated = true;
        }
        JobResult result;
        try {
            if (handler.isEmpty()) {
                throw new SyncFailure(SyncFailure.Kind.CONFIGURATION, "No handler is installed for " + job.resourceType()
                        + " jobs, so " + job.resourceType() + " " + job.resourceId() + " cannot be synced; retry it after upgrading the service.");
            }
            result = handler.get().handle(context);
        } catch (SyncFailure failure) {
            String failureClass = failure.kind().name().toLowerCase(Locale.ROOT);
            if (failure.retryable()) {
                LOG.infof("job %d (%s %s/%s) attempt %d: transient failure: %s", job.id(), job.tenantSlug(),
                        job.resourceType(), job.resourceId(), job.attempt(), failure.adminMessage());
                return failedTransiently(job, context, failureClass, failure.adminMessage());
            }
            LOG.infof("job %d (%s %s/%s) blocked: %s", job.id(), job.tenantSlug(), job.resourceType(), job.resourceId(),
                    failure.adminMessage());
            return finishedWithFailure(job, context, JobState.blocked, failureClass, failure.adminMessage());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return failedTransiently(job, context, "unexpected", "The sync was interrupted (service shutting down).");
        } catch (Exception unexpected) {
            LOG.warnf(unexpected, "job %d (%s %s/%s) attempt %d: unexpected %s", job.id(), job.tenantSlug(),
                    job.resourceType(), job.resourceId(), job.attempt(), unexpected.getClass().getName());
            return failedTransiently(job, context, "unexpected", "Unexpected error while syncing " + job.resourceType() + " "
                    + job.resourceId() + ": " + unexpected.getClass().getSimpleName()
                    + (unexpected.getMessage() == null ? "" : ": " + unexpected.getMessage()));
        } finally {
            if (activated) {
                requestContext.terminate();
            }
        }
        return succeeded(job, context, result == null ? JobResult.completed() : result);
    }

    private Outcome succeeded(ClaimedJob job, AttemptContext context, JobResult result) {
        boolean skipped = result.status() == JobResult.Status.skipped;
        Optional<JobState> state = QuarkusTransaction.requiringNew().call(() -> {
            Optional<JobState> s = store.complete(job, result.message(), clock.instant());
            if (s.isPresent()) {
                syncLog.write(job.tenantId(), job.id(), context.entry(skipped ? SyncStatus.skipped : SyncStatus.success,
                        result.message()), job.attempt() - 1, job.attemptTrigger(), job.requestedBy());
            }
            return s;
        });
        if (state.isEmpty()) {
            return late(job);
        }
        Outcome outcome = state.get() == JobState.available ? Outcome.follow_up : skipped ? Outcome.skipped : Outcome.completed;
        count(job, outcome);
        return outcome;
    }

    private Outcome failedTransiently(ClaimedJob job, AttemptContext context, String failureClass, String message) {
        metrics.counter("woosync.queue.failures", "class", failureClass).increment();
        Instant now = clock.instant();
        Optional<Instant> next = retryPolicy.nextAttempt(now, job.attempt(), job.maxAttempts());
        if (next.isEmpty()) {
            return finishedWithFailure(job, context, JobState.failed, failureClass,
                    message + " (gave up after " + job.attempt() + " attempts)");
        }
        Optional<JobState> state = QuarkusTransaction.requiringNew().call(() -> {
            Optional<JobState> s = store.retry(job, next.get(), failureClass, message, now);
            if (s.isPresent()) {
                syncLog.write(job.tenantId(), job.id(), context.entry(SyncStatus.retrying, message), job.attempt() - 1,
                        job.attemptTrigger(), job.requestedBy());
            }
            return s;
        });
        if (state.isEmpty()) {
            return late(job);
        }
        count(job, Outcome.retrying);
        return Outcome.retrying;
    }

    private Outcome finishedWithFailure(ClaimedJob job, AttemptContext context, JobState finalState, String failureClass, String message) {
        if (finalState == JobState.blocked) {
            metrics.counter("woosync.queue.failures", "class", failureClass).increment();
        }
        Optional<Optional<JobTrigger>> done = QuarkusTransaction.requiringNew().call(() -> {
            Optional<Optional<JobTrigger>> d = store.finalizeFailure(job, finalState, failureClass, message, clock.instant());
            if (d.isPresent()) {
                syncLog.write(job.tenantId(), job.id(), context.entry(SyncStatus.failed, message), job.attempt() - 1,
                        job.attemptTrigger(), job.requestedBy());
                // An event arrived while this attempt ran: it may carry the fix, so it gets its own job.
                d.get().ifPresent(trigger -> store.enqueue(job.tenantId(), job.resourceType(), job.resourceId(), trigger,
                        null, retryPolicy.maxAttempts(), clock.instant()));
            }
            return d;
        });
        if (done.isEmpty()) {
            return late(job);
        }
        Outcome outcome = finalState == JobState.blocked ? Outcome.blocked : Outcome.failed;
        count(job, outcome);
        notifyAdmin(new JobNeedsAttention(job.id(), job.tenantId(), job.tenantSlug(), job.resourceType(), job.resourceId(),
                finalState, job.attempt(), message));
        return outcome;
    }

    private Outcome late(ClaimedJob job) {
        LOG.warnf("job %d (%s %s/%s): claim %d is no longer held (lease expired or released); this attempt's result is ignored",
                job.id(), job.tenantSlug(), job.resourceType(), job.resourceId(), job.claims());
        count(job, Outcome.late);
        return Outcome.late;
    }

    private void count(ClaimedJob job, Outcome outcome) {
        metrics.counter("woosync.queue.attempts", "resource_type", job.resourceType(), "outcome", outcome.name()).increment();
    }

    private void notifyAdmin(JobNeedsAttention event) {
        LOG.warnf("job %d (%s %s/%s) is %s after %d attempt(s) and needs an admin: %s", event.jobId(), event.tenantSlug(),
                event.resourceType(), event.resourceId(), event.state(), event.attempts(), event.reason());
        try {
            attention.fire(event);
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %d: admin notification observer failed", event.jobId());
        }
    }

    /**
     * Returns running jobs whose lease expired (their worker died or hung) to the queue: the attempt
     * counts as failed, the job runs again at once, or fails when its attempts are used up.
     *
     * @return the jobs rescued
     */
    public List<JobStore.Rescued> rescue() {
        List<JobStore.Rescued> rescued = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            List<JobStore.Rescued> rows = store.rescue(now, RESCUE_BATCH);
            for (JobStore.Rescued r : rows) {
                ClaimedJob job = r.job();
                SyncStatus status = r.state() == JobState.failed ? SyncStatus.failed : SyncStatus.retrying;
                syncLog.write(job.tenantId(), job.id(), new SyncLogEntry(job.resourceType(), job.resourceId(), null, status,
                        r.reason(), null, null), job.attempt() - 1, job.attemptTrigger(), job.requestedBy());
                if (r.state() == JobState.failed && r.pendingFollowUp() != null) {
                    store.enqueue(job.tenantId(), job.resourceType(), job.resourceId(), r.pendingFollowUp(), null,
                            retryPolicy.maxAttempts(), now);
                }
            }
            return rows;
        });
        for (JobStore.Rescued r : rescued) {
            ClaimedJob job = r.job();
            metrics.counter("woosync.queue.failures", "class", "lease_expired").increment();
            LOG.warnf("job %d (%s %s/%s) rescued: %s", job.id(), job.tenantSlug(), job.resourceType(), job.resourceId(), r.reason());
            if (r.state() == JobState.failed) {
                count(job, Outcome.failed);
                notifyAdmin(new JobNeedsAttention(job.id(), job.tenantId(), job.tenantSlug(), job.resourceType(),
                        job.resourceId(), JobState.failed, job.attempt(), r.reason()));
            } else {
                count(job, Outcome.retrying);
            }
        }
        return rescued;
    }

    void onShutdown(@Observes ShutdownEvent event) {
        DrainReport report = drain(config.shutdownGrace());
        LOG.infof("job worker %s stopped: %d job(s) finished during the drain, %d released back to the queue",
                workerId, report.finished(), report.released());
    }

    /**
     * Stops claiming, waits up to {@code grace} for running jobs, then releases the ones still
     * running (back to available at once, the attempt not counted) and interrupts their threads.
     * A handler that returns after its release changes nothing (its claim no longer matches).
     */
    public synchronized DrainReport drain(Duration grace) {
        draining = true;
        long deadline = System.nanoTime() + grace.toNanos();
        int finished = 0;
        List<InFlight> unfinished = new ArrayList<>();
        for (InFlight running : List.copyOf(inFlight.values())) {
            long remaining = deadline - System.nanoTime();
            try {
                running.future().get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
                finished++;
            } catch (TimeoutException e) {
                unfinished.add(running);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unfinished.add(running);
            } catch (java.util.concurrent.ExecutionException e) {
                finished++;
            }
        }
        int released = 0;
        for (InFlight running : unfinished) {
            Optional<JobState> state = store.release(running.job(), clock.instant());
            if (state.isPresent()) {
                released++;
                LOG.infof("job %d (%s %s/%s) released unfinished at shutdown", running.job().id(), running.job().tenantSlug(),
                        running.job().resourceType(), running.job().resourceId());
            } else {
                finished++;
            }
        }
        executor.shutdownNow();
        return new DrainReport(finished, released);
    }

    /** Whether the worker is draining (readiness is DOWN then). */
    public boolean isDraining() {
        return draining;
    }

    /** Opens the worker again after a drain (tests; a service instance drains once, at shutdown). */
    public synchronized void reopen() {
        if (draining) {
            executor = newExecutor();
            draining = false;
        }
    }

    /** Jobs this worker is running now. */
    public int runningCount() {
        return inFlight.size();
    }

    /** When the worker loop last polled, by the injected clock. */
    public Instant lastPoll() {
        return lastPoll;
    }

    public String workerId() {
        return workerId;
    }

    private ExecutorService newExecutor() {
        return Executors.newFixedThreadPool(Math.max(1, config.poolSize()), r -> {
            Thread t = new Thread(r, "woosync-job-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "worker";
        }
    }

    /** The {@link JobContext} of one attempt: collects the details of its sync-log row. */
    private final class AttemptContext implements JobContext {
        private final ClaimedJob job;
        private final SyncLog log;
        private volatile String odooRecordId;
        private volatile String requestPayload;
        private volatile String responsePayload;

        AttemptContext(ClaimedJob job, SyncLog log) {
            this.job = job;
            this.log = log;
        }

        SyncLogEntry entry(SyncStatus status, String message) {
            return new SyncLogEntry(job.resourceType(), job.resourceId(), odooRecordId, status, message, requestPayload, responsePayload);
        }

        @Override public long jobId() { return job.id(); }
        @Override public long tenantId() { return job.tenantId(); }
        @Override public String tenantSlug() { return job.tenantSlug(); }
        @Override public String resourceType() { return job.resourceType(); }
        @Override public String resourceId() { return job.resourceId(); }
        @Override public int attempt() { return job.attempt(); }
        @Override public JobTrigger trigger() { return job.attemptTrigger(); }
        @Override public Optional<Long> lastDeliveryId() { return Optional.ofNullable(job.lastDeliveryId()); }
        @Override public void odooRecordId(String id) { this.odooRecordId = id; }
        @Override public void requestPayload(String payload) { this.requestPayload = payload; }
        @Override public void responsePayload(String payload) { this.responsePayload = payload; }

        @Override
        public void log(SyncLogEntry entry) {
            QuarkusTransaction.requiringNew().run(() ->
                    log.write(job.tenantId(), job.id(), entry, job.attempt() - 1, job.attemptTrigger(), job.requestedBy()));
        }
    }
}
