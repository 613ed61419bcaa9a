package io.woosync.woo;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OAuth 1.0a "one-legged" signing exactly as WooCommerce checks it for REST requests over plain
 * HTTP ({@code WC_REST_Authentication::check_oauth_signature}, wc/v1..v3). Pure functions.
 *
 * <p>WooCommerce's check differs from RFC 5849 in ways that matter to a client:
 * <ul>
 *   <li>No token: the HMAC key is the consumer secret followed by a literal {@code &}, not
 *       RFC-encoded (the legacy /wc-api/v1 and v2 used the secret without the {@code &}; we only
 *       speak wc/v3).</li>
 *   <li>Parameters are PHP's {@code $_GET + $_POST} (decoded) plus any {@code oauth_*} from an
 *       Authorization header; a JSON body never takes part. Duplicate names collapse (last wins), so
 *       we never send one twice.</li>
 *   <li>Sorting is by the raw, decoded name with {@code strcmp} (byte order), before encoding; RFC 5849
 *       sorts encoded names and then values. The same for ordinary names.</li>
 *   <li>Each name and value is {@code rawurlencode}d, joined {@code name=value}, and that pair
 *       encoded again, pairs joined by {@code %26} (equivalent to the RFC's encoding of the whole
 *       normalized string).</li>
 *   <li>The base URI is WordPress' home URL (scheme taken from {@code is_ssl()}) plus the request
 *       path, as configured: no lower-casing and no default-port removal. So the tenant's store URL
 *       must be the WordPress home URL exactly.</li>
 *   <li>{@code HMAC-SHA1} and {@code HMAC-SHA256} are accepted; the timestamp must be within 15 minutes
 *       of the store's clock and a nonce may not repeat within that window.</li>
 *   <li>PHP decodes {@code +} in a query string to a space, so values must be sent percent-encoded
 *       ({@link #encode}) exactly as they were signed.</li>
 * </ul>
 */
public final class WooOAuth1 {

    /** The two signature methods WooCommerce accepts. */
    public enum SignatureMethod {
        HMAC_SHA1("HMAC-SHA1", "HmacSHA1"),
        HMAC_SHA256("HMAC-SHA256", "HmacSHA256");

        public final String oauthName;
        final String jcaName;

        SignatureMethod(String oauthName, String jcaName) {
            this.oauthName = oauthName;
            this.jcaName = jcaName;
        }

        public static SignatureMethod fromOAuthName(String name) {
            for (SignatureMethod m : values()) {
                if (m.oauthName.equals(name)) {
                    return m;
                }
            }
            return null;
        }
    }

    private WooOAuth1() {
    }

    /**
     * The query parameters to add to a request: {@code oauth_consumer_key, oauth_nonce,
     * oauth_signature_method, oauth_timestamp, oauth_signature}, in that order.
     *
     * @param requestParams the request's own query parameters (decoded values), without oauth_*
     */
    public static Map<String, String> sign(String httpMethod, String baseUri, Map<String, String> requestParams,
                                           String consumerKey, String consumerSecret, SignatureMethod method,
                                           long timestampSeconds, String nonce) {
        Map<String, String> oauth = new LinkedHashMap<>();
        oauth.put("oauth_consumer_key", consumerKey);
        oauth.put("oauth_nonce", nonce);
        oauth.put("oauth_signature_method", method.oauthName);
        oauth.put("oauth_timestamp", Long.toString(timestampSeconds));
        Map<String, String> all = new LinkedHashMap<>(requestParams);
        all.putAll(oauth);
        String signature = signature(baseString(httpMethod, baseUri, all), wooKey(consumerSecret), method);
        oauth.put("oauth_signature", signature);
        return oauth;
    }

    /** The signature base string WooCommerce rebuilds; {@code params} are decoded and exclude oauth_signature. */
    public static String baseString(String httpMethod, String baseUri, Map<String, String> params) {
        List<Map.Entry<String, String>> sorted = new ArrayList<>(params.entrySet());
        sorted.sort((a, b) -> strcmp(a.getKey(), b.getKey()));
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> e : sorted) {
            if (!query.isEmpty()) {
                query.append("%26");
            }
            query.append(encode(encode(e.getKey()) + "=" + encode(e.getValue())));
        }
        return httpMethod.toUpperCase(java.util.Locale.ROOT) + "&" + encode(baseUri) + "&" + query;
    }

    /** WooCommerce's HMAC key: the consumer secret and a literal '&' (no token secret, no encoding). */
    public static String wooKey(String consumerSecret) {
        return consumerSecret + "&";
    }

    /** base64(HMAC(key, baseString)). */
    public static String signature(String baseString, String key, SignatureMethod method) {
        try {
            Mac mac = Mac.getInstance(method.jcaName);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), method.jcaName));
            return Base64.getEncoder().encodeToString(mac.doFinal(baseString.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(method.jcaName + " unavailable", e);
        }
    }

    /** PHP's {@code rawurlencode} (RFC 3986): everything but {@code A-Z a-z 0-9 - _ . ~} as %XX of UTF-8. */
    public static String encode(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** PHP's strcmp: unsigned byte order of the UTF-8 bytes. */
    static int strcmp(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
