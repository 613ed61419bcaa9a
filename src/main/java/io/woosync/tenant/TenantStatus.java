package io.woosync.tenant;

/** Whether a tenant's deliveries are processed. A paused tenant's webhooks are still stored. */
public enum TenantStatus {
    active, paused
}
