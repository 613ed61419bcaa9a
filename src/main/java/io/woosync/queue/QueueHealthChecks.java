package io.woosync.queue;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import java.time.Clock;
import java.time.Duration;

/** Health of the job queue: readiness (not draining, database reachable) and liveness (worker loop alive). */
public final class QueueHealthChecks {

    private QueueHealthChecks() {
    }

    /** DOWN while the instance drains at shutdown, so the load balancer stops sending webhooks first. */
    @Readiness
    @ApplicationScoped
    public static class Draining implements HealthCheck {
        private final JobWorker worker;

        public Draining(JobWorker worker) {
            this.worker = worker;
        }

        @Override
        public HealthCheckResponse call() {
            boolean draining = worker.isDraining();
            return HealthCheckResponse.named("job-queue-draining").status(!draining).withData("draining", draining).build();
        }
    }

    /** The queue's table answers, and how many jobs this instance runs. */
    @Readiness
    @ApplicationScoped
    public static class Database implements HealthCheck {
        private final JobWorker worker;
        private final JobStore store;

        public Database(JobWorker worker, JobStore store) {
            this.worker = worker;
            this.store = store;
        }

        @Override
        public HealthCheckResponse call() {
            try {
                store.ping();
                return HealthCheckResponse.named("job-queue").up().withData("worker", worker.workerId())
                        .withData("running", worker.runningCount()).build();
            } catch (RuntimeException e) {
                return HealthCheckResponse.named("job-queue").down().withData("error", "job queue database unreachable").build();
            }
        }
    }

    /** The worker loop polled recently (when the scheduler drives it, and it is not draining). */
    @Liveness
    @ApplicationScoped
    public static class WorkerLoop implements HealthCheck {
        private final JobWorker worker;
        private final QueueConfig config;
        private final Clock clock;

        public WorkerLoop(JobWorker worker, QueueConfig config, Clock clock) {
            this.worker = worker;
            this.config = config;
            this.clock = clock;
        }

        @Override
        public HealthCheckResponse call() {
            if (!config.schedulerEnabled() || worker.isDraining()) {
                return HealthCheckResponse.named("job-worker-loop").up().withData("scheduled", config.schedulerEnabled()).build();
            }
            Duration quiet = Duration.between(worker.lastPoll(), clock.instant());
            return HealthCheckResponse.named("job-worker-loop").status(quiet.compareTo(config.livenessTimeout()) <= 0)
                    .withData("lastPollSecondsAgo", quiet.toSeconds()).build();
        }
    }
}
