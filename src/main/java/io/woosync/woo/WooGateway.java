package io.woosync.woo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.woosync.tenant.TenantConnections;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The WooCommerce REST API v3 client, one logical connection per tenant. Every method takes the
 * tenant's decrypted {@link TenantConnections.Woo} (from {@code TenantService.woo(tenant)}) and
 * either returns WooCommerce's JSON as it is (Jackson {@link JsonNode}: the sync engine owns the
 * typed order model) or throws a classified {@link WooException}.
 *
 * <p>Per call: authentication as the store accepts it ({@link AuthStyle}), a timeout, retries for
 * transient failures only (timeout, refused connection, 429, 5xx; a POST only when it surely never
 * arrived), and the tenant's own circuit breaker ({@link StoreBreakers}). Errors that are answers
 * (401, 404, 400) do not count against the breaker: the store is up.
 */
@ApplicationScoped
public class WooGateway {

    private static final Logger LOG = Logger.getLogger(WooGateway.class);
    private static final String API_PREFIX = "/wp-json/wc/v3/";
    private static final Duration AUTH_STYLE_TTL = Duration.ofSeconds(30);

    /** One page of a list: the items and WooCommerce's X-WP-Total / X-WP-TotalPages. */
    public record Page(List<JsonNode> items, int page, int total, int totalPages) {
        public boolean last() {
            return page >= totalPages;
        }
    }

    /**
     * The order as WooCommerce says it is now, with what the sync needs besides it: the refunds with
     * their lines, and the customer (null for a guest order, customer_id 0, or a customer deleted since).
     */
    public record FreshOrder(JsonNode order, List<JsonNode> refunds, JsonNode customer, Instant fetchedAt) {
        public long id() {
            return order.path("id").asLong();
        }

        public String status() {
            return order.path("status").asText();
        }

        public Instant dateModifiedGmt() {
            return WooDates.gmt(order, "date_modified_gmt");
        }
    }

    /** A raw answer: status, headers, parsed body. */
    public record Response(int status, HttpHeaders headers, JsonNode body) {
    }

    private record CachedStyle(AuthStyle style, Instant until) {
    }

    private final WooConfig config;
    private final StoreBreakers breakers;
    private final WooStore store;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, CachedStyle> authStyles = new ConcurrentHashMap<>();

    public WooGateway(WooConfig config, StoreBreakers breakers, WooStore store, ObjectMapper json, Clock clock) {
        this.config = config;
        this.breakers = breakers;
        this.store = store;
        this.json = json;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.http().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect would re-send credentials elsewhere and break OAuth's base URI
                .build();
    }

    // ---- fresh state -------------------------------------------------------------------------

    public JsonNode order(TenantConnections.Woo woo, long orderId) {
        return get(woo, "orders/" + orderId, Map.of());
    }

    /** The order's refunds with their lines ({@code GET /orders/{id}/refunds}, all pages), newest first as WooCommerce lists them. */
    public List<JsonNode> refunds(TenantConnections.Woo woo, long orderId) {
        return listAll(woo, "orders/" + orderId + "/refunds", Map.of(), Integer.MAX_VALUE);
    }

    public JsonNode customer(TenantConnections.Woo woo, long customerId) {
        return get(woo, "customers/" + customerId, Map.of());
    }

    public JsonNode product(TenantConnections.Woo woo, long productId) {
        return get(woo, "products/" + productId, Map.of());
    }

    public JsonNode variation(TenantConnections.Woo woo, long productId, long variationId) {
        return get(woo, "products/" + productId + "/variations/" + variationId, Map.of());
    }

    /** What an order line points at: the variation when {@code variationId} is not 0, else the product. */
    public JsonNode productOrVariation(TenantConnections.Woo woo, long productId, long variationId) {
        return variationId != 0 ? variation(woo, productId, variationId) : product(woo, productId);
    }

    /**
     * The order, its refunds and its customer, read now. A 404 on the order throws a
     * {@link WooException} with {@link WooException#recordGone()}; a registered customer deleted since
     * gives a null customer (the order keeps its billing address).
     */
    public FreshOrder freshOrder(TenantConnections.Woo woo, long orderId) {
        JsonNode order = order(woo, orderId);
        List<JsonNode> refunds = order.path("refunds").isArray() && order.path("refunds").isEmpty()
                ? List.of() // the summary says there are none: save a call
                : refunds(woo, orderId);
        JsonNode customer = null;
        long customerId = order.path("customer_id").asLong(0);
        if (customerId != 0) {
            try {
                customer = customer(woo, customerId);
            } catch (WooException e) {
                if (!e.recordGone()) {
                    throw e;
                }
            }
        }
        return new FreshOrder(order, refunds, customer, clock.instant());
    }

