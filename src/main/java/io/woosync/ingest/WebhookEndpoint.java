package io.woosync.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.http.HttpServerRequest;
import io.woosync.queue.JobQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /webhooks/woocommerce/{tenant}}: WooCommerce's deliveries and pings.
 *
 * <p>WooCommerce delivers each event once and disables a webhook after repeated failures, so the
 * endpoint answers 200 only after the delivery and its job are durably stored (one statement,
 * committed with whatever else arrived meanwhile: {@link DeliveryWriter}), answers fast, and never answers 500: unknown tenant 404, bad or missing signature
 * 401, wrong content type 415, too large 413, malformed JSON or unsupported topic behind a valid
 * signature 400, database unavailable 503 (WooCommerce counts it as a failed delivery, and the
 * catch-up poll finds the change later).
 *
 * <p>A plain Vert.x route rather than a JAX-RS resource: the signature must be checked over the
 * raw bytes before anything parses them, and WooCommerce's form-encoded ping must not meet the
 * CSRF filter that protects the pages' forms.
 */
@ApplicationScoped
public class WebhookEndpoint {

    static final String PATH = "/webhooks/woocommerce/:tenant";

    private static final Logger LOG = Logger.getLogger(WebhookEndpoint.class);
    private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");
    private static final Pattern PING_BODY = Pattern.compile("^webhook_id=(\\d{1,18})$");
    private static final String SIGNATURE = "X-WC-Webhook-Signature";
    private static final String BODY = "woosync.webhook.body";

    /** A reply: status, JSON body, and (for rejections) the metric reason. */
    record Reply(int status, String json, String reason) {
        static Reply ok(String json) {
            return new Reply(200, json, null);
        }

        static Reply problem(int status, String reason, String detail) {
            String title = switch (status) {
                case 400 -> "Bad request";
                case 401 -> "Unauthorized";
                case 404 -> "Not found";
                case 413 -> "Payload too large";
                case 415 -> "Unsupported media type";
                default -> "Service unavailable";
            };
            return new Reply(status, "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                    + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}", reason);
        }
    }

    private final WebhookTenants tenants;
    private final DeliveryStore store;
    private final DeliveryWriter writer;
    private final ObjectMapper mapper;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final IngestConfig config;
    private final io.woosync.woo.WebhookHealth webhookHealth;
    /** Counters by kind/reason: looked up once, not built from tags on every request. */
    private final java.util.concurrent.ConcurrentHashMap<String, Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();

    public WebhookEndpoint(WebhookTenants tenants, DeliveryStore store, DeliveryWriter writer, ObjectMapper mapper, MeterRegistry metrics,
                           Clock clock, IngestConfig config, io.woosync.woo.WebhookHealth webhookHealth) {
        this.writer = writer;
        this.webhookHealth = webhookHealth;
        this.tenants = tenants;
        this.store = store;
        this.mapper = mapper;
        this.metrics = metrics;
        this.clock = clock;
        this.config = config;
    }

    /**
     * Ahead of Quarkus' own per-request handlers (HTTP authentication and authorization, and the
     * REST layer's metrics-template lookup, which matches the request against every JAX-RS path):
     * this route needs none of them (it is public, and the HMAC signature is its authentication),
     * and on a busy store they cost more CPU than storing the delivery. Only the handlers Quarkus
     * orders at {@link RouteConstants#ROUTE_ORDER_BODY_HANDLER} or earlier (access log, start
     * time, configured headers) still run first; graceful shutdown wraps the whole router anyway.
     */
    static final int ROUTE_ORDER = RouteConstants.ROUTE_ORDER_BODY_HANDLER + 1;

    void routes(@Observes Router router) {
        router.post(PATH).order(ROUTE_ORDER)
                .handler(this::readBody)
                .handler(this::acceptOnEventLoop)
                .blockingHandler(this::handle, false)
                .failureHandler(this::failure);
    }

