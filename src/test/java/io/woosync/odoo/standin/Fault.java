package io.woosync.odoo.standin;

import java.time.Duration;

/**
 * A fault the stand-in Odoo injects into a call, to test what WooSync does when Odoo misbehaves.
 * "After commit" faults apply the call first, so the client cannot tell whether it took effect.
 */
public record Fault(Type type, Duration delay, int status) {

    public enum Type {
        /** Wait, then answer normally. */
        DELAY,
        /** Apply the call, then wait before answering (a timeout after the work was committed). */
        DELAY_AFTER_COMMIT,
        /** Close the connection without applying the call or answering. */
        DROP,
        /** Apply the call, then close the connection without answering. */
        DROP_AFTER_COMMIT,
        /** Answer an HTTP status (e.g. a proxy's 502) without applying the call. */
        HTTP_STATUS,
        /** Answer Odoo's {@code psycopg2.errors.SerializationFailure} without applying the call. */
        SERIALIZATION_FAILURE
    }

    public static Fault delay(Duration d) {
        return new Fault(Type.DELAY, d, 0);
    }

    public static Fault delayAfterCommit(Duration d) {
        return new Fault(Type.DELAY_AFTER_COMMIT, d, 0);
    }

    public static Fault drop() {
        return new Fault(Type.DROP, Duration.ZERO, 0);
    }

    public static Fault dropAfterCommit() {
        return new Fault(Type.DROP_AFTER_COMMIT, Duration.ZERO, 0);
    }

    public static Fault httpStatus(int status) {
        return new Fault(Type.HTTP_STATUS, Duration.ZERO, status);
    }

    public static Fault serializationFailure() {
        return new Fault(Type.SERIALIZATION_FAILURE, Duration.ZERO, 0);
    }

    boolean commitsFirst() {
        return type == Type.DELAY_AFTER_COMMIT || type == Type.DROP_AFTER_COMMIT;
    }
}