    // ---- lists -------------------------------------------------------------------------------

    /** One page; {@code query} must not contain page or per_page. */
    public Page page(TenantConnections.Woo woo, String path, Map<String, String> query, int page) {
        Map<String, String> q = new LinkedHashMap<>(query);
        q.put("per_page", Integer.toString(config.http().perPage()));
        q.put("page", Integer.toString(page));
        Response r = send(woo, "GET", path, q, null);
        if (!r.body().isArray()) {
            throw notJson(woo, "GET", path, r.status(), "a JSON object where a list was expected");
        }
        List<JsonNode> items = new ArrayList<>(r.body().size());
        r.body().forEach(items::add);
        int total = intHeader(r.headers(), "X-WP-Total", items.size());
        int totalPages = intHeader(r.headers(), "X-WP-TotalPages", items.isEmpty() ? 0 : page);
        return new Page(items, page, total, totalPages);
    }

    /** Reads pages 1..n until the last one (X-WP-TotalPages) or {@code maxPages}, handing each to {@code onPage}. */
    public void forEachPage(TenantConnections.Woo woo, String path, Map<String, String> query, int maxPages, Consumer<Page> onPage) {
        for (int p = 1; p <= maxPages; p++) {
            Page page = page(woo, path, query, p);
            onPage.accept(page);
            if (page.last() || page.items().isEmpty()) {
                return;
            }
        }
    }

    public List<JsonNode> listAll(TenantConnections.Woo woo, String path, Map<String, String> query, int maxPages) {
        List<JsonNode> all = new ArrayList<>();
        forEachPage(woo, path, query, maxPages, p -> all.addAll(p.items()));
        return all;
    }

    // ---- writes ------------------------------------------------------------------------------

    /**
     * Sets meta_data entries on an order ({@code PUT /orders/{id}}); WooCommerce updates an existing
     * key in place and adds a missing one. Returns the order as WooCommerce saved it.
     */
    public JsonNode updateOrderMeta(TenantConnections.Woo woo, long orderId, Map<String, String> meta) {
        ObjectNode body = json.createObjectNode();
        ArrayNode entries = body.putArray("meta_data");
        meta.forEach((k, v) -> entries.addObject().put("key", k).put("value", v));
        return send(woo, "PUT", "orders/" + orderId, Map.of(), body).body();
    }

    public List<JsonNode> webhooks(TenantConnections.Woo woo) {
        return listAll(woo, "webhooks", Map.of(), 20);
    }

    public JsonNode createWebhook(TenantConnections.Woo woo, ObjectNode body) {
        return send(woo, "POST", "webhooks", Map.of(), body).body();
    }

    public JsonNode updateWebhook(TenantConnections.Woo woo, long webhookId, ObjectNode body) {
        return send(woo, "PUT", "webhooks/" + webhookId, Map.of(), body).body();
    }

    // ---- generic -----------------------------------------------------------------------------

    public JsonNode get(TenantConnections.Woo woo, String path, Map<String, String> query) {
        return send(woo, "GET", path, query, null).body();
    }

