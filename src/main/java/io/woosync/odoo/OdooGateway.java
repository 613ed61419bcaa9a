package io.woosync.odoo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.woosync.SyncFailure;
import io.woosync.tenant.TenantConnections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one way into a tenant's Odoo. Every method takes the tenant's decrypted
 * {@link TenantConnections.Odoo} (from {@code TenantService.odoo(tenant)}).
 *
 * <p>Per tenant it detects the version once ({@code common.version}, or {@code GET /json/version}
 * where JSON-RPC is gone), picks the transport (JSON-RPC up to 18, JSON-2 from 19, overridable by
 * {@code woosync.odoo.transport-override.<slug>}), logs in once and caches the uid (the first
 * authentication costs ~400 ms). The cache is dropped when the credentials change or Odoo answers
 * AccessDenied.
 *
 * <p>Every call runs under the tenant's breaker, bulkhead and retry policy ({@link TenantGuards})
 * and fails only with an {@link OdooException}. Reads are retried on any transient fault; creates,
 * writes and actions only when the request cannot have been applied (refused connection, 503, 429,
 * serialization failure). After an ambiguous fault the workflow helpers below read back before
 * doing anything again.
 */
@ApplicationScoped
public class OdooGateway {

    private static final Logger LOG = Logger.getLogger(OdooGateway.class);

    /** Methods that change nothing in Odoo: safe to repeat after any transient fault. */
    static final Set<String> READ_METHODS = Set.of("search", "search_read", "read", "search_count", "fields_get",
            "check_access_rights", "has_access", "name_search", "context_get", "default_get", "read_group", "version");

    /** Methods called on the model, not on records: their positional arguments carry no ids. */
    private static final Set<String> MODEL_METHODS = Set.of("search", "search_read", "search_count", "create", "fields_get",
            "check_access_rights", "has_access", "name_search", "context_get", "default_get", "read_group");

    /** Parameter names of positional arguments (after the ids, for record methods), for JSON-2's named-only calls. */
    private static final Map<String, List<String>> PARAMETERS = Map.ofEntries(
            Map.entry("search", List.of("domain", "offset", "limit", "order")),
            Map.entry("search_read", List.of("domain", "fields", "offset", "limit", "order")),
            Map.entry("search_count", List.of("domain", "limit")),
            Map.entry("read", List.of("fields")),
            Map.entry("create", List.of("vals_list")),
            Map.entry("write", List.of("vals")),
            Map.entry("fields_get", List.of("allfields", "attributes")),
            Map.entry("check_access_rights", List.of("operation", "raise_exception")),
            Map.entry("has_access", List.of("operation")),
            Map.entry("name_search", List.of("name", "domain", "operator", "limit")),
            Map.entry("default_get", List.of("fields_list")),
            Map.entry("copy", List.of("default")));

    /** A tenant's cached login: version, transport and uid, valid for one set of credentials. */
    record Session(String fingerprint, OdooVersion version, OdooTransportKind transport, long uid) {
    }

    /** An external id in {@code ir.model.data}. */
    public record ExternalId(long id, String module, String name, String model, long resId) {
    }

    /** The record behind an external id, and whether this call created it. */
    public record Binding(long id, boolean created) {
    }

    /** What {@link #registerPayment} needs; {@code amount} null pays the open amount. */
    public record PaymentRequest(long invoiceId, long journalId, BigDecimal amount, LocalDate date, String communication,
                                 Long paymentMethodLineId) {
    }

    private final OdooConfig config;
    private final ObjectMapper json;
    private final OdooHttp http;
    private final TenantGuards guards;
    private final ConcurrentMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicLong rpcIds = new AtomicLong();

    @Inject
    public OdooGateway(OdooConfig config, Clock clock, ObjectMapper json) {
        this(config, clock, json, d -> Thread.sleep(d.toMillis()));
    }

    OdooGateway(OdooConfig config, Clock clock, ObjectMapper json, TenantGuards.Sleeper sleeper) {
        this.config = config;
        this.json = json;
        this.http = new OdooHttp(config.connectTimeout(), config.callTimeout());
        this.guards = new TenantGuards(config, clock, sleeper);
    }

    // ------------------------------------------------------------------ session

    /** The tenant's Odoo version (detected once per credentials, then cached). */
    public OdooVersion version(TenantConnections.Odoo odoo) {
        return guarded(odoo, true, () -> session(odoo)).version();
    }

    /** The transport in use for this tenant. */
    public OdooTransportKind transport(TenantConnections.Odoo odoo) {
        return guarded(odoo, true, () -> session(odoo)).transport();
    }

