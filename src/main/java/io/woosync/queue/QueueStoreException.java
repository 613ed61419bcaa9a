package io.woosync.queue;

/** The queue's database could not be used (connection lost, statement failed). */
public class QueueStoreException extends RuntimeException {
    public QueueStoreException(String what, Throwable cause) {
        super("job queue: " + what + " failed: " + cause.getMessage(), cause);
    }
}
