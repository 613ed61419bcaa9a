package io.woosync.odoo;

import io.woosync.SyncFailure;

/**
 * A failed Odoo call, classified. {@link #kind()} says who fixes it; {@link #fault()} says what
 * happened on the wire, which decides whether the gateway may retry at once and whether the request
 * may already have taken effect in Odoo ({@link #ambiguous()}).
 */
public class OdooException extends SyncFailure {

    /** What went wrong, as seen from WooSync. */
    public enum Fault {
        /** Odoo answered with an error ({@link #odooError()} holds its {@code data.name}). */
        ODOO_ERROR,
        /** The connection could not be opened: refused, unknown host, connect timeout. Nothing reached Odoo. */
        NOT_CONNECTED,
        /** The request was sent but no answer came in time. It may have been applied. */
        TIMEOUT,
        /** The connection broke after the request was sent. It may have been applied. */
        DROPPED,
        /** An HTTP status without an Odoo answer: 502/503/504/429 from a proxy or a busy server, or a non-Odoo page. */
        HTTP_STATUS,
        /** The answer was not what Odoo sends (not JSON, wrong envelope). */
        BAD_RESPONSE,
        /** This tenant's circuit breaker is open: the call was not attempted. */
        CIRCUIT_OPEN,
        /** This tenant already has the maximum number of calls in flight: the call was not attempted. */
        BULKHEAD_FULL
    }

    private final Fault fault;
    private final String model;
    private final String method;
    private final String odooError;
    private final int httpStatus;
    private final boolean transientFault;
    private final boolean ambiguous;

    OdooException(Kind kind, String adminMessage, Fault fault, String model, String method, String odooError,
                  int httpStatus, boolean transientFault, boolean ambiguous, Throwable cause) {
        super(kind, adminMessage, cause);
        this.fault = fault;
        this.model = model;
        this.method = method;
        this.odooError = odooError;
        this.httpStatus = httpStatus;
        this.transientFault = transientFault;
        this.ambiguous = ambiguous;
    }

    public Fault fault() {
        return fault;
    }

    /** The model called, e.g. {@code sale.order}; {@code common} for login and version calls. */
    public String model() {
        return model;
    }

    public String method() {
        return method;
    }

    /** Odoo's {@code data.name} (JSON-RPC) or {@code name} (JSON-2), e.g. {@code odoo.exceptions.ValidationError}; null when Odoo did not answer. */
    public String odooError() {
        return odooError;
    }

    /** The HTTP status, 0 when no HTTP answer came. */
    public int httpStatus() {
        return httpStatus;
    }

    /** A fault that goes away by itself (timeouts, refused connections, 502/503/504/429, serialization failures): worth retrying. */
    public boolean transientFault() {
        return transientFault;
    }

    /**
     * True when the request reached Odoo and may have been applied although we got no answer
     * (timeout after sending, dropped connection, 502/504). A create must not be repeated before
     * reading back whether it happened.
     */
    public boolean ambiguous() {
        return ambiguous;
    }

    /** May the gateway retry this call right now (transient, and not refused by our own breaker or bulkhead)? */
    public boolean retryNow() {
        return transientFault && fault != Fault.CIRCUIT_OPEN && fault != Fault.BULKHEAD_FULL;
    }

    @Override
    public String toString() {
        return "OdooException[" + kind() + "/" + fault + (odooError == null ? "" : " " + odooError) + "]: " + getMessage();
    }
}