    /** The uid the tenant's login and API key authenticate as. */
    public long uid(TenantConnections.Odoo odoo) {
        return guarded(odoo, true, () -> session(odoo)).uid();
    }

    /** Forget the tenant's cached login (e.g. after its credentials were edited). */
    public void forget(String tenantSlug) {
        sessions.remove(tenantSlug);
    }

    /** The state of the tenant's circuit breaker. */
    public String breakerState(String tenantSlug) {
        return guards.state(tenantSlug).name();
    }

    /** Version detection alone, without logging in and without the tenant's guards: for the connection test. */
    OdooVersion detectVersion(TenantConnections.Odoo odoo) {
        return detect(odoo);
    }

    // ------------------------------------------------------------------ generic calls

    /**
     * Calls {@code model.method(*args, **kwargs)} in JSON-RPC's {@code execute_kw} convention; on
     * JSON-2 the positional arguments are named for the known ORM methods, and {@code args[0]} is the
     * ids of a record method. Returns Odoo's result as JSON.
     */
    public JsonNode execute(TenantConnections.Odoo odoo, String model, String method, List<?> args, Map<String, ?> kwargs) {
        boolean repeatable = READ_METHODS.contains(method);
        return guarded(odoo, repeatable, () -> attempt(odoo, model, method, args == null ? List.of() : args,
                kwargs == null ? Map.of() : kwargs));
    }

    public List<ObjectNode> searchRead(TenantConnections.Odoo odoo, String model, List<?> domain, List<String> fields, Integer limit) {
        Map<String, Object> kw = new LinkedHashMap<>();
        kw.put("fields", fields);
        if (limit != null) {
            kw.put("limit", limit);
        }
        return objects(execute(odoo, model, "search_read", List.of(domain), kw));
    }

    public List<Long> search(TenantConnections.Odoo odoo, String model, List<?> domain, Integer limit) {
        Map<String, Object> kw = limit == null ? Map.of() : Map.of("limit", limit);
        return ids(execute(odoo, model, "search", List.of(domain), kw));
    }

    public long searchCount(TenantConnections.Odoo odoo, String model, List<?> domain) {
        return execute(odoo, model, "search_count", List.of(domain), Map.of()).asLong();
    }

    /** Reads records; a missing id is simply absent from the answer (Odoo returns {@code []} for it). */
    public List<ObjectNode> read(TenantConnections.Odoo odoo, String model, List<Long> ids, List<String> fields) {
        return objects(execute(odoo, model, "read", List.of(ids), Map.of("fields", fields)));
    }

    /**
     * Creates one record and returns its id. Not retried after an ambiguous fault: use
     * {@link #createWithExternalId} for anything that must not be created twice.
     */
    public long create(TenantConnections.Odoo odoo, String model, Map<String, ?> vals) {
        return create(odoo, model, vals, null);
    }

    /** Creates one record with a context (wizards need {@code active_model}/{@code active_ids}). */
    public long create(TenantConnections.Odoo odoo, String model, Map<String, ?> vals, Map<String, ?> context) {
        Map<String, Object> kw = context == null ? Map.of() : Map.of("context", context);
        JsonNode r = execute(odoo, model, "create", List.of(vals), kw);
        return r.isArray() ? r.get(0).asLong() : r.asLong();
    }

    public boolean write(TenantConnections.Odoo odoo, String model, List<Long> ids, Map<String, ?> vals) {
        return execute(odoo, model, "write", List.of(ids, vals), Map.of()).asBoolean();
    }

    /** Calls a public method (a button) on records, e.g. {@code action_confirm}; returns its result (often an action). */
    public JsonNode callMethod(TenantConnections.Odoo odoo, String model, String method, List<Long> ids, Map<String, ?> context) {
        Map<String, Object> kw = context == null || context.isEmpty() ? Map.of() : Map.of("context", context);
        return execute(odoo, model, method, List.of(ids), kw);
    }

    public ObjectNode fieldsGet(TenantConnections.Odoo odoo, String model, List<String> fields, List<String> attributes) {
        JsonNode r = execute(odoo, model, "fields_get", List.of(fields), Map.of("attributes", attributes));
        return r instanceof ObjectNode o ? o : json.createObjectNode();
    }

