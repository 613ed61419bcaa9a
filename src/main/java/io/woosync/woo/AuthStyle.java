package io.woosync.woo;

/** How the REST client authenticates to one store (per tenant, {@code woo_settings.auth_style}). */
public enum AuthStyle {
    /** https → {@link #BASIC}, http → {@link #OAUTH1}: what WooCommerce accepts by default. */
    AUTO,
    /** Consumer key/secret as HTTP Basic credentials; WooCommerce accepts it only when WordPress sees HTTPS. */
    BASIC,
    /** Consumer key/secret as {@code consumer_key}/{@code consumer_secret} query parameters (for hosts that strip the Authorization header); HTTPS only. */
    QUERY,
    /** OAuth 1.0a one-legged signature in the query string; what WooCommerce requires when WordPress sees plain HTTP. */
    OAUTH1;

    public String dbValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static AuthStyle fromDb(String value) {
        return value == null ? AUTO : valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }

    /** The style actually used for a store URL. */
    public AuthStyle resolve(String storeUrl) {
        if (this != AUTO) {
            return this;
        }
        return storeUrl != null && storeUrl.regionMatches(true, 0, "https:", 0, 6) ? BASIC : OAUTH1;
    }
}
