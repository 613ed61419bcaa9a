package io.woosync.sync.plan;

import io.woosync.SyncFailure;

/**
 * Why an order cannot be planned: a {@link SyncFailure.Kind#DATA} problem (fix the record, e.g. add the
 * SKU to Odoo) or a {@link SyncFailure.Kind#CONFIGURATION} problem (fix the tenant's settings), with the
 * one sentence an admin acts on, naming the record and field.
 */
public record PlanProblem(SyncFailure.Kind kind, String field, String message) {

    public SyncFailure toFailure() {
        return new SyncFailure(kind, message);
    }
}