    /** May the tenant's user do {@code operation} (read, create, write, unlink) on {@code model}? */
    public boolean hasAccess(TenantConnections.Odoo odoo, String model, String operation) {
        OdooVersion v = version(odoo);
        if (transport(odoo) == OdooTransportKind.JSON_2 && v.major() >= 19) {
            return execute(odoo, model, "has_access", List.of(operation), Map.of()).asBoolean();
        }
        return execute(odoo, model, "check_access_rights", List.of(operation), Map.of("raise_exception", false)).asBoolean();
    }

    // ------------------------------------------------------------------ external ids and idempotent creates

    /** The {@code ir.model.data} module holding a tenant's external ids: {@code woosync_<slug with - as _>}. */
    public static String externalIdModule(String tenantSlug) {
        return "woosync_" + tenantSlug.replace('-', '_');
    }

    public Optional<ExternalId> findExternalId(TenantConnections.Odoo odoo, String name) {
        String module = externalIdModule(odoo.tenantSlug());
        List<ObjectNode> rows = searchRead(odoo, "ir.model.data",
                List.of(List.of("module", "=", module), List.of("name", "=", name)), List.of("model", "res_id"), 1);
        return rows.stream().findFirst().map(r -> new ExternalId(r.path("id").asLong(), module, name,
                r.path("model").asText(), r.path("res_id").asLong()));
    }

    /**
     * Marks {@code model,resId} with the external id {@code name}. An existing external id is never
     * rewritten (rewriting invalidates Odoo's registry cache): if it already points elsewhere this
     * fails as a data problem.
     */
    public void bindExternalId(TenantConnections.Odoo odoo, String name, String model, long resId) {
        Optional<ExternalId> existing = findExternalId(odoo, name);
        if (existing.isPresent()) {
            requireSame(odoo, existing.get(), model, resId);
            return;
        }
        Map<String, Object> vals = new LinkedHashMap<>();
        vals.put("module", externalIdModule(odoo.tenantSlug()));
        vals.put("name", name);
        vals.put("model", model);
        vals.put("res_id", resId);
        vals.put("noupdate", true);
        try {
            create(odoo, "ir.model.data", vals);
        } catch (OdooException e) {
            // A timeout after sending, or another worker binding it first: look before failing.
            Optional<ExternalId> now = findExternalId(odoo, name);
            if (now.isEmpty()) {
                throw e;
            }
            requireSame(odoo, now.get(), model, resId);
        }
    }

    /**
     * Creates {@code model} with {@code vals} exactly once for the external id {@code name}
     * (e.g. {@code order_1054}): if the external id exists, returns its record; otherwise, if
     * {@code readBackDomain} finds exactly one record (e.g. {@code [["client_order_ref","=","WOO-1054"]]}),
     * binds and returns that one; otherwise creates, then binds. After an ambiguous failure of the
     * create (timeout after sending) it reads back by {@code readBackDomain} before creating again.
     */
    public Binding createWithExternalId(TenantConnections.Odoo odoo, String model, String name, Map<String, ?> vals,
                                        List<?> readBackDomain) {
        Optional<ExternalId> existing = findExternalId(odoo, name);
        if (existing.isPresent()) {
            requireSame(odoo, existing.get(), model, existing.get().resId());
            return new Binding(existing.get().resId(), false);
        }
        Optional<Long> found = readBack(odoo, model, name, readBackDomain);
        if (found.isPresent()) {
            bindExternalId(odoo, name, model, found.get());
            return new Binding(found.get(), false);
        }
        long id;
        try {
            id = create(odoo, model, vals);
        } catch (OdooException e) {
            if (!e.ambiguous()) {
                throw e;
            }
            LOG.infof("tenant %s: create of %s %s ended ambiguously (%s), reading back", odoo.tenantSlug(), model, name, e.fault());
            Optional<Long> after = readBack(odoo, model, name, readBackDomain);
            if (after.isPresent()) {
                bindExternalId(odoo, name, model, after.get());
                return new Binding(after.get(), true);
            }
            if (readBackDomain == null) {
                throw e;
            }
            // Read back found nothing: the create was not applied, so it is safe to send again.
            id = create(odoo, model, vals);
        }
        bindExternalId(odoo, name, model, id);
        return new Binding(id, true);
    }

    private Optional<Long> readBack(TenantConnections.Odoo odoo, String model, String name, List<?> domain) {
        if (domain == null || domain.isEmpty()) {
            return Optional.empty();
        }
        List<Long> ids = search(odoo, model, domain, 2);
        if (ids.size() > 1) {
            throw new OdooException(SyncFailure.Kind.DATA, "Odoo has several " + model + " records matching " + name + " ("
                    + describeDomain(domain) + "): merge or archive the duplicates, then retry.",
                    OdooException.Fault.ODOO_ERROR, model, "search", null, 200, false, false, null);
        }
        return ids.stream().findFirst();
    }

