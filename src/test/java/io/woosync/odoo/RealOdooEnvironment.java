package io.woosync.odoo;

import io.woosync.tenant.TenantConnections;
import java.util.Optional;

/**
 * The real Odoo the environment names, if any (see docs/testing.md): {@code WOOSYNC_ODOO_URL},
 * {@code WOOSYNC_ODOO_DB}, {@code WOOSYNC_ODOO_LOGIN} (default {@code admin}) and
 * {@code WOOSYNC_ODOO_API_KEY}. Without {@code WOOSYNC_ODOO_URL} the tests use the stand-in (or skip).
 * One place for the names, so the contract suite and the scenario suite read the same variables.
 */
public final class RealOdooEnvironment {

    public static final String URL = "WOOSYNC_ODOO_URL";
    public static final String DB = "WOOSYNC_ODOO_DB";
    public static final String LOGIN = "WOOSYNC_ODOO_LOGIN";
    public static final String API_KEY = "WOOSYNC_ODOO_API_KEY";

    private RealOdooEnvironment() {
    }

    /** The connection to the named real Odoo for {@code tenantSlug}, or empty when no URL is set. */
    public static Optional<TenantConnections.Odoo> connection(String tenantSlug) {
        String url = System.getenv(URL);
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        String db = System.getenv(DB);
        String key = System.getenv(API_KEY);
        if (db == null || db.isBlank() || key == null || key.isBlank()) {
            throw new IllegalStateException(URL + " is set, so " + DB + " and " + API_KEY + " must be set too");
        }
        return Optional.of(new TenantConnections.Odoo(tenantSlug, url.replaceAll("/+$", ""), db,
                System.getenv().getOrDefault(LOGIN, "admin"), key));
    }
}
