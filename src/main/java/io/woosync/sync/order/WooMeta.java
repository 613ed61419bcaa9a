package io.woosync.sync.order;

/** One meta_data entry. The value is kept as text (JSON for structured values). */
public record WooMeta(long id, String key, String value, String displayKey, String displayValue) {
}
