package io.woosync.ingest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

/**
 * WooCommerce's webhook signature: {@code base64(HMAC-SHA256(secret, raw body))}, where the
 * secret is first HTML-entity-decoded the way WordPress' {@code wp_specialchars_decode($secret,
 * ENT_QUOTES)} does (so a secret containing {@code &}, {@code <}, {@code >} or quotes signs with
 * its decoded form). Compared in constant time over the raw bytes, before anything is parsed.
 */
final class WebhookSignature {

    private static final String ALGORITHM = "HmacSHA256";

    /** wp_specialchars_decode's ENT_QUOTES table. */
    private static final Map<String, String> ENTITIES = Map.ofEntries(
            Map.entry("&quot;", "\""), Map.entry("&#034;", "\""), Map.entry("&#x22;", "\""),
            Map.entry("&lt;", "<"), Map.entry("&#060;", "<"),
            Map.entry("&gt;", ">"), Map.entry("&#062;", ">"),
            Map.entry("&amp;", "&"), Map.entry("&#038;", "&"), Map.entry("&#x26;", "&"),
            Map.entry("&#039;", "'"), Map.entry("&#x27;", "'"));

    private WebhookSignature() {
    }

    /** The HMAC key for a tenant's configured webhook secret. */
    static SecretKeySpec key(String secret) {
        return new SecretKeySpec(decodeEntities(secret).getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    static String decodeEntities(String secret) {
        if (secret.indexOf('&') < 0) {
            return secret;
        }
        StringBuilder out = new StringBuilder(secret.length());
        int i = 0;
        outer:
        while (i < secret.length()) {
            if (secret.charAt(i) == '&') {
                int semi = secret.indexOf(';', i);
                if (semi > i && semi - i <= 6) {
                    String replacement = ENTITIES.get(secret.substring(i, semi + 1).toLowerCase(java.util.Locale.ROOT));
                    if (replacement != null) {
                        out.append(replacement);
                        i = semi + 1;
                        continue outer;
                    }
                }
            }
            out.append(secret.charAt(i));
            i++;
        }
        return out.toString();
    }

    static String sign(SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Whether {@code header} is the signature of {@code body}; constant time in the header's content. */
    static boolean verify(SecretKeySpec key, byte[] body, String header) {
        if (header == null || header.isEmpty()) {
            return false;
        }
        byte[] expected = sign(key, body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = header.trim().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }
}
