package io.woosync.queue;

/** What {@link JobQueue#enqueue} did with an event. */
public record EnqueueResult(long jobId, Outcome outcome) {

    public enum Outcome {
        /** A new job was created. */
        CREATED,
        /** Folded into the resource's queued (available or retrying) job. */
        FOLDED,
        /** The resource's job is running: it will run once more when it finishes. */
        FOLLOW_UP
    }
}
