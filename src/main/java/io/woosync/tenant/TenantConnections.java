package io.woosync.tenant;

/**
 * Decrypted connection settings, handed to the gateways only. {@code toString} never prints a
 * secret.
 */
public final class TenantConnections {

    private TenantConnections() {
    }

    /** A WooCommerce store and the credentials to reach it. */
    public record Woo(String tenantSlug, String storeUrl, String consumerKey, String consumerSecret, String webhookSecret) {
        public boolean configured() {
            return storeUrl != null && consumerKey != null && consumerSecret != null;
        }

        @Override
        public String toString() {
            return "Woo[tenant=" + tenantSlug + ", storeUrl=" + storeUrl + "]";
        }
    }

    /** An Odoo database and the user and API key to reach it. */
    public record Odoo(String tenantSlug, String url, String database, String login, String apiKey) {
        public boolean configured() {
            return url != null && database != null && login != null && apiKey != null;
        }

        @Override
        public String toString() {
            return "Odoo[tenant=" + tenantSlug + ", url=" + url + ", database=" + database + ", login=" + login + "]";
        }
    }
}