    /**
     * Reads the raw body on the event loop, up to the limit: 413 as soon as Content-Length or the
     * bytes received pass it. (Not Vert.x' BodyHandler: it decodes form bodies, and a JSON body sent
     * as a form must reach the 415 check intact.)
     */
    private void readBody(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        long limit = config.maxBodySize().asLongValue();
        String length = request.getHeader("Content-Length");
        long declared = 4096; // no Content-Length (chunked): a guess, the buffer grows if needed
        if (length != null) {
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                send(ctx, Reply.problem(400, "bad_content_length", "Content-Length is not a number."));
                return;
            }
            if (declared > limit) {
                tooLarge(ctx);
                return;
            }
        }
        // Sized from Content-Length when given, so that the body is not copied as it grows.
        Buffer body = Buffer.buffer((int) Math.max(0, declared));
        boolean[] tooLarge = {false};
        request.handler(chunk -> {
            if (tooLarge[0]) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                tooLarge[0] = true;
                tooLarge(ctx);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(ctx::fail);
        request.endHandler(done -> {
            if (!tooLarge[0]) {
                ctx.put(BODY, body);
                ctx.next();
            }
        });
        request.resume();
    }

    /**
     * The common case without leaving the event loop: a tenant in the cache and a delivery that
     * passes every check go straight to the {@link DeliveryWriter}, and the answer is sent from the
     * event loop once the delivery is committed. No worker thread waits for the commit. Anything
     * else (pings and rejections, which are recorded in the database, and tenants not cached)
     * continues to {@link #handle} on a worker thread, which decides it from the start.
     */
    private void acceptOnEventLoop(RoutingContext ctx) {
        Optional<WebhookTenants.Endpoint> endpoint = tenants.cached(ctx.pathParam("tenant"));
        DeliveryStore.Incoming incoming = endpoint.isEmpty() ? null
                : acceptable(endpoint.get(), ctx.request().headers(), bodyOf(ctx), clock.instant());
        if (incoming == null) {
            ctx.next();
            return;
        }
        io.vertx.core.Context context = ctx.vertx().getOrCreateContext();
        writer.submit(incoming).whenComplete((stored, failure) -> {
            Reply reply = afterCommit(endpoint.get(), incoming, stored,
                    failure == null ? null : DeliveryWriter.asSqlException(failure));
            context.runOnContext(v -> send(ctx, reply));
        });
    }

    /**
     * The delivery to store when everything checks out against the tenant as cached; null when
     * anything else needs the full decision of {@link #receive} (a ping or a rejection, which are
     * recorded in the database, or a secret that may have just changed).
     */
    DeliveryStore.Incoming acceptable(WebhookTenants.Endpoint endpoint, MultiMap headers, byte[] body, Instant now) {
        return check(endpoint, headers, body, now) instanceof Verdict.Accept accept ? accept.delivery() : null;
    }

    /** What {@link #check} decides about one delivery for the tenant as known. */
    sealed interface Verdict {
        /** Signed with the tenant's secret, JSON, a topic we sync, a numeric id: store it. */
        record Accept(DeliveryStore.Incoming delivery) implements Verdict {
        }

        /** WooCommerce's ping when a webhook is saved: a form body and no signature. */
        record Ping() implements Verdict {
        }

        /**
         * Refused. {@code secretMayBeStale}: the secret as known does not verify it, or there is
         * none, so the tenant is worth reading once more before the answer is final.
         */
        record Reject(int status, String reason, String detail, boolean secretMayBeStale) implements Verdict {
            Reject(int status, String reason, String detail) {
                this(status, reason, detail, false);
            }
        }
    }

    /**
     * The endpoint's rules, in order, for a delivery against one tenant as known: the only place
     * they are written, used by the event loop's fast path and by {@link #receive} alike. No I/O:
     * the body is parsed only once its signature is valid.
     */
    Verdict check(WebhookTenants.Endpoint endpoint, MultiMap headers, byte[] body, Instant now) {
        String mediaType = mediaType(headers.get("Content-Type"));
        String signature = headers.get(SIGNATURE);
        String topic = headers.get("X-WC-Webhook-Topic");
        if ("application/x-www-form-urlencoded".equals(mediaType) && signature == null) {
            return new Verdict.Ping();
        }
        if (!"application/json".equals(mediaType)) {
            return new Verdict.Reject(415, "unsupported_media_type", "Deliveries must be application/json.");
        }
        if (signature == null || signature.isBlank()) {
            return new Verdict.Reject(401, "missing_signature", "X-WC-Webhook-Signature is missing.");
        }
        if (endpoint.key() == null) {
            return new Verdict.Reject(401, "no_secret_configured", "This tenant has no webhook secret configured.", true);
        }
        if (!WebhookSignature.verify(endpoint.key(), body, signature)) {
            return new Verdict.Reject(401, "bad_signature", "The signature does not match the body.", true);
        }
        // Signature valid: now the body may be parsed.
        String resourceType = resourceTypeOf(topic);
        if (resourceType == null) {
            return new Verdict.Reject(400, "unsupported_topic", "Topic '" + abbreviate(topic) + "' is not one of "
                    + JobQueue.RESOURCE_TYPES + " followed by .created/.updated/.deleted/.restored.");
        }
        String resourceId;
        try {
            resourceId = topLevelId(mapper.getFactory(), body);
        } catch (java.io.IOException e) {
            return new Verdict.Reject(400, "malformed_json", "The body is not valid JSON.");
        }
        if (resourceId == null) {
            return new Verdict.Reject(400, "missing_id", "The payload has no numeric \"id\".");
        }
        return new Verdict.Accept(incoming(endpoint, headers, topic, resourceType, resourceId, body, now));
    }

    private DeliveryStore.Incoming incoming(WebhookTenants.Endpoint endpoint, MultiMap headers, String topic, String resourceType,
                                            String resourceId, byte[] body, Instant now) {
        return new DeliveryStore.Incoming(endpoint.tenantId(), longHeader(headers, "X-WC-Webhook-ID"),
                abbreviate(headers.get("X-WC-Webhook-Delivery-ID"), 64), topic, resourceType, resourceId,
                abbreviate(headers.get("X-WC-Webhook-Source"), 500), headersJson(headers), body, sha256(body), now);
    }

    /** The answer once the writer is done with a delivery: accepted, duplicate, or 503 when it could not be stored. */
    private Reply afterCommit(WebhookTenants.Endpoint endpoint, DeliveryStore.Incoming d, Optional<DeliveryStore.Stored> stored,
                              java.sql.SQLException failure) {
        if (failure != null) {
            LOG.errorf("503 webhook %s for %s %s/%s: could not store: %s", d.topic(), endpoint.slug(), d.resourceType(),
                    d.resourceId(), failure.getMessage());
            return Reply.problem(503, "unavailable", "The delivery could not be stored; nothing was accepted.");
        }
        if (stored.isEmpty()) {
            LOG.debugf("duplicate %s delivery for %s %s/%s ignored", d.topic(), endpoint.slug(), d.resourceType(), d.resourceId());
            return Reply.ok("{\"status\":\"duplicate\"}");
        }
        recordDeliveryForHealth(endpoint.tenantId(), d.topic(), d.receivedAt());
        return Reply.ok("{\"status\":\"accepted\",\"delivery\":" + stored.get().deliveryId() + ",\"job\":" + stored.get().jobId() + "}");
    }

    private static byte[] bodyOf(RoutingContext ctx) {
        Buffer buffer = ctx.get(BODY);
        return buffer == null ? new byte[0] : buffer.getBytes();
    }

    private void tooLarge(RoutingContext ctx) {
        ctx.response().putHeader("Connection", "close");
        send(ctx, Reply.problem(413, "too_large", "The body exceeds " + config.maxBodySize().asLongValue() + " bytes."));
    }

    private void handle(RoutingContext ctx) {
        Reply reply;
        try {
            byte[] body = bodyOf(ctx);
            String remote = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
            reply = receive(ctx.pathParam("tenant"), ctx.request().headers(), body, remote);
        } catch (RuntimeException e) {
            LOG.errorf(e, "webhook for %s could not be stored", ctx.pathParam("tenant"));
            reply = Reply.problem(503, "unavailable", "The delivery could not be stored; nothing was accepted.");
        }
        send(ctx, reply);
    }

    private void failure(RoutingContext ctx) {
        LOG.warnf(ctx.failure(), "webhook request for %s failed before processing", ctx.pathParam("tenant"));
        send(ctx, Reply.problem(503, "unavailable", "The delivery could not be read; nothing was accepted."));
    }

    private void send(RoutingContext ctx, Reply reply) {
        if (reply.reason() == null) {
            counters.computeIfAbsent("accepted:" + kindOf(reply),
                    k -> metrics.counter("woosync.webhook.accepted", "kind", kindOf(reply))).increment();
        } else {
            counters.computeIfAbsent("rejected:" + reply.reason(),
                    k -> metrics.counter("woosync.webhook.rejected", "reason", reply.reason())).increment();
        }
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(reply.status())
                .putHeader("Content-Type", reply.status() == 200 ? "application/json" : "application/problem+json")
                .end(reply.json());
    }

    private static String kindOf(Reply reply) {
        if (reply.json().contains("\"duplicate\"")) {
            return "duplicate";
        }
        return reply.json().contains("\"connected\"") ? "ping" : "delivery";
    }

    /** The whole decision, from raw request to reply. */
    Reply receive(String slug, MultiMap headers, byte[] body, String remoteAddress) {
        Instant now = clock.instant();
        Optional<WebhookTenants.Endpoint> found = tenants.find(slug);
        if (found.isEmpty()) {
            LOG.infof("404 webhook for unknown tenant '%s' from %s", abbreviate(slug), remoteAddress);
            return Reply.problem(404, "unknown_tenant", "No such tenant.");
        }
        WebhookTenants.Endpoint endpoint = found.get();
        Verdict verdict = check(endpoint, headers, body, now);
        if (verdict instanceof Verdict.Reject r && r.secretMayBeStale()) {
            // The secret may have just been set or changed: decide once more against the stored one.
            Optional<WebhookTenants.Endpoint> reloaded = tenants.reloadAfterFailure(endpoint);
            if (reloaded.isPresent()) {
                endpoint = reloaded.get();
                verdict = check(endpoint, headers, body, now);
            }
        }
        String topic = headers.get("X-WC-Webhook-Topic");
        if (verdict instanceof Verdict.Ping) {
            return ping(endpoint, body, remoteAddress, now);
        }
        if (verdict instanceof Verdict.Reject r) {
            return reject(endpoint, r.status(), r.reason(), r.detail(), topic, remoteAddress, body, now);
        }
        DeliveryStore.Incoming incoming = ((Verdict.Accept) verdict).delivery();
        try {
            return afterCommit(endpoint, incoming, writer.write(incoming), null);
        } catch (java.sql.SQLException e) {
            return afterCommit(endpoint, incoming, null, e);
        }
    }

    /** Webhook health (woo capability) counts accepted deliveries; its failure must not refuse a stored delivery. */
    private void recordDeliveryForHealth(long tenantId, String topic, Instant now) {
        try {
            webhookHealth.recordDelivery(tenantId, topic, now);
        } catch (RuntimeException e) {
            LOG.warnf("could not record webhook health for tenant %d topic %s: %s", tenantId, topic, e.getMessage());
        }
    }

    private Reply ping(WebhookTenants.Endpoint endpoint, byte[] body, String remoteAddress, Instant now) {
        Matcher m = PING_BODY.matcher(new String(body, StandardCharsets.US_ASCII).trim());
        if (!m.matches()) {
            return reject(endpoint, 400, "malformed_ping", "A form body must be webhook_id=N.", null, remoteAddress, body, now);
        }
        long webhookId = Long.parseLong(m.group(1));
        try {
            store.recordEvent(endpoint.tenantId(), "connected", webhookId, null, null, remoteAddress, null, null, now);
        } catch (java.sql.SQLException e) {
            LOG.warnf("ping of webhook %d for %s not recorded: %s", webhookId, endpoint.slug(), e.getMessage());
        }
        LOG.infof("webhook %d connected for tenant %s (ping from %s)", webhookId, endpoint.slug(), remoteAddress);
        return Reply.ok("{\"status\":\"connected\",\"webhook\":" + webhookId + "}");
    }

    private Reply reject(WebhookTenants.Endpoint endpoint, int status, String reason, String detail, String topic,
                         String remoteAddress, byte[] body, Instant now) {
        LOG.infof("%d webhook %s for tenant %s from %s rejected: %s", status, abbreviate(topic), endpoint.slug(), remoteAddress, reason);
        try {
            store.recordEvent(endpoint.tenantId(), "rejected", null, topic, reason, remoteAddress, sha256(body), body.length, now);
        } catch (java.sql.SQLException e) {
            LOG.warnf("rejection for %s not recorded: %s", endpoint.slug(), e.getMessage());
        }
        return Reply.problem(status, reason, detail);
    }

    /**
     * The payload's top-level {@code "id"} as a decimal string, or null when there is none (or it is
     * not a whole number). Reads the whole body, so malformed JSON anywhere in it fails, but builds
     * no tree: an order payload is a few KB of which only this field matters here, and building the
     * tree was the largest CPU cost of accepting a delivery.
     *
     * @throws java.io.IOException for malformed JSON, including anything after the top-level value
     */
    static String topLevelId(JsonFactory json, byte[] body) throws java.io.IOException {
        try (JsonParser p = json.createParser(body)) {
            JsonToken root = p.nextToken();
            String id = null;
            if (root == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if ("id".equals(name)) { // the last one wins, as in a tree
                        id = idValue(p, value);
                    }
                    p.skipChildren();
                }
            } else {
                p.skipChildren();
            }
            if (root != null && p.nextToken() != null) {
                throw new JsonParseException(p, "content after the JSON value");
            }
            return id;
        }
    }

