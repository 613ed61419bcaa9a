package io.woosync.queue;

/**
 * One sync-log row as a handler describes it; {@link SyncLog} adds tenant, job, time, trigger
 * and retry count, and redacts and caps the payloads.
 *
 * @param syncType      product, customer, order, invoice, payment, stock, coupon, refund...
 * @param wooRecordId   the WooCommerce record id
 * @param odooRecordId  the Odoo record id, when known
 * @param errorMessage  one sentence an admin can act on, naming record and field
 */
public record SyncLogEntry(String syncType, String wooRecordId, String odooRecordId, SyncStatus status,
                           String errorMessage, String requestPayload, String responsePayload) {
}