    private static void requireSame(TenantConnections.Odoo odoo, ExternalId id, String model, long resId) {
        if (!id.model().equals(model) || id.resId() != resId) {
            throw new OdooException(SyncFailure.Kind.DATA, "Odoo external id " + id.module() + "." + id.name() + " already points to "
                    + id.model() + " " + id.resId() + ", not " + model + " " + resId
                    + "; WooSync never rewrites external ids: remove the wrong one in Odoo (Settings → Technical → External Identifiers) and retry.",
                    OdooException.Fault.ODOO_ERROR, "ir.model.data", "create", null, 200, false, false, null);
        }
    }

    // ------------------------------------------------------------------ order workflow helpers

    public void confirmSaleOrder(TenantConnections.Odoo odoo, long orderId) {
        try {
            callMethod(odoo, "sale.order", "action_confirm", List.of(orderId), null);
        } catch (OdooException e) {
            if (!e.ambiguous() || !stateIn(odoo, "sale.order", orderId, Set.of("sale", "done"))) {
                throw e;
            }
        }
    }

    /**
     * Invoices a confirmed order with the {@code sale.advance.payment.inv} wizard
     * ({@code advance_payment_method = delivered}) and returns the ids of the invoices it made.
     */
    public List<Long> createInvoices(TenantConnections.Odoo odoo, long orderId) {
        List<Long> before = relatedIds(odoo, "sale.order", orderId, "invoice_ids");
        Map<String, Object> ctx = Map.of("active_model", "sale.order", "active_ids", List.of(orderId), "active_id", orderId);
        long wizard = create(odoo, "sale.advance.payment.inv", Map.of("advance_payment_method", "delivered"), ctx);
        try {
            callMethod(odoo, "sale.advance.payment.inv", "create_invoices", List.of(wizard), ctx);
        } catch (OdooException e) {
            if (!e.ambiguous()) {
                throw e;
            }
            List<Long> made = minus(relatedIds(odoo, "sale.order", orderId, "invoice_ids"), before);
            if (made.isEmpty()) {
                throw e;
            }
            return made;
        }
        return minus(relatedIds(odoo, "sale.order", orderId, "invoice_ids"), before);
    }

    /** Posts a draft invoice or credit note. */
    public void postMove(TenantConnections.Odoo odoo, long moveId) {
        try {
            callMethod(odoo, "account.move", "action_post", List.of(moveId), null);
        } catch (OdooException e) {
            if (!e.ambiguous() || !stateIn(odoo, "account.move", moveId, Set.of("posted"))) {
                throw e;
            }
        }
    }

