package io.woosync.woo;

import io.woosync.SyncFailure;

/**
 * A failed WooCommerce REST call, classified. {@link #reason()} says precisely what happened;
 * {@link #kind()} what to do about it: CONNECTION is retried by the queue, CONFIGURATION and DATA
 * wait for a person. {@link #recordGone()} lets the sync treat a deleted order as deleted rather
 * than as an error.
 */
public class WooException extends SyncFailure {

    /** What went wrong, finer than {@link SyncFailure.Kind}. */
    public enum Reason {
        /** 401: the consumer key/secret is wrong, revoked, lacks Read/Write, or the OAuth signature was rejected. */
        UNAUTHORIZED(Kind.CONFIGURATION),
        /** 403: the key's user lacks a capability (e.g. manage_woocommerce for webhooks). */
        FORBIDDEN(Kind.CONFIGURATION),
        /** 404 rest_no_route: the store URL does not lead to the WooCommerce REST API v3. */
        NO_API(Kind.CONFIGURATION),
        /** The store answered something that is not WooCommerce JSON (HTML login page, maintenance page). */
        NOT_JSON(Kind.CONFIGURATION),
        /** 404/410 on a record: it was deleted permanently (or never existed). */
        RECORD_GONE(Kind.DATA),
        /** 400 and other 4xx: WooCommerce refused the request's content. */
        REJECTED(Kind.DATA),
        /** 429: the store (or its host) is rate limiting us. */
        RATE_LIMITED(Kind.CONNECTION),
        /** 5xx: the store failed. */
        SERVER_ERROR(Kind.CONNECTION),
        /** No answer within the timeout. */
        TIMEOUT(Kind.CONNECTION),
        /** Connection refused, DNS failure, TLS failure, connection reset. */
        UNREACHABLE(Kind.CONNECTION),
        /** The tenant's breaker is open after repeated transient failures; the call was not made. */
        BREAKER_OPEN(Kind.CONNECTION);

        final Kind kind;

        Reason(Kind kind) {
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    private final Reason reason;
    private final int httpStatus;
    private final String wooCode;

    public WooException(Reason reason, int httpStatus, String wooCode, String adminMessage, Throwable cause) {
        super(reason.kind, adminMessage, cause);
        this.reason = reason;
        this.httpStatus = httpStatus;
        this.wooCode = wooCode;
    }

    public Reason reason() {
        return reason;
    }

    /** The HTTP status WooCommerce answered, 0 when there was no answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /** WooCommerce's error code (e.g. {@code woocommerce_rest_shop_order_invalid_id}), null when none. */
    public String wooCode() {
        return wooCode;
    }

    /** True when the record asked for no longer exists in WooCommerce: the sync treats the order as deleted. */
    public boolean recordGone() {
        return reason == Reason.RECORD_GONE;
    }
}
