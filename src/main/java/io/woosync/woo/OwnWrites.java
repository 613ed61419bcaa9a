package io.woosync.woo;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recognising our own write-back when WooCommerce echoes it as {@code order.updated}: pure functions.
 *
 * <p>The fingerprint is a SHA-256 over the order's JSON in a canonical form (object keys sorted)
 * without what our write or the delivery context changes: {@code date_modified(_gmt)}, our own
 * {@code _woosync_*} meta_data entries, and the URL fields whose scheme differs between a REST answer
 * and a webhook payload built in cron ({@code _links}, {@code payment_url}; compare fixtures
 * rest/044 and webhooks/027, identical otherwise). Equal fingerprints mean nothing the sync reads
 * has changed since our write, so the sync must not run again: no loop. Any real change (status,
 * a line, a refund, an address, someone else's meta) changes the fingerprint.
 */
public final class OwnWrites {

    /** The meta_data key prefix of everything the service writes into WooCommerce. */
    public static final String META_PREFIX = "_woosync_";

    private static final Set<String> VOLATILE = Set.of("date_modified", "date_modified_gmt", "_links", "payment_url");

    private OwnWrites() {
    }

    /** SHA-256 (hex) of the order's sync-relevant content. Works on a REST answer and a webhook body alike. */
    public static String syncFingerprint(JsonNode order) {
        StringBuilder sb = new StringBuilder(4096);
        canonical(order, sb, true);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * True when {@code orderNow} (fresh from REST or a webhook body) is exactly what our last write-back
     * left: an echo of our own write, not a change to sync.
     */
    public static boolean isEchoOfOwnWrite(JsonNode orderNow, String fingerprintAfterOwnWrite) {
        return fingerprintAfterOwnWrite != null && orderNow != null && orderNow.isObject()
                && fingerprintAfterOwnWrite.equals(syncFingerprint(orderNow));
    }

    private static void canonical(JsonNode node, StringBuilder sb, boolean top) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            sb.append('{');
            boolean first = true;
            for (String name : names) {
                if (top && VOLATILE.contains(name)) {
                    continue;
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append('"').append(name).append("\":");
                if (top && name.equals("meta_data")) {
                    metaWithoutOurs(node.get(name), sb);
                } else {
                    canonical(node.get(name), sb, false);
                }
            }
            sb.append('}');
        } else if (node.isArray()) {
            sb.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                canonical(node.get(i), sb, false);
            }
            sb.append(']');
        } else {
            sb.append(node.toString());
        }
    }

    private static void metaWithoutOurs(JsonNode meta, StringBuilder sb) {
        sb.append('[');
        boolean first = true;
        if (meta.isArray()) {
            for (JsonNode entry : meta) {
                if (entry.path("key").asText("").startsWith(META_PREFIX)) {
                    continue;
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                canonical(entry, sb, false);
            }
        }
        sb.append(']');
    }

    /** The current value of one meta_data key on an order, null when absent. */
    public static String metaValue(JsonNode order, String key) {
        for (Iterator<JsonNode> it = order.path("meta_data").elements(); it.hasNext(); ) {
            JsonNode e = it.next();
            if (key.equals(e.path("key").asText())) {
                return e.path("value").isValueNode() ? e.path("value").asText() : e.path("value").toString();
            }
        }
        return null;
    }

    /** True when every entry of {@code meta} already has that value on the order (then a write-back is skipped). */
    static boolean alreadyCarries(JsonNode order, Map<String, String> meta) {
        if (order == null) {
            return false;
        }
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (!e.getValue().equals(metaValue(order, e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
