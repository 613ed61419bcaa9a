package io.woosync.queue;

/** How a handler finished an attempt without throwing. */
public record JobResult(Status status, String message) {

    public enum Status {
        /** The resource was synced. */
        completed,
        /** Nothing to do (already up to date, out of scope); the message says why. */
        skipped
    }

    public static JobResult completed() {
        return new JobResult(Status.completed, null);
    }

    public static JobResult completed(String message) {
        return new JobResult(Status.completed, message);
    }

    public static JobResult skipped(String message) {
        return new JobResult(Status.skipped, message);
    }
}
