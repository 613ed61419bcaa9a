package io.woosync.queue;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import java.time.Clock;
import java.time.Duration;

/** Health of the job queue: readiness (not draining, database reachable) and liveness (worker loop alive). */
@ApplicationScoped
public class QueueHealthChecks {

    private final JobWorker worker;
    private final JobStore store;
    private final QueueConfig config;
    private final Clock clock;

    public QueueHealthChecks(JobWorker worker, JobStore store, QueueConfig config, Clock clock) {
        this.worker = worker;
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    /** DOWN while the instance drains at shutdown, so the load balancer stops sending webhooks first. */
    @Readiness
    @ApplicationScoped
    public static class Draining implements HealthCheck {
        private final QueueHealthChecks checks;

        public Draining(QueueHealthChecks checks) {
            this.checks = checks;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("job-queue-draining").status(!checks.worker.isDraining())
                    .withData("draining", checks.worker.isDraining()).build();
        }
    }

    /** The queue's table answers, and how many jobs this instance runs. */
    @Readiness
    @ApplicationScoped
    public static class Database implements HealthCheck {
        private final QueueHealthChecks checks;

        public Database(QueueHealthChecks checks) {
            this.checks = checks;
        }

        @Override
        public HealthCheckResponse call() {
            try {
                checks.store.ping();
                return HealthCheckResponse.named("job-queue").up().withData("worker", checks.worker.workerId())
                        .withData("running", checks.worker.runningCount()).build();
            } catch (RuntimeException e) {
                return HealthCheckResponse.named("job-queue").down().withData("error", "job queue database unreachable").build();
            }
        }
    }

    /** The worker loop polled recently (when the scheduler drives it, and it is not draining). */
    @Liveness
    @ApplicationScoped
    public static class WorkerLoop implements HealthCheck {
        private final QueueHealthChecks checks;

        public WorkerLoop(QueueHealthChecks checks) {
            this.checks = checks;
        }

        @Override
        public HealthCheckResponse call() {
            if (!checks.config.schedulerEnabled() || checks.worker.isDraining()) {
                return HealthCheckResponse.named("job-worker-loop").up().withData("scheduled", checks.config.schedulerEnabled()).build();
            }
            Duration quiet = Duration.between(checks.worker.lastPoll(), checks.clock.instant());
            return HealthCheckResponse.named("job-worker-loop").status(quiet.compareTo(checks.config.livenessTimeout()) <= 0)
                    .withData("lastPollSecondsAgo", quiet.toSeconds()).build();
        }
    }
}
