package io.woosync.sync.order;

import io.woosync.SyncFailure;

/**
 * A WooCommerce payload the sync cannot use: a missing id, an amount that is not a number, a date that
 * is not a date. Always a {@link SyncFailure.Kind#DATA} failure naming the record and the JSON field.
 */
public class WooDataException extends SyncFailure {

    private final String field;

    public WooDataException(String record, String field, String problem) {
        super(Kind.DATA, record + ": field " + field + " " + problem);
        this.field = field;
    }

    /** The JSON path of the offending field, e.g. {@code line_items[1].total}. */
    public String field() {
        return field;
    }
}
