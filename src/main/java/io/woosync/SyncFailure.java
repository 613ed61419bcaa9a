package io.woosync;

/**
 * A failure of an external call or of a sync step, classified so that the queue knows what to do
 * and the admin knows what to fix.
 *
 * <p>Every gateway (Odoo, WooCommerce) throws a subclass of this with a {@link Kind} and one
 * sentence an admin can act on, naming the record and field, e.g. "Order #1054: SKU TSHIRT-M-BLK
 * not found in Odoo product.product.default_code". The queue retries only {@link Kind#CONNECTION}
 * failures; {@link Kind#DATA} and {@link Kind#CONFIGURATION} block the job until someone fixes the
 * cause and retries it.
 */
public class SyncFailure extends RuntimeException {

    /** What kind of problem it is, which decides who fixes it and whether waiting helps. */
    public enum Kind {
        /** The record itself is wrong or missing something (a SKU not in Odoo, a validation error). Fix the data, then retry. */
        DATA,
        /** The tenant's setup is wrong (bad API key, missing journal mapping, module not installed). Fix the settings, then retry. */
        CONFIGURATION,
        /**
         * The other system could not be reached or was temporarily unable to answer (timeout, refused
         * connection, HTTP 502/503/504/429, Odoo serialization failure). Retried automatically.
         */
        CONNECTION
    }

    private final Kind kind;

    public SyncFailure(Kind kind, String adminMessage) {
        super(adminMessage);
        this.kind = kind;
    }

    public SyncFailure(Kind kind, String adminMessage, Throwable cause) {
        super(adminMessage, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The one sentence shown to the shop admin. Never contains secrets. */
    public String adminMessage() {
        return getMessage();
    }

    /** Only connection-type failures are worth retrying on a schedule. */
    public boolean retryable() {
        return kind == Kind.CONNECTION;
    }
}
