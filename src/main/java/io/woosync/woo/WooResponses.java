package io.woosync.woo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.woosync.tenant.TenantConnections;

import java.io.IOException;
import java.net.http.HttpHeaders;

/**
 * Turns a WooCommerce answer into JSON or a classified {@link WooException} with one sentence an admin
 * can act on. WooCommerce errors are {@code {"code": "...", "message": "...", "data": {"status": N}}}
 * (fixtures rest/063, rest/064).
 */
final class WooResponses {

    private WooResponses() {
    }

    static WooGateway.Response classify(TenantConnections.Woo woo, String method, String path, int status, HttpHeaders headers,
                                        byte[] body, ObjectMapper json) {
        JsonNode parsed = parse(body, json);
        if (status >= 200 && status < 300) {
            if (parsed == null) {
                String type = headers.firstValue("Content-Type").orElse("no content type");
                throw new WooException(WooException.Reason.NOT_JSON, status, null, "WooCommerce at " + woo.storeUrl() + " answered "
                        + method + " " + WooSubjects.describe(path) + " with " + type + ", not WooCommerce JSON: check the store URL "
                        + "and that no security, cache or maintenance plugin intercepts /wp-json/.", null);
            }
            return new WooGateway.Response(status, headers, parsed);
        }
        String code = parsed != null ? parsed.path("code").asText(null) : null;
        String message = parsed != null ? parsed.path("message").asText(null) : null;
        String detail = code == null ? "HTTP " + status : "HTTP " + status + " " + code + (message == null ? "" : ": " + message);
        String subject = WooSubjects.describe(path);
        String store = woo.storeUrl();
        if (status == 401) {
            return fail(WooException.Reason.UNAUTHORIZED, status, code, "WooCommerce at " + store + " rejected consumer key "
                    + keyHint(woo.consumerKey()) + " on " + method + " " + subject + " (" + detail + "): check under WooCommerce > "
                    + "Settings > Advanced > REST API that this key exists with Read/Write permission and that the tenant's consumer "
                    + "key and secret match it.");
        }
        if (status == 403) {
            return fail(WooException.Reason.FORBIDDEN, status, code, "WooCommerce at " + store + " refused " + method + " " + subject
                    + " to consumer key " + keyHint(woo.consumerKey()) + " (" + detail + "): the key's WordPress user must be an "
                    + "administrator or shop manager.");
        }
        if (status == 404 && "rest_no_route".equals(code)) {
            return fail(WooException.Reason.NO_API, status, code, store + " has no WooCommerce REST API route for " + method + " "
                    + API(path) + " (" + detail + "): check the store URL, that WooCommerce is active and that permalinks are not 'Plain'.");
        }
        if (status == 404 && parsed == null) {
            return fail(WooException.Reason.NOT_JSON, status, null, store + " answered " + method + " " + API(path)
                    + " with a 404 page, not WooCommerce: check the store URL (it must be the WordPress home URL).");
        }
        if (status == 404 || status == 410) {
            return fail(WooException.Reason.RECORD_GONE, status, code, WooSubjects.describeCapitalized(path) + " no longer exists in "
                    + "WooCommerce at " + store + " (" + detail + "): it was deleted permanently, so there is nothing left to sync.");
        }
        if (status == 429) {
            return fail(WooException.Reason.RATE_LIMITED, status, code, "WooCommerce at " + store + " is rate limiting requests ("
                    + detail + ") on " + method + " " + subject + "; it will be retried.");
        }
        if (status >= 500) {
            return fail(WooException.Reason.SERVER_ERROR, status, code, "WooCommerce at " + store + " failed with " + detail + " on "
                    + method + " " + subject + "; it will be retried (if it persists, check the store's PHP error log).");
        }
        if (parsed == null) {
            return fail(WooException.Reason.NOT_JSON, status, null, store + " answered " + method + " " + API(path) + " with HTTP "
                    + status + " and no WooCommerce JSON: check the store URL and that no proxy or security plugin blocks /wp-json/.");
        }
        return fail(WooException.Reason.REJECTED, status, code, "WooCommerce at " + store + " refused " + method + " " + subject
                + " (" + detail + ").");
    }

    private static WooGateway.Response fail(WooException.Reason reason, int status, String code, String sentence) {
        throw new WooException(reason, status, code, sentence, null);
    }

    /** "…4567": only the last four characters of the consumer key, never the secret. */
    static String keyHint(String consumerKey) {
        if (consumerKey == null || consumerKey.length() < 12) {
            return "(set)";
        }
        return "…" + consumerKey.substring(consumerKey.length() - 4);
    }

    private static String API(String path) {
        return "/wp-json/wc/v3/" + path;
    }

    private static JsonNode parse(byte[] body, ObjectMapper json) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode node = json.readTree(body);
            return node != null && (node.isObject() || node.isArray()) ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