    /**
     * Registers a payment on a posted invoice with the {@code account.payment.register} wizard and
     * returns the payment's id. The communication (the shop's transaction id) goes into the payment's
     * reference ({@code ref} up to 17, {@code memo} from 18); a payment with the same reference
     * already reconciled with this invoice is returned instead of registering another.
     */
    public long registerPayment(TenantConnections.Odoo odoo, PaymentRequest p) {
        if (p.communication() != null) {
            Optional<Long> existing = findPayment(odoo, p.communication(), p.invoiceId());
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        Map<String, Object> vals = new LinkedHashMap<>();
        vals.put("journal_id", p.journalId());
        if (p.date() != null) {
            vals.put("payment_date", p.date().toString());
        }
        if (p.communication() != null) {
            vals.put("communication", p.communication());
        }
        if (p.amount() != null) {
            vals.put("amount", p.amount());
        }
        if (p.paymentMethodLineId() != null) {
            vals.put("payment_method_line_id", p.paymentMethodLineId());
        }
        Map<String, Object> ctx = Map.of("active_model", "account.move", "active_ids", List.of(p.invoiceId()), "active_id", p.invoiceId());
        long wizard = create(odoo, "account.payment.register", vals, ctx);
        JsonNode action;
        try {
            action = callMethod(odoo, "account.payment.register", "action_create_payments", List.of(wizard), ctx);
        } catch (OdooException e) {
            if (!e.ambiguous() || p.communication() == null) {
                throw e;
            }
            return findPayment(odoo, p.communication(), p.invoiceId()).orElseThrow(() -> e);
        }
        if (action.path("res_id").canConvertToLong() && action.path("res_id").asLong() > 0) {
            return action.path("res_id").asLong();
        }
        if (p.communication() != null) {
            Optional<Long> made = findPayment(odoo, p.communication(), p.invoiceId());
            if (made.isPresent()) {
                return made.get();
            }
        }
        throw OdooErrors.badResponse(call(odoo, null, "account.payment.register", "action_create_payments", List.of(wizard)),
                "the payment wizard did not say which payment it made");
    }

    /**
     * The payment whose reference ({@code ref} up to 17, {@code memo} from 18) is {@code reference} and
     * that is reconciled with {@code moveId} (an invoice, or a credit note for a refund payment). The
     * reference alone is not enough: the same memo can belong to another order's payment — another shop
     * syncing into the same Odoo ("WooCommerce #1054" in both), a payment entered by hand, an earlier
     * import — and taking that one would leave this invoice unpaid while WooSync records it paid.
     * {@code reconciled_invoice_ids} is computed and not searchable (Odoo ignores it in a domain), so
     * the candidates are read.
     */
    public Optional<Long> findPayment(TenantConnections.Odoo odoo, String reference, long moveId) {
        List<Long> candidates = search(odoo, "account.payment", List.of(List.of(version(odoo).paymentReferenceField(), "=", reference)), null);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        for (ObjectNode payment : read(odoo, "account.payment", candidates, List.of("reconciled_invoice_ids"))) {
            for (JsonNode reconciled : payment.path("reconciled_invoice_ids")) {
                if (reconciled.asLong() == moveId) {
                    return Optional.of(payment.path("id").asLong());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Makes a draft credit note reversing {@code moveId} with the {@code account.move.reversal}
     * wizard ({@code reverse_moves} with {@code refund_method} on 16, {@code refund_moves} from 17)
     * and returns its id. The journal is given explicitly: Odoo needs it over RPC.
     */
    public long reverseMove(TenantConnections.Odoo odoo, long moveId, String reason, long journalId) {
        OdooVersion v = version(odoo);
        List<Object> domain = List.of(List.of("reversed_entry_id", "=", moveId));
        List<Long> before = search(odoo, "account.move", domain, null);
        Map<String, Object> vals = new LinkedHashMap<>();
        vals.put("move_ids", List.of(List.of(6, 0, List.of(moveId))));
        vals.put("reason", reason);
        vals.put("journal_id", journalId);
        if (v.major() <= 16) {
            vals.put("refund_method", "refund");
        }
        Map<String, Object> ctx = Map.of("active_model", "account.move", "active_ids", List.of(moveId));
        long wizard = create(odoo, "account.move.reversal", vals, ctx);
        try {
            JsonNode action = callMethod(odoo, "account.move.reversal", v.reversalMethod(), List.of(wizard), ctx);
            if (action.path("res_id").canConvertToLong() && action.path("res_id").asLong() > 0) {
                return action.path("res_id").asLong();
            }
        } catch (OdooException e) {
            if (!e.ambiguous()) {
                throw e;
            }
        }
        List<Long> made = minus(search(odoo, "account.move", domain, null), before);
        if (made.isEmpty()) {
            throw OdooErrors.badResponse(call(odoo, v, "account.move.reversal", v.reversalMethod(), List.of(wizard)),
                    "the reversal wizard made no credit note for account.move " + moveId);
        }
        return made.get(made.size() - 1);
    }

    /**
     * Cancels a sales order. The context carries {@code disable_cancel_warning}: without it 16-18
     * answer a {@code sale.order.cancel} wizard instead of cancelling a confirmed order.
     */
    public void cancelSaleOrder(TenantConnections.Odoo odoo, long orderId) {
        JsonNode r;
        try {
            r = callMethod(odoo, "sale.order", "action_cancel", List.of(orderId), Map.of("disable_cancel_warning", true));
        } catch (OdooException e) {
            if (!e.ambiguous() || !stateIn(odoo, "sale.order", orderId, Set.of("cancel"))) {
                throw e;
            }
            return;
        }
        if (r.isObject() && !stateIn(odoo, "sale.order", orderId, Set.of("cancel"))) {
            throw new OdooException(SyncFailure.Kind.DATA, "Odoo did not cancel sale.order " + orderId + " (it asked for "
                    + r.path("res_model").asText("a confirmation") + "); cancel it by hand in Odoo.",
                    OdooException.Fault.ODOO_ERROR, "sale.order", "action_cancel", null, 200, false, false, null);
        }
    }

    /**
     * Validates a delivery: sets each open move's done quantity ({@code quantity_done} on 16,
     * {@code quantity} from 17) to {@code quantities} by product id, or to its demand when absent,
     * then presses {@code button_validate} without backorder.
     */
    public void validatePicking(TenantConnections.Odoo odoo, long pickingId, Map<Long, BigDecimal> quantities) {
        String qtyField = version(odoo).moveQuantityField();
        List<ObjectNode> moves = searchRead(odoo, "stock.move",
                List.of(List.of("picking_id", "=", pickingId), List.of("state", "not in", List.of("done", "cancel"))),
                List.of("id", "product_id", "product_uom_qty", qtyField), null);
        for (ObjectNode m : moves) {
            Long product = many2one(m.path("product_id"));
            BigDecimal qty = quantities != null && quantities.containsKey(product) ? quantities.get(product)
                    : m.path("product_uom_qty").decimalValue();
            write(odoo, "stock.move", List.of(m.path("id").asLong()), Map.of(qtyField, qty));
        }
        JsonNode r;
        try {
            r = callMethod(odoo, "stock.picking", "button_validate", List.of(pickingId), Map.of("skip_backorder", true, "skip_sms", true));
        } catch (OdooException e) {
            if (!e.ambiguous() || !stateIn(odoo, "stock.picking", pickingId, Set.of("done"))) {
                throw e;
            }
            return;
        }
        if (r.isObject() && !stateIn(odoo, "stock.picking", pickingId, Set.of("done"))) {
            throw new OdooException(SyncFailure.Kind.DATA, "Odoo did not validate stock.picking " + pickingId + " (it asked for "
                    + r.path("res_model").asText("a confirmation") + "); validate the delivery by hand in Odoo.",
                    OdooException.Fault.ODOO_ERROR, "stock.picking", "button_validate", null, 200, false, false, null);
        }
    }

    private boolean stateIn(TenantConnections.Odoo odoo, String model, long id, Set<String> states) {
        List<ObjectNode> rows = read(odoo, model, List.of(id), List.of("state"));
        return !rows.isEmpty() && states.contains(rows.get(0).path("state").asText());
    }

    private List<Long> relatedIds(TenantConnections.Odoo odoo, String model, long id, String field) {
        List<ObjectNode> rows = read(odoo, model, List.of(id), List.of(field));
        return rows.isEmpty() ? List.of() : ids(rows.get(0).path(field));
    }

    private static List<Long> minus(List<Long> after, List<Long> before) {
        List<Long> out = new ArrayList<>(after);
        out.removeAll(before);
        return out;
    }

    // ------------------------------------------------------------------ plumbing

    private <T> T guarded(TenantConnections.Odoo odoo, boolean repeatable, java.util.function.Supplier<T> attempt) {
        if (odoo == null || !odoo.configured()) {
            String tenant = odoo == null ? "?" : odoo.tenantSlug();
            throw new OdooException(SyncFailure.Kind.CONFIGURATION, "Tenant " + tenant
                    + " has no complete Odoo connection; enter the Odoo URL, database, login and API key in the tenant's settings.",
                    OdooException.Fault.NOT_CONNECTED, null, null, null, 0, false, false, null);
        }
        return guards.call(odoo.tenantSlug(), odoo.url(), repeatable, attempt);
    }

    private JsonNode attempt(TenantConnections.Odoo odoo, String model, String method, List<?> args, Map<String, ?> kwargs) {
        Session s = session(odoo);
        List<Long> ids = MODEL_METHODS.contains(method) || args.isEmpty() ? List.of() : idsOf(args.get(0));
        OdooErrors.Call call = call(odoo, s.version(), model, method, ids);
        long started = System.nanoTime();
        try {
            JsonNode r = s.transport() == OdooTransportKind.JSON_2
                    ? json2(call, s, model, method, args, kwargs)
                    : executeKw(call, s, model, method, args, kwargs);
            LOG.debugf("tenant %s: %s.%s in %d ms", odoo.tenantSlug(), model, method, (System.nanoTime() - started) / 1_000_000);
            return r;
        } catch (OdooException e) {
            if (e.kind() == SyncFailure.Kind.CONFIGURATION && (e.httpStatus() == 401
                    || (e.odooError() != null && e.odooError().endsWith("AccessDenied")))) {
                sessions.remove(odoo.tenantSlug());
            }
            LOG.debugf("tenant %s: %s.%s failed: %s", odoo.tenantSlug(), model, method, e);
            throw e;
        }
    }

    private Session session(TenantConnections.Odoo odoo) {
        String fp = fingerprint(odoo);
        Session s = sessions.get(odoo.tenantSlug());
        if (s != null && s.fingerprint().equals(fp)) {
            return s;
        }
        if (s != null) {
            // The tenant's credentials changed: the old login is no longer ours to use.
            sessions.remove(odoo.tenantSlug(), s);
        }
        OdooVersion v = detect(odoo);
        OdooTransportKind t = config.transportOverride().getOrDefault(odoo.tenantSlug(), v.defaultTransport());
        if (t == OdooTransportKind.JSON_2 && !v.supportsJson2()) {
            t = OdooTransportKind.JSON_RPC;
        }
        long uid = t == OdooTransportKind.JSON_2 ? whoAmI(odoo, v) : authenticate(odoo, v);
        s = new Session(fp, v, t, uid);
        sessions.put(odoo.tenantSlug(), s);
        LOG.infof("tenant %s: Odoo %s over %s as uid %d", odoo.tenantSlug(), v, t, uid);
        return s;
    }

    private OdooVersion detect(TenantConnections.Odoo odoo) {
        OdooErrors.Call call = call(odoo, null, "common", "version", List.of());
        OdooHttp.Answer a = http.post(call, uri(odoo, "/jsonrpc"), Map.of(), rpcBody("common", "version", List.of()));
        if (a.status() == 404) {
            // JSON-RPC removed (22+): JSON-2 servers publish their version here.
            OdooHttp.Answer v = http.get(call, uri(odoo, "/json/version"));
            if (v.status() != 200 || !v.isJson()) {
                throw OdooErrors.fromHttpStatus(call, v.status() == 200 ? 404 : v.status(), "/json/version");
            }
            JsonNode info = parse(call, v).path("version_info");
            return new OdooVersion(info.path(0).asInt(), parse(call, v).path("version").asText());
        }
        JsonNode r = rpcResult(call, a);
        int major = r.path("server_version_info").path(0).asInt();
        if (major == 0) {
            throw OdooErrors.badResponse(call, "common.version gave no server_version_info");
        }
        return new OdooVersion(major, r.path("server_serie").asText(major + ".0"));
    }

    private long authenticate(TenantConnections.Odoo odoo, OdooVersion v) {
        OdooErrors.Call call = call(odoo, v, "common", "authenticate", List.of());
        List<Object> args = Arrays.asList(odoo.database(), odoo.login(), odoo.apiKey(), Map.of());
        JsonNode r = rpcResult(call, http.post(call, uri(odoo, "/jsonrpc"), Map.of(), rpcBody("common", "authenticate", args)));
        if (!r.canConvertToLong() || r.asLong() <= 0) {
            throw OdooErrors.accessDeniedException(call, 200);
        }
        return r.asLong();
    }

    /** JSON-2 needs no login; {@code res.users.context_get} proves the key and names the uid. */
    private long whoAmI(TenantConnections.Odoo odoo, OdooVersion v) {
        OdooErrors.Call call = call(odoo, v, "res.users", "context_get", List.of());
        JsonNode r = json2Post(call, odoo, "res.users", "context_get", json.createObjectNode());
        return r.path("uid").asLong();
    }

    private JsonNode executeKw(OdooErrors.Call call, Session s, String model, String method, List<?> args, Map<String, ?> kwargs) {
        TenantConnections.Odoo odoo = call.odoo();
        List<Object> params = Arrays.asList(odoo.database(), s.uid(), odoo.apiKey(), model, method, args, kwargs);
        return rpcResult(call, http.post(call, uri(odoo, "/jsonrpc"), Map.of(), rpcBody("object", "execute_kw", params)));
    }

    private JsonNode json2(OdooErrors.Call call, Session s, String model, String method, List<?> args, Map<String, ?> kwargs) {
        ObjectNode body = json.createObjectNode();
        List<?> rest = args;
        if (!MODEL_METHODS.contains(method)) {
            body.set("ids", json.valueToTree(args.isEmpty() ? List.of() : idsOf(args.get(0))));
            rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
        }
        List<String> names = PARAMETERS.getOrDefault(method, List.of());
        if (rest.size() > names.size()) {
            throw new IllegalArgumentException(model + "." + method + " takes at most " + names.size()
                    + " positional arguments over JSON-2; pass the others as keyword arguments");
        }
        for (int i = 0; i < rest.size(); i++) {
            Object value = rest.get(i);
            if (method.equals("create") && value instanceof Map<?, ?>) {
                value = List.of(value);
            }
            body.set(names.get(i), json.valueToTree(value));
        }
        kwargs.forEach((k, v) -> body.set(k, json.valueToTree(v)));
        return json2Post(call, call.odoo(), model, method, body);
    }

    private JsonNode json2Post(OdooErrors.Call call, TenantConnections.Odoo odoo, String model, String method, ObjectNode body) {
        Map<String, String> headers = Map.of("Authorization", "bearer " + odoo.apiKey(), "X-Odoo-Database", odoo.database());
        OdooHttp.Answer a = http.post(call, uri(odoo, "/json/2/" + model + "/" + method), headers, bytes(body));
        if (a.status() == 200) {
            return parse(call, a);
        }
        if (a.isJson()) {
            JsonNode err = parse(call, a);
            if (err.has("name")) {
                return throwOdoo(OdooErrors.fromOdoo(call, err.path("name").asText(), err.path("message").asText(), a.status()));
            }
        }
        if (a.status() == 404 && a.text().contains("No database is selected")) {
            throw OdooErrors.unknownDatabaseException(call, 404);
        }
        if (a.status() == 401) {
            throw OdooErrors.accessDeniedException(call, 401);
        }
        throw OdooErrors.fromHttpStatus(call, a.status(), "/json/2/" + model + "/" + method);
    }

    private static JsonNode throwOdoo(OdooException e) {
        throw e;
    }

    private JsonNode rpcResult(OdooErrors.Call call, OdooHttp.Answer a) {
        if (a.status() != 200) {
            throw OdooErrors.fromHttpStatus(call, a.status(), "/jsonrpc");
        }
        JsonNode body = parse(call, a);
        if (body.has("error")) {
            throw OdooErrors.fromJsonRpcError(call, body.get("error"));
        }
        if (!body.has("result")) {
            throw OdooErrors.badResponse(call, "a JSON-RPC answer without result or error");
        }
        return body.get("result");
    }

    private JsonNode parse(OdooErrors.Call call, OdooHttp.Answer a) {
        try {
            return json.readTree(a.body());
        } catch (java.io.IOException e) {
            throw OdooErrors.badResponse(call, "HTTP " + a.status() + " with a body that is not JSON");
        }
    }

    private byte[] rpcBody(String service, String method, List<?> args) {
        ObjectNode body = json.createObjectNode();
        body.put("jsonrpc", "2.0");
        body.put("method", "call");
        body.put("id", rpcIds.incrementAndGet());
        ObjectNode params = body.putObject("params");
        params.put("service", service);
        params.put("method", method);
        params.set("args", json.valueToTree(args));
        return bytes(body);
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write an Odoo request as JSON", e);
        }
    }

    private static URI uri(TenantConnections.Odoo odoo, String path) {
        String base = odoo.url().endsWith("/") ? odoo.url().substring(0, odoo.url().length() - 1) : odoo.url();
        return URI.create(base + path);
    }

    static OdooErrors.Call call(TenantConnections.Odoo odoo, OdooVersion v, String model, String method, List<Long> ids) {
        return new OdooErrors.Call(odoo, v, model, method, ids);
    }

    private static String fingerprint(TenantConnections.Odoo odoo) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {odoo.url(), odoo.database(), odoo.login(), odoo.apiKey()}) {
                sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Long> idsOf(Object arg) {
        if (arg instanceof Number n) {
            return List.of(n.longValue());
        }
        if (arg instanceof List<?> list) {
            List<Long> out = new ArrayList<>();
            for (Object o : list) {
                if (o instanceof Number n) {
                    out.add(n.longValue());
                }
            }
            return out;
        }
        return List.of();
    }

    /** A many2one as read: {@code [id, "name"]}, an id, or {@code false} (null). */
    public static Long many2one(JsonNode v) {
        if (v.isArray() && !v.isEmpty()) {
            return v.get(0).asLong();
        }
        if (v.canConvertToLong() && v.asLong() > 0) {
            return v.asLong();
        }
        return null;
    }

    static List<Long> ids(JsonNode node) {
        List<Long> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> out.add(n.asLong()));
        }
        return out;
    }

    static List<ObjectNode> objects(JsonNode node) {
        List<ObjectNode> out = new ArrayList<>();
        if (node instanceof ArrayNode a) {
            a.forEach(n -> {
                if (n instanceof ObjectNode o) {
                    out.add(o);
                }
            });
        }
        return out;
    }

    private static String describeDomain(List<?> domain) {
        StringBuilder sb = new StringBuilder();
        for (Object leaf : domain) {
            if (leaf instanceof List<?> l && l.size() == 3) {
                if (!sb.isEmpty()) {
                    sb.append(" and ");
                }
                sb.append(l.get(0)).append(' ').append(l.get(1)).append(' ').append(l.get(2));
            }
        }
        return sb.toString();
    }
}