    private static String idValue(JsonParser p, JsonToken value) throws java.io.IOException {
        if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return Long.toString(p.getLongValue());
        }
        if (value == JsonToken.VALUE_STRING && DIGITS.matcher(p.getText()).matches()) {
            return Long.toString(Long.parseLong(p.getText()));
        }
        return null;
    }

    /** "order.updated" → "order"; null for any topic whose resource we do not sync. */
    static String resourceTypeOf(String topic) {
        if (topic == null) {
            return null;
        }
        int dot = topic.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        String resource = topic.substring(0, dot);
        String event = topic.substring(dot + 1);
        boolean knownEvent = switch (event) {
            case "created", "updated", "deleted", "restored" -> true;
            default -> false;
        };
        return knownEvent && JobQueue.RESOURCE_TYPES.contains(resource) ? resource : null;
    }

    private String headersJson(MultiMap headers) {
        ObjectNode node = mapper.createObjectNode();
        for (Map.Entry<String, String> h : headers) {
            String name = h.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-wc-webhook-") || lower.equals("content-type") || lower.equals("user-agent")) {
                node.put(name, abbreviate(h.getValue(), 500));
            }
        }
        return node.toString();
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static long longHeader(MultiMap headers, String name) {
        String v = headers.get(name);
        if (v == null) {
            return 0;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String s) {
        return abbreviate(s, 64);
    }

    private static String abbreviate(String s, int max) {
        if (s == null) {
            return null;
        }
        return s.length() <= max ? s : s.substring(0, max);
    }
}
