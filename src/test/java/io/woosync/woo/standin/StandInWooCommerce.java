package io.woosync.woo.standin;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in WooCommerce 10 for tests: an HTTP server on 127.0.0.1 (random port) speaking the REST
 * API v3 as the recorded store did (fixtures/woocommerce/rest, on the test class path) and sending
 * webhooks signed exactly as WooCommerce signs them.
 *
 * <p>What it does like WooCommerce:
 * <ul>
 *   <li>Authentication as {@code WC_REST_Authentication}: over "SSL" (see {@link #servesHttps}) Basic
 *       auth or {@code consumer_key/consumer_secret} in the query; otherwise OAuth 1.0a in the query
 *       string or an {@code Authorization: OAuth} header, checked with WooCommerce's own algorithm
 *       (written here independently of the client's signer), 15-minute timestamp window, no nonce
 *       reuse; Read/Write permission of the key; error bodies as fixtures rest/063.</li>
 *   <li>Orders (list with {@code modified_after}, {@code dates_are_gmt}, {@code orderby},
 *       {@code order}, paging with {@code X-WP-Total}/{@code X-WP-TotalPages}), single order, PUT with
 *       meta_data merged by key, DELETE (trash or force), refunds; products, variations, customers;
 *       webhooks CRUD with status.</li>
 *   <li>Every change queues a webhook delivery, as Action Scheduler does; {@link #deliverPending()}
 *       sends them (the test decides when, or drops them with {@link #dropPendingDeliveries()} to
 *       play a webhook that never came). Payload = the resource's state at delivery time
 *       ({@code {"id":N}} when deleted), PHP-style JSON ({@code \/}, {@code \u00e9}), signature
 *       base64(HMAC-SHA256(html-entity-decoded secret, body)), headers in WooCommerce's order. A
 *       webhook is disabled after more than 5 consecutive failed deliveries (status outside 200–302).</li>
 * </ul>
 * Fault injection: {@link #failNext}, {@link #answerHtmlNext}, {@link #hangNext}.
 * Seeded from the fixtures with orders 17, 19, 20, 21, their refunds, products 11, 12 (variations
 * 13-15) and customer 2; no webhooks. The store's timezone is UTC.
 */
public final class StandInWooCommerce implements AutoCloseable {

    public static final String FIXTURES = "/fixtures/woocommerce/";
    private static final DateTimeFormatter WC_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final Pattern ONE = Pattern.compile("(orders|products|customers|webhooks)/(\\d+)");
    private static final Pattern REFUNDS = Pattern.compile("orders/(\\d+)/refunds");
    private static final Pattern VARIATION = Pattern.compile("products/(\\d+)/variations/(\\d+)");
    private static final Pattern VARIATIONS = Pattern.compile("products/(\\d+)/variations");

    /** One request as the stand-in received it (query decoded; never the secret in a real log, but this is a test). */
    public record RecordedRequest(String method, String path, Map<String, String> query, String authStyle, int status, String body) {
    }

    /** One webhook delivery the stand-in made. */
    public record Delivery(long webhookId, String topic, long resourceId, URI target, Map<String, String> headers, byte[] body,
                           int responseStatus) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private record PendingDelivery(String topic, long resourceId) {
    }

    private record Fault(int status, String code, String message, boolean html, boolean hang) {
    }

    private final ObjectMapper json = JsonMapper.builder().build();
    private final ObjectMapper phpJson = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final CountDownLatch released = new CountDownLatch(1);
    private final SecureRandom random = new SecureRandom();

    private final String consumerKey;
    private final String consumerSecret;
    private String permissions = "read_write";
    private boolean https;
    private Clock clock = Clock.systemUTC();

    private final TreeMap<Long, ObjectNode> orders = new TreeMap<>();
    private final Map<Long, List<ObjectNode>> refunds = new LinkedHashMap<>();
    private final TreeMap<Long, ObjectNode> products = new TreeMap<>();
    private final Map<Long, TreeMap<Long, ObjectNode>> variations = new LinkedHashMap<>();
    private final TreeMap<Long, ObjectNode> customers = new TreeMap<>();
    private final TreeMap<Long, ObjectNode> webhooks = new TreeMap<>();
    private final Map<Long, String> webhookSecrets = new LinkedHashMap<>();
    private final Map<Long, Integer> webhookFailures = new LinkedHashMap<>();
    private final List<PendingDelivery> pending = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final Map<String, Long> usedNonces = new LinkedHashMap<>();
    private long nextId = 100;
    private final Map<Integer, Runnable> beforeListPage = new LinkedHashMap<>();

    private StandInWooCommerce(String consumerKey, String consumerSecret) throws IOException {
        this.consumerKey = consumerKey;
        this.consumerSecret = consumerSecret;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stand-in-woocommerce");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Starts a stand-in store seeded from the fixtures, accepting this consumer key and secret. */
    public static StandInWooCommerce start(String consumerKey, String consumerSecret) {
        try {
            StandInWooCommerce s = new StandInWooCommerce(consumerKey, consumerSecret);
            s.seed();
            s.server.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes the next new ids (orders, refunds, webhooks) start at {@code first} or above. A suite that
     * runs against a real Odoo uses a per-run start, so that order numbers (the sales order's
     * {@code client_order_ref}, the payment memo "WooCommerce #N") never meet an earlier run's records.
     */
    public synchronized void startIdsAt(long first) {
        nextId = Math.max(nextId, first);
    }

    /** The store's home URL, e.g. {@code http://127.0.0.1:41234} (use it as the tenant's store URL). */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- configuration -------------------------------------------------------------------------

    /**
     * true: behave as WordPress does behind a TLS-terminating proxy ({@code is_ssl()} true), so Basic
     * auth and query keys are accepted; false (default): plain HTTP, OAuth 1.0a only.
     */
    public synchronized StandInWooCommerce servesHttps(boolean https) {
        this.https = https;
        return this;
    }

    /** The key's permission: read, write or read_write (default). */
    public synchronized StandInWooCommerce permissions(String permissions) {
        this.permissions = permissions;
        return this;
    }

    /** The store's clock (dates it stamps, OAuth timestamp window). */
    public synchronized StandInWooCommerce clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    // ---- fault injection -----------------------------------------------------------------------

    /** The next {@code times} requests answer {@code status} with a WooCommerce error body. */
    public synchronized StandInWooCommerce failNext(int status, int times) {
        for (int i = 0; i < times; i++) {
            faults.add(new Fault(status, status == 429 ? "too_many_requests" : "internal_server_error",
                    status == 429 ? "Too many requests." : "There has been a critical error on this website.", false, false));
        }
        return this;
    }

    /** The next request answers {@code status} with an HTML page (a login page, a maintenance page). */
    public synchronized StandInWooCommerce answerHtmlNext(int status) {
        faults.add(new Fault(status, null, null, true, false));
        return this;
    }

    /** The next {@code times} requests get no answer until the stand-in closes (the client's timeout fires). */
    public synchronized StandInWooCommerce hangNext(int times) {
        for (int i = 0; i < times; i++) {
            faults.add(new Fault(0, null, null, false, true));
        }
        return this;
    }

    /**
     * Runs {@code action} once, just before the store answers page {@code page} of the next list
     * request that asks for it: to change data while a client pages (e.g. modify an order so it moves).
     */
    public synchronized StandInWooCommerce beforeListPage(int page, Runnable action) {
        beforeListPage.put(page, action);
        return this;
    }

    // ---- data ----------------------------------------------------------------------------------

    /** A copy of the order as the store holds it, or null. */
    public synchronized ObjectNode order(long id) {
        ObjectNode o = orders.get(id);
        return o == null ? null : o.deepCopy();
    }

    public synchronized List<Long> orderIds() {
        return new ArrayList<>(orders.keySet());
    }

    /**
     * A new order (a copy of fixture order 17 before its refund, status processing) with a fresh id,
     * created now; {@code customize} may change it. Queues {@code order.created}. Returns a copy.
     */
    public synchronized ObjectNode addOrder(Consumer<ObjectNode> customize) {
        ObjectNode o = (ObjectNode) fixture("036-order_get_after_create").deepCopy();
        long id = nextId++;
        o.put("id", id);
        o.put("number", Long.toString(id));
        o.putArray("refunds");
        o.putArray("meta_data");
        String now = now();
        for (String f : List.of("date_created", "date_created_gmt", "date_modified", "date_modified_gmt")) {
            o.put(f, now);
        }
        if (customize != null) {
            customize.accept(o);
        }
        orders.put(id, o);
        pending.add(new PendingDelivery("order.created", id));
        return o.deepCopy();
    }

    /** Changes an order as an admin would: applies {@code change}, stamps date_modified, queues {@code order.updated}. */
    public synchronized ObjectNode modifyOrder(long id, Consumer<ObjectNode> change) {
        ObjectNode o = orders.get(id);
        if (o == null) {
            throw new IllegalArgumentException("no order " + id);
        }
        change.accept(o);
        touch(o);
        pending.add(new PendingDelivery("order.updated", id));
        return o.deepCopy();
    }

    /**
     * Installs an order as given (e.g. a webhook fixture body or a hand-made edge case), replacing one
     * with the same id, without touching its dates; queues {@code order.updated} (or {@code
     * order.created} when new). Returns a copy.
     */
    public synchronized ObjectNode putOrder(ObjectNode order) {
        long id = order.path("id").asLong();
        boolean existed = orders.containsKey(id);
        orders.put(id, order.deepCopy());
        nextId = Math.max(nextId, id + 1);
        pending.add(new PendingDelivery(existed ? "order.updated" : "order.created", id));
        return order.deepCopy();
    }

    /** Installs a product (or replaces it), e.g. {@code fixture("074-product_create_unicode")}. */
    public synchronized void putProduct(ObjectNode product) {
        products.put(product.path("id").asLong(), product.deepCopy());
    }

    /** Installs a variation of a product. */
    public synchronized void putVariation(long productId, ObjectNode variation) {
        variations.computeIfAbsent(productId, k -> new TreeMap<>()).put(variation.path("id").asLong(), variation.deepCopy());
    }

    /** Installs a customer (or replaces it). */
    public synchronized void putCustomer(ObjectNode customer) {
        customers.put(customer.path("id").asLong(), customer.deepCopy());
    }

    /**
     * Refunds part of an order as WooCommerce does: a refund (shaped like fixture rest/042, with the
     * given amount, reason and lines; lines may be empty for an amount-only refund) is added to
     * {@code /orders/{id}/refunds} (newest first), the order's {@code refunds} summary gets
     * {@code {id, reason, total: -amount}}, date_modified moves, and {@code order.updated} is queued
     * (a refund fires order.updated on the parent order). Returns the refund.
     */
    public synchronized ObjectNode addRefund(long orderId, String amount, String reason, ArrayNode lineItems) {
        ObjectNode order = orders.get(orderId);
        if (order == null) {
            throw new IllegalArgumentException("no order " + orderId);
        }
        ObjectNode refund = (ObjectNode) fixture("042-order_refund_get").deepCopy();
        long id = nextId++;
        refund.put("id", id);
        refund.put("amount", amount);
        refund.put("reason", reason);
        refund.put("date_created", now());
        refund.put("date_created_gmt", now());
        refund.set("line_items", lineItems == null ? json.createArrayNode() : lineItems);
        refund.putArray("shipping_lines");
        refund.putArray("tax_lines");
        refund.putArray("fee_lines");
        refunds.computeIfAbsent(orderId, k -> new ArrayList<>()).add(0, refund);
        order.withArray("refunds").addObject().put("id", id).put("reason", reason).put("total", "-" + amount);
        touch(order);
        pending.add(new PendingDelivery("order.updated", orderId));
        return refund.deepCopy();
    }

    /**
     * Records a refund of order {@code id} as WooCommerce does when an admin refunds: the refund is
     * listed by {@code GET orders/{id}/refunds}, summarized in the order's {@code refunds}, the order
     * is stamped modified and {@code order.updated} is queued. (Added for the order sync's tests.)
     */
    public synchronized ObjectNode addRefundAsGiven(long id, ObjectNode refund) {
        ObjectNode o = orders.get(id);
        if (o == null) {
            throw new IllegalArgumentException("no order " + id);
        }
        refunds.computeIfAbsent(id, k -> new ArrayList<>()).add(refund.deepCopy());
        ObjectNode summary = ((com.fasterxml.jackson.databind.node.ArrayNode) o.withArray("refunds")).addObject();
        summary.put("id", refund.path("id").asLong());
        summary.put("reason", refund.path("reason").asText(""));
        summary.put("total", "-" + refund.path("amount").asText());
        touch(o);
        pending.add(new PendingDelivery("order.updated", id));
        return o.deepCopy();
    }

    /** Deletes an order permanently (as DELETE ?force=true does) and queues {@code order.deleted}. */
    public synchronized void deleteOrder(long id) {
        orders.remove(id);
        pending.add(new PendingDelivery("order.deleted", id));
    }

    // ---- webhooks ------------------------------------------------------------------------------

    /** Copies of the store's webhooks (without secrets, as WooCommerce lists them). */
    public synchronized List<ObjectNode> webhooks() {
        return webhooks.values().stream().map(ObjectNode::deepCopy).toList();
    }

    /** The secret a webhook signs with (WooCommerce never shows it over REST; tests may look). */
    public synchronized String webhookSecret(long webhookId) {
        return webhookSecrets.get(webhookId);
    }

    /** Sets a webhook's status as WooCommerce (disabled after failures) or an admin (paused) would. */
    public synchronized void setWebhookStatus(long webhookId, String status) {
        ObjectNode w = webhooks.get(webhookId);
        w.put("status", status);
        touch(w);
    }

    /** Deletes a webhook as an admin would in WooCommerce > Settings > Advanced > Webhooks. */
    public synchronized void removeWebhook(long webhookId) {
        webhooks.remove(webhookId);
        webhookSecrets.remove(webhookId);
    }

    /** Deliveries waiting (topic and resource id), in order. */
    public synchronized List<String> pendingDeliveries() {
        return pending.stream().map(p -> p.topic() + ":" + p.resourceId()).toList();
    }

    /** Forgets the queued deliveries: the webhooks that never came. */
    public synchronized void dropPendingDeliveries() {
        pending.clear();
    }

    /**
     * Sends every queued delivery to every active webhook of its topic, like Action Scheduler does,
     * each with the resource's state now. Duplicates of one topic and resource are sent once.
     */
    public List<Delivery> deliverPending() {
        List<PendingDelivery> batch;
        synchronized (this) {
            batch = new ArrayList<>(new java.util.LinkedHashSet<>(pending));
            pending.clear();
        }
        List<Delivery> out = new ArrayList<>();
        for (PendingDelivery p : batch) {
            out.addAll(deliver(p.topic(), p.resourceId()));
        }
        return out;
    }

    /** Sends {@code topic} for {@code resourceId} to every active webhook of that topic now. */
    public List<Delivery> deliver(String topic, long resourceId) {
        List<ObjectNode> targets;
        byte[] body;
        String source;
        synchronized (this) {
            targets = webhooks.values().stream()
                    .filter(w -> topic.equals(w.path("topic").asText()) && "active".equals(w.path("status").asText()))
                    .map(ObjectNode::deepCopy).toList();
            body = payload(topic, resourceId);
            source = url() + "/";
        }
        List<Delivery> out = new ArrayList<>();
        for (ObjectNode w : targets) {
            long id = w.path("id").asLong();
            String secret;
            synchronized (this) {
                secret = webhookSecrets.get(id);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("User-Agent", "WooCommerce/10.0.2 Hookshot (WordPress/6.8.8)");
            headers.put("Content-Type", "application/json");
            headers.put("X-WC-Webhook-Source", source);
            headers.put("X-WC-Webhook-Topic", topic);
            headers.put("X-WC-Webhook-Resource", topic.substring(0, topic.indexOf('.')));
            headers.put("X-WC-Webhook-Event", topic.substring(topic.indexOf('.') + 1));
            headers.put("X-WC-Webhook-Signature", sign(body, secret));
            headers.put("X-WC-Webhook-ID", Long.toString(id));
            headers.put("X-WC-Webhook-Delivery-ID", randomHex(16));
            URI target = URI.create(w.path("delivery_url").asText());
            int status = post(target, headers, body);
            synchronized (this) {
                recordDeliveryOutcome(id, status);
            }
            out.add(new Delivery(id, topic, resourceId, target, headers, body, status));
        }
        return out;
    }

    /**
     * Sends a recorded real delivery verbatim (fixtures/woocommerce/webhooks/NAME.body and its
     * headers, e.g. "021-order_created") to {@code target}; returns the HTTP status it got.
     */
    public static int replayFixtureDelivery(String name, URI target) {
        byte[] body = resource(FIXTURES + "webhooks/" + name + ".body");
        try {
            JsonNode meta = JsonMapper.builder().build().readTree(resource(FIXTURES + "webhooks/" + name + ".headers.json"));
            Map<String, String> headers = new LinkedHashMap<>();
            for (JsonNode h : meta.path("headers")) {
                headers.put(h.get(0).asText(), h.get(1).asText());
            }
            HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            return send(c, target, headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** WooCommerce's signature: base64(HMAC-SHA256(secret, raw body)), the secret HTML-entity-decoded first. */
    public static String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(htmlEntityDecode(secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The requests received so far. */
    public synchronized List<RecordedRequest> requests() {
        return new ArrayList<>(requests);
    }

    public synchronized void clearRequests() {
        requests.clear();
    }

    /** A fixture REST body, e.g. {@code fixture("044-order_get_after_refund")}. */
    public static JsonNode fixture(String name) {
        try {
            return JsonMapper.builder().build().readTree(resource(FIXTURES + "rest/" + name + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- HTTP ----------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try {
            Fault fault;
            synchronized (this) {
                fault = faults.isEmpty() ? null : faults.remove(0);
            }
            if (fault != null && fault.hang()) {
                try {
                    released.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            String rawPath = ex.getRequestURI().getRawPath();
            Map<String, String> query = parseQuery(ex.getRequestURI().getRawQuery());
            byte[] requestBody = ex.getRequestBody().readAllBytes();
            String method = ex.getRequestMethod();
            Answer answer;
            String authStyle = "none";
            if (fault != null) {
                answer = fault.html() ? new Answer(fault.status(), null, "<html><body>Maintenance</body></html>")
                        : new Answer(fault.status(), error(fault.code(), fault.message(), fault.status()), null);
            } else if (!rawPath.startsWith("/wp-json/")) {
                answer = new Answer(404, null, "<html><body>Page not found</body></html>");
            } else if (!rawPath.startsWith("/wp-json/wc/v3/")) {
                answer = noRoute();
            } else {
                synchronized (this) {
                    String[] style = new String[1];
                    Answer denied = authenticate(ex, method, rawPath, query, style);
                    authStyle = style[0];
                    answer = denied != null ? denied : route(method, rawPath.substring("/wp-json/wc/v3/".length()), query, requestBody);
                }
            }
            synchronized (this) {
                requests.add(new RecordedRequest(method, rawPath, query, authStyle, answer.status(),
                        new String(requestBody, StandardCharsets.UTF_8)));
            }
            byte[] out;
            if (answer.html() != null) {
                ex.getResponseHeaders().add("Content-Type", "text/html; charset=UTF-8");
                out = answer.html().getBytes(StandardCharsets.UTF_8);
            } else {
                ex.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
                ex.getResponseHeaders().add("X-Robots-Tag", "noindex");
                ex.getResponseHeaders().add("Access-Control-Expose-Headers", "X-WP-Total, X-WP-TotalPages, Link");
                answer.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
                out = phpJson(answer.body());
            }
            ex.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                ex.getResponseBody().write(out);
            }
        } finally {
            ex.close();
        }
    }

    private record Answer(int status, JsonNode body, String html, Map<String, String> headers) {
        Answer(int status, JsonNode body, String html) {
            this(status, body, html, Map.of());
        }
    }

    // ---- authentication, as WC_REST_Authentication ---------------------------------------------------

    private Answer authenticate(HttpExchange ex, String method, String rawPath, Map<String, String> query, String[] style) {
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        boolean authenticated = false;
        if (https) {
            String key = null;
            String secret = null;
            if (query.containsKey("consumer_key") && query.containsKey("consumer_secret")) {
                key = query.get("consumer_key");
                secret = query.get("consumer_secret");
                style[0] = "query";
            } else if (authorization != null && authorization.startsWith("Basic ")) {
                String[] kv = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8).split(":", 2);
                key = kv[0];
                secret = kv.length > 1 ? kv[1] : "";
                style[0] = "basic";
            }
            if (key != null && key.equals(consumerKey)) {
                if (!consumerSecret.equals(secret)) {
                    return authError("woocommerce_rest_authentication_error", "Consumer secret is invalid.");
                }
                authenticated = true;
            }
        }
        if (!authenticated) {
            Map<String, String> params = new LinkedHashMap<>(query);
            if (authorization != null && authorization.startsWith("OAuth ")) {
                Matcher m = Pattern.compile("(oauth_[a-z_-]*)=(:?\"([^\"]*)\"|([^,]*))").matcher(authorization);
                while (m.find()) {
                    params.put(m.group(1), URLDecoder.decode(m.group(3) != null && !m.group(3).isEmpty() ? m.group(3) : m.group(4), StandardCharsets.UTF_8));
                }
            }
            List<String> required = List.of("oauth_consumer_key", "oauth_timestamp", "oauth_nonce", "oauth_signature", "oauth_signature_method");
            List<String> missing = required.stream().filter(p -> params.get(p) == null || params.get(p).isEmpty()).toList();
            if (missing.size() == required.size()) {
                style[0] = style[0] == null ? "none" : style[0];
                // no credentials at all: the controller's permission check answers (fixture rest/063)
                return authError("woocommerce_rest_cannot_view", ONE.matcher(rawPath.substring("/wp-json/wc/v3/".length())).matches()
                        ? "Sorry, you cannot view this resource." : "Sorry, you cannot list resources.");
            }
            style[0] = "oauth1";
            if (!missing.isEmpty()) {
                return authError("woocommerce_rest_authentication_missing_parameter",
                        (missing.size() == 1 ? "Missing OAuth parameter " : "Missing OAuth parameters ") + String.join(", ", missing));
            }
            if (!consumerKey.equals(params.get("oauth_consumer_key"))) {
                return authError("woocommerce_rest_authentication_error", "Consumer key is invalid.");
            }
            String provided = URLDecoder.decode(params.get("oauth_signature").replace(" ", "+").replace("+", "%2B"), StandardCharsets.UTF_8);
            params.remove("oauth_signature");
            String method1 = params.get("oauth_signature_method");
            if (!method1.equals("HMAC-SHA1") && !method1.equals("HMAC-SHA256")) {
                return authError("woocommerce_rest_authentication_error", "Invalid signature - signature method is invalid.");
            }
            String expected = wcSignature(method, url() + rawPath, params, method1);
            if (!expected.equals(provided)) {
                return authError("woocommerce_rest_authentication_error", "Invalid signature - provided signature does not match.");
            }
            long ts;
            try {
                ts = Long.parseLong(params.get("oauth_timestamp"));
            } catch (NumberFormatException e) {
                ts = 0;
            }
            long now = clock.instant().getEpochSecond();
            if (ts < now - 15 * 60 || ts > now + 15 * 60) {
                return authError("woocommerce_rest_authentication_error", "Invalid timestamp.");
            }
            String nonce = params.get("oauth_nonce");
            usedNonces.values().removeIf(t -> t < now - 15 * 60);
            if (usedNonces.containsKey(nonce)) {
                return authError("woocommerce_rest_authentication_error", "Invalid nonce - nonce has already been used.");
            }
            usedNonces.put(nonce, ts);
        }
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (read && !permissions.contains("read")) {
            return authError("woocommerce_rest_authentication_error", "The API key provided does not have read permissions.");
        }
        if (!read && !permissions.contains("write")) {
            return authError("woocommerce_rest_authentication_error", "The API key provided does not have write permissions.");
        }
        return null;
    }

    /**
     * WooCommerce's check_oauth_signature, transcribed: sort by raw name (strcmp), rawurlencode names
     * and values, join name=value, rawurlencode the pair again, implode with %26; key = secret + '&'.
     */
    private String wcSignature(String httpMethod, String baseUri, Map<String, String> params, String signatureMethod) {
        List<String> names = new ArrayList<>(params.keySet());
        names.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        List<String> pairs = new ArrayList<>();
        for (String n : names) {
            pairs.add(rawurlencode(rawurlencode(n) + "=" + rawurlencode(params.get(n))));
        }
        String base = httpMethod.toUpperCase() + "&" + rawurlencode(baseUri) + "&" + String.join("%26", pairs);
        String algorithm = signatureMethod.equals("HMAC-SHA1") ? "HmacSHA1" : "HmacSHA256";
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec((consumerSecret + "&").getBytes(StandardCharsets.UTF_8), algorithm));
            return Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PHP rawurlencode via URLEncoder (a different implementation from the client's, on purpose). */
    static String rawurlencode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private Answer authError(String code, String message) {
        return new Answer(401, error(code, message, 401), null);
    }

    // ---- routes --------------------------------------------------------------------------------

    private Answer route(String method, String path, Map<String, String> query, byte[] body) {
        if (method.equals("GET") && query.getOrDefault("page", "").matches("\\d{1,6}")) {
            Runnable hook = beforeListPage.remove(Integer.parseInt(query.get("page")));
            if (hook != null) {
                hook.run(); // same thread, lock held (re-entrant): the change lands before this page is cut
            }
        }
        Matcher m;
        if (path.equals("orders") && method.equals("GET")) {
            return list(filterByModified(orders.values(), query), query, "date");
        }
        if ((m = REFUNDS.matcher(path)).matches() && method.equals("GET")) {
            long id = Long.parseLong(m.group(1));
            if (!orders.containsKey(id)) {
                return new Answer(404, error("woocommerce_rest_invalid_order_id", "Invalid order ID.", 404), null);
            }
            return list(refunds.getOrDefault(id, List.of()), query, null);
        }
        if ((m = VARIATION.matcher(path)).matches() && method.equals("GET")) {
            ObjectNode v = variations.getOrDefault(Long.parseLong(m.group(1)), new TreeMap<>()).get(Long.parseLong(m.group(2)));
            return v == null ? new Answer(404, error("woocommerce_rest_product_variation_invalid_id", "Invalid ID.", 404), null)
                    : new Answer(200, v, null);
        }
        if ((m = VARIATIONS.matcher(path)).matches() && method.equals("GET")) {
            return list(new ArrayList<>(variations.getOrDefault(Long.parseLong(m.group(1)), new TreeMap<>()).values()), query, null);
        }
        if (path.equals("products") && method.equals("GET")) {
            return list(filterByModified(products.values(), query), query, "date");
        }
        if (path.equals("customers") && method.equals("GET")) {
            return list(new ArrayList<>(customers.values()), query, "name");
        }
        if (path.equals("webhooks") && method.equals("GET")) {
            String status = query.getOrDefault("status", "all");
            return list(webhooks.values().stream().filter(w -> status.equals("all") || status.equals(w.path("status").asText())).toList(),
                    query, "date");
        }
        if (path.equals("webhooks") && method.equals("POST")) {
            return createWebhook(readObject(body));
        }
        if ((m = ONE.matcher(path)).matches()) {
            String type = m.group(1);
            long id = Long.parseLong(m.group(2));
            TreeMap<Long, ObjectNode> table = switch (type) {
                case "orders" -> orders;
                case "products" -> products;
                case "customers" -> customers;
                default -> webhooks;
            };
            ObjectNode item = table.get(id);
            if (item == null) {
                String code = switch (type) {
                    case "orders" -> "woocommerce_rest_shop_order_invalid_id";
                    case "products" -> "woocommerce_rest_product_invalid_id";
                    case "webhooks" -> "woocommerce_rest_webhook_invalid_id";
                    default -> "woocommerce_rest_invalid_id";
                };
                return new Answer(404, error(code, type.equals("customers") ? "Invalid resource ID." : "Invalid ID.", 404), null);
            }
            switch (method) {
                case "GET":
                    return new Answer(200, item, null);
                case "PUT":
                case "POST":
                case "PATCH":
                    return update(type, id, item, readObject(body));
                case "DELETE":
                    return delete(type, id, item, "true".equals(query.get("force")));
                default:
                    return noRoute();
            }
        }
        return noRoute();
    }

    private Answer update(String type, long id, ObjectNode item, ObjectNode changes) {
        if (type.equals("webhooks")) {
            for (String f : List.of("name", "status", "topic", "delivery_url")) {
                if (changes.has(f)) {
                    item.put(f, changes.get(f).asText());
                }
            }
            if (changes.has("secret")) {
                webhookSecrets.put(id, changes.get("secret").asText());
            }
            if (changes.has("status") && "active".equals(changes.get("status").asText())) {
                webhookFailures.put(id, 0);
            }
            touch(item);
            return new Answer(200, item, null);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = changes.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().equals("meta_data")) {
                mergeMeta(item, f.getValue());
            } else if (f.getValue().isValueNode()) {
                item.set(f.getKey(), f.getValue());
            }
        }
        touch(item);
        pending.add(new PendingDelivery(type.substring(0, type.length() - 1) + ".updated", id));
        return new Answer(200, item, null);
    }

    /** WooCommerce's meta_data update: an entry with an id updates that entry; one with only a key updates the key or adds it. */
    private void mergeMeta(ObjectNode item, JsonNode entries) {
        ArrayNode meta = item.withArray("meta_data");
        long nextMetaId = 1;
        for (JsonNode e : meta) {
            nextMetaId = Math.max(nextMetaId, e.path("id").asLong() + 1);
        }
        for (JsonNode e : entries) {
            ObjectNode target = null;
            for (JsonNode existing : meta) {
                if ((e.has("id") && e.get("id").asLong() == existing.path("id").asLong())
                        || (!e.has("id") && e.path("key").asText().equals(existing.path("key").asText()))) {
                    target = (ObjectNode) existing;
                    break;
                }
            }
            if (target == null) {
                target = meta.addObject();
                target.put("id", nextMetaId++);
                target.put("key", e.path("key").asText());
            }
            target.set("value", e.get("value"));
        }
    }

    private Answer delete(String type, long id, ObjectNode item, boolean force) {
        if (type.equals("webhooks")) {
            if (!force) {
                return new Answer(501, error("woocommerce_rest_trash_not_supported", "Webhooks do not support trashing.", 501), null);
            }
            webhooks.remove(id);
            webhookSecrets.remove(id);
            return new Answer(200, item, null);
        }
        String resource = type.substring(0, type.length() - 1);
        if (force) {
            switch (type) {
                case "orders" -> orders.remove(id);
                case "products" -> products.remove(id);
                default -> customers.remove(id);
            }
        } else {
            item.put("status", "trash");
            touch(item);
        }
        pending.add(new PendingDelivery(resource + ".deleted", id));
        return new Answer(200, item, null);
    }

    private Answer createWebhook(ObjectNode req) {
        String topic = req.path("topic").asText("");
        if (!topic.matches("(order|product|customer|coupon)\\.(created|updated|deleted|restored)") || !req.hasNonNull("delivery_url")) {
            return new Answer(400, error("rest_missing_callback_param", "Missing or invalid parameter(s): topic, delivery_url", 400), null);
        }
        long id = nextId++;
        ObjectNode w = json.createObjectNode();
        w.put("id", id);
        w.put("name", req.path("name").asText("Webhook created on " + now()));
        w.put("status", req.path("status").asText("active"));
        w.put("topic", topic);
        w.put("resource", topic.substring(0, topic.indexOf('.')));
        w.put("event", topic.substring(topic.indexOf('.') + 1));
        w.putArray("hooks");
        w.put("delivery_url", req.path("delivery_url").asText());
        w.put("date_created", now());
        w.put("date_created_gmt", now());
        w.putNull("date_modified");
        w.putNull("date_modified_gmt");
        webhooks.put(id, w);
        // WooCommerce generates a secret when none is given
        webhookSecrets.put(id, req.hasNonNull("secret") ? req.get("secret").asText() : randomHex(20));
        webhookFailures.put(id, 0);
        return new Answer(201, w, null, Map.of("Location", url() + "/wp-json/wc/v3/webhooks/" + id));
    }

    private List<ObjectNode> filterByModified(java.util.Collection<ObjectNode> items, Map<String, String> query) {
        String after = query.get("modified_after");
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode o : items) {
            if ("trash".equals(o.path("status").asText())) {
                continue; // status "any" leaves trashed orders out
            }
            // dates_are_gmt=true compares date_modified_gmt; otherwise the site's local time (UTC here, so the same)
            if (after != null && o.path("date_modified_gmt").asText("").compareTo(after.substring(0, Math.min(19, after.length()))) <= 0) {
                continue; // WP_Date_Query "after" is strict
            }
            out.add(o);
        }
        return out;
    }

    private Answer list(List<ObjectNode> items, Map<String, String> query, String defaultOrderBy) {
        int perPage;
        int page;
        try {
            perPage = Integer.parseInt(query.getOrDefault("per_page", "10"));
            page = Integer.parseInt(query.getOrDefault("page", "1"));
        } catch (NumberFormatException e) {
            return new Answer(400, error("rest_invalid_param", "Invalid parameter(s): per_page", 400), null);
        }
        if (perPage < 1 || perPage > 100) {
            return new Answer(400, error("rest_invalid_param", "Invalid parameter(s): per_page", 400), null);
        }
        List<ObjectNode> sorted = new ArrayList<>(items);
        String orderBy = query.getOrDefault("orderby", defaultOrderBy);
        if (orderBy != null) {
            Comparator<ObjectNode> cmp = switch (orderBy) {
                case "modified" -> Comparator.comparing((ObjectNode o) -> o.path("date_modified_gmt").asText(""));
                case "id" -> Comparator.comparingLong((ObjectNode o) -> o.path("id").asLong());
                default -> Comparator.comparing((ObjectNode o) -> o.path("date_created_gmt").asText(""));
            };
            cmp = cmp.thenComparingLong(o -> o.path("id").asLong());
            boolean asc = "asc".equals(query.getOrDefault("order", orderBy.equals("id") || orderBy.equals("name") ? "asc" : "desc"));
            sorted.sort(asc ? cmp : cmp.reversed());
        }
        int total = sorted.size();
        int totalPages = (total + perPage - 1) / perPage;
        ArrayNode out = json.createArrayNode();
        for (int i = (page - 1) * perPage; i < Math.min(total, page * perPage); i++) {
            out.add(sorted.get(i));
        }
        return new Answer(200, out, null, Map.of("X-WP-Total", Integer.toString(total), "X-WP-TotalPages", Integer.toString(totalPages)));
    }

    private Answer noRoute() {
        return new Answer(404, error("rest_no_route", "No route was found matching the URL and request method.", 404), null);
    }

    private ObjectNode error(String code, String message, int status) {
        ObjectNode e = json.createObjectNode();
        e.put("code", code);
        e.put("message", message);
        e.putObject("data").put("status", status);
        return e;
    }

    // ---- helpers -------------------------------------------------------------------------------

    private byte[] payload(String topic, long resourceId) {
        ObjectNode item = switch (topic.substring(0, topic.indexOf('.'))) {
            case "order" -> orders.get(resourceId);
            case "product" -> products.get(resourceId);
            case "customer" -> customers.get(resourceId);
            default -> null;
        };
        JsonNode body = topic.endsWith(".deleted") || item == null ? json.createObjectNode().put("id", resourceId) : item;
        return phpJson(body);
    }

    private void recordDeliveryOutcome(long webhookId, int status) {
        if (status >= 200 && status <= 302) {
            webhookFailures.put(webhookId, 0);
            return;
        }
        int failures = webhookFailures.merge(webhookId, 1, Integer::sum);
        ObjectNode w = webhooks.get(webhookId);
        if (failures > 5 && w != null) {
            w.put("status", "disabled"); // WooCommerce: more than woocommerce_max_webhook_delivery_failures (5) in a row
        }
    }

    private int post(URI target, Map<String, String> headers, byte[] body) {
        return send(client, target, headers, body);
    }

    private static int send(HttpClient c, URI target, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((k, v) -> {
            String lower = k.toLowerCase();
            if (!lower.equals("host") && !lower.equals("connection") && !lower.equals("content-length") && !lower.equals("expect")) {
                b.header(k, v);
            }
        });
        try {
            return c.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0; // WooCommerce logs the WP_Error and counts it as a failed delivery
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private void touch(ObjectNode o) {
        String now = now();
        o.put("date_modified", now);
        o.put("date_modified_gmt", now);
    }

    private String now() {
        return WC_DATE.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }

    private ObjectNode readObject(byte[] body) {
        try {
            JsonNode n = json.readTree(body);
            return n instanceof ObjectNode o ? o : json.createObjectNode();
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    /** PHP json_encode as wp_json_encode uses it: slashes escaped, non-ASCII as \\uXXXX. */
    private byte[] phpJson(JsonNode node) {
        if (node == null) {
            return new byte[0];
        }
        try {
            return phpEscapes(phpJson.writeValueAsString(node)).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Jackson's escaped JSON to PHP's: '/' as '\\/', \\u escapes in lower-case hex. */
    private static String phpEscapes(String jsonText) {
        StringBuilder out = new StringBuilder(jsonText.length() + 64);
        for (int i = 0; i < jsonText.length(); i++) {
            char c = jsonText.charAt(i);
            if (c == '\\' && i + 1 < jsonText.length()) {
                char next = jsonText.charAt(i + 1);
                out.append(c).append(next);
                i++;
                if (next == 'u' && i + 4 < jsonText.length()) {
                    out.append(jsonText.substring(i + 1, i + 5).toLowerCase(java.util.Locale.ROOT));
                    i += 4;
                }
            } else if (c == '/') {
                out.append("\\/");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8); // PHP: '+' is a space
            q.put(k, v); // PHP: the last duplicate wins
        }
        return q;
    }

    private static String htmlEntityDecode(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#039;", "'").replace("&amp;", "&");
    }

    private String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static byte[] resource(String path) {
        try (InputStream in = StandInWooCommerce.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void seed() {
        for (String name : List.of("044-order_get_after_refund", "048-order2_update_cancelled", "073-order_get_storeapi_checkout",
                "076-order_get_restored")) {
            ObjectNode o = (ObjectNode) fixture(name);
            orders.put(o.path("id").asLong(), o);
        }
        List<ObjectNode> r = new ArrayList<>();
        fixture("041-order_refunds_list").forEach(n -> r.add((ObjectNode) n));
        refunds.put(17L, r);
        for (String name : List.of("051-product_update_price", "031-product_get_variable")) {
            ObjectNode p = (ObjectNode) fixture(name);
            products.put(p.path("id").asLong(), p);
        }
        TreeMap<Long, ObjectNode> vs = new TreeMap<>();
        fixture("032-variations_list").forEach(n -> vs.put(n.path("id").asLong(), (ObjectNode) n));
        variations.put(12L, vs);
        ObjectNode c = (ObjectNode) fixture("057-customer_get");
        customers.put(c.path("id").asLong(), c);
    }
}
