package io.woosync.tenant;

/**
 * The four roles. {@link #OPERATOR} sees every tenant; the others see only the tenants their
 * token lists (see {@link TenantAccess}).
 */
public final class Roles {
    /** Runs the service: all tenants, creates tenants. */
    public static final String OPERATOR = "operator";
    /** Configures and operates their own tenants: connections, mappings, retries. */
    public static final String TENANT_ADMIN = "tenant-admin";
    /** Reads their tenants and exports reconciliation lists. */
    public static final String FINANCE = "finance";
    /** Reads their tenants. */
    public static final String VIEWER = "viewer";

    private Roles() {
    }
}
