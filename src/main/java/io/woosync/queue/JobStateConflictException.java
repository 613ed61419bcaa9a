package io.woosync.queue;

/** A manual action that the job's current state does not allow (answered 409). */
public class JobStateConflictException extends RuntimeException {
    public JobStateConflictException(String message) {
        super(message);
    }
}
