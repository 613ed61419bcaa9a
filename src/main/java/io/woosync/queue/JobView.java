package io.woosync.queue;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/** A job as the admin API and pages show it. */
@RegisterForReflection
public record JobView(long id, String resourceType, String resourceId, JobState state, JobTrigger trigger,
                      int attempt, int maxAttempts, int events, boolean followUpPending,
                      Instant scheduledAt, Instant createdAt, Instant updatedAt, Instant attemptedAt,
                      Instant finalizedAt, String errorClass, String lastError) {
}