    /**
     * One call to {@code <store>/wp-json/wc/v3/<path>} with retries, breaker and classification. A
     * non-2xx answer throws; a 2xx answer returns its JSON.
     */
    public Response send(TenantConnections.Woo woo, String method, String path, Map<String, String> query, JsonNode body) {
        if (!woo.configured()) {
            throw new WooException(WooException.Reason.UNAUTHORIZED, 0, null, "Tenant " + woo.tenantSlug()
                    + " has no WooCommerce store URL, consumer key and secret: enter them in the tenant's settings.", null);
        }
        Instant openUntil = breakers.admit(woo.tenantSlug());
        if (openUntil != null) {
            throw new WooException(WooException.Reason.BREAKER_OPEN, 0, null, "Calls to WooCommerce at " + woo.storeUrl()
                    + " are paused until " + openUntil + " after repeated connection failures; they resume by themselves.", null);
        }
        int attempts = 1 + Math.max(0, config.http().retries());
        Duration delay = config.http().retryDelay();
        WooException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                Response r = attempt(woo, method, path, query, body);
                breakers.onSuccess(woo.tenantSlug());
                return r;
            } catch (WooException e) {
                last = e;
                if (e.kind() != WooException.Kind.CONNECTION) {
                    breakers.onSuccess(woo.tenantSlug()); // an answer: the store is up
                    throw e;
                }
                boolean mayRepeat = !"POST".equals(method) || e.reason() == WooException.Reason.RATE_LIMITED
                        || e.getCause() instanceof ConnectException || e.getCause() instanceof HttpConnectTimeoutException;
                if (!mayRepeat || attempt == attempts) {
                    break;
                }
                LOG.debugf("tenant %s: %s %s failed (%s), retry %d of %d", woo.tenantSlug(), method, path, e.reason(), attempt, attempts - 1);
                pause(delay);
                delay = delay.multipliedBy(2);
            }
        }
        breakers.onTransientFailure(woo.tenantSlug());
        LOG.warnf("tenant %s: %s", woo.tenantSlug(), last.adminMessage());
        throw last;
    }

    private Response attempt(TenantConnections.Woo woo, String method, String path, Map<String, String> query, JsonNode body) {
        String base = stripSlash(woo.storeUrl()) + API_PREFIX + path;
        Map<String, String> params = new LinkedHashMap<>(query);
        HttpRequest.Builder request = HttpRequest.newBuilder()
                .timeout(config.http().requestTimeout())
                .header("Accept", "application/json")
                .header("User-Agent", "WooSync/1 (+io.woosync)");
        AuthStyle style = authStyle(woo.tenantSlug()).resolve(woo.storeUrl());
        switch (style) {
            case BASIC -> request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (woo.consumerKey() + ":" + woo.consumerSecret()).getBytes(StandardCharsets.UTF_8)));
            case QUERY -> {
                params.put("consumer_key", woo.consumerKey());
                params.put("consumer_secret", woo.consumerSecret());
            }
            case OAUTH1 -> params.putAll(WooOAuth1.sign(method, base, query, woo.consumerKey(), woo.consumerSecret(),
                    WooOAuth1.SignatureMethod.HMAC_SHA256, clock.instant().getEpochSecond(), nonce()));
            default -> throw new IllegalStateException("unresolved auth style " + style);
        }
        request.uri(URI.create(base + queryString(params)));
        if (body != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(writeJson(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new WooException(WooException.Reason.TIMEOUT, 0, null, "WooCommerce at " + woo.storeUrl() + " did not answer "
                    + method + " " + WooSubjects.describe(path) + " within " + timeoutText(e)
                    + "; it will be retried (if it persists, check the store's hosting).", e);
        } catch (IOException e) {
            throw new WooException(WooException.Reason.UNREACHABLE, 0, null, "WooCommerce at " + woo.storeUrl()
                    + " could not be reached (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "); check the store URL and that the store is online.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WooException(WooException.Reason.UNREACHABLE, 0, null, "The call to WooCommerce at " + woo.storeUrl()
                    + " was interrupted (the service is shutting down); it will be retried.", e);
        }
        return WooResponses.classify(woo, method, path, response.statusCode(), response.headers(), response.body(), json);
    }

    private WooException notJson(TenantConnections.Woo woo, String method, String path, int status, String what) {
        return new WooException(WooException.Reason.NOT_JSON, status, null, "WooCommerce at " + woo.storeUrl() + " answered "
                + method + " " + WooSubjects.describe(path) + " with " + what + ": check the store URL.", null);
    }

    AuthStyle authStyle(String slug) {
        Instant now = clock.instant();
        CachedStyle cached = authStyles.get(slug);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.style();
        }
        AuthStyle style = store.authStyleBySlug(slug);
        authStyles.put(slug, new CachedStyle(style, now.plus(AUTH_STYLE_TTL)));
        return style;
    }

    /** Drops a tenant's cached auth style and breaker, after its settings changed. */
    public void forget(String slug) {
        authStyles.remove(slug);
        breakers.reset(slug);
    }

    private String timeoutText(HttpTimeoutException e) {
        Duration d = e instanceof HttpConnectTimeoutException ? config.http().connectTimeout() : config.http().requestTimeout();
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private byte[] writeJson(JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unserializable request body", e);
        }
    }

    private String nonce() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void pause(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Query string with RFC 3986 encoding: exactly the bytes PHP decodes back to the values we signed. */
    static String queryString(Map<String, String> params) {
        if (params.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("?");
        params.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append('&');
            }
            sb.append(WooOAuth1.encode(k)).append('=').append(WooOAuth1.encode(v));
        });
        return sb.toString();
    }

    private static int intHeader(HttpHeaders headers, String name, int fallback) {
        return headers.firstValue(name).map(v -> {
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }).orElse(fallback);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
