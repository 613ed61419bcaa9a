package io.woosync.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.woosync.SyncFailure;
import io.woosync.odoo.OdooGateway;
import io.woosync.queue.JobContext;
import io.woosync.queue.SyncLogEntry;
import io.woosync.queue.SyncStatus;
import io.woosync.sync.plan.OrderLine;
import io.woosync.sync.plan.Plan;
import io.woosync.sync.plan.PlanStep;
import io.woosync.tenant.TenantConnections;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Applies a {@link Plan} to Odoo step by step, recording each step in {@code sync_binding} before and
 * after its Odoo writes.
 *
 * <p>Why two paths per create: a step whose row does not exist yet was never sent, so it creates
 * directly (the fewest Odoo calls). A step whose row is still {@code started} may have reached Odoo
 * in an attempt that died before recording it, so it searches Odoo first (external id, then a
 * read-back domain such as the order's {@code client_order_ref}) through
 * {@link OdooGateway#createWithExternalId}. External ids of records created on the direct path are
 * written in one {@code ir.model.data} create at the end of the attempt.
 */
@ApplicationScoped
public class OrderExecutor {

    private static final Logger LOG = Logger.getLogger(OrderExecutor.class);

    /** What one attempt did. */
    public record Applied(Map<String, Long> records, List<String> stepsApplied, List<String> flagged) {
    }

    /** {@code xidBound}: the step itself made sure the external id exists (createWithExternalId, bindExternalId). */
    private record StepResult(String model, Long odooId, String externalId, String syncType, String detail, boolean bindBase,
                              boolean xidBound) {
    }

    private final OdooGateway odoo;
    private final SyncStore store;
    private final ObjectMapper json;
    private final Clock clock;

    public OrderExecutor(OdooGateway odoo, SyncStore store, ObjectMapper json, Clock clock) {
        this.odoo = odoo;
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Applies every step of a READY plan in order. Throws the first failure (an {@link SyncFailure}
     * from the gateway, classified); what was done before it stays recorded, so the next attempt resumes.
     */
    public Applied apply(long tenantId, TenantConnections.Odoo conn, OrderPlanning.Planned planned, JobContext ctx) {
        Plan plan = planned.plan();
        Run run = new Run(tenantId, conn, plan.wooOrderId(), plan.orderLabel(), ctx, planned.state());
        planned.bindings().forEach((k, b) -> {
            if (b.odooId() != null) {
                run.records.put(k, b.odooId());
            }
        });
        List<String> applied = new ArrayList<>();
        List<String> flagged = new ArrayList<>();
        try {
            for (PlanStep step : plan.steps()) {
                Optional<SyncStore.Binding> before = store.start(tenantId, step.key(), wooResource(step.key()), wooId(step.key(), run),
                        step.completes().name(), clock.instant());
                if (before.isPresent() && before.get().done()) {
                    continue; // another attempt finished it meanwhile (the order lock makes this rare)
                }
                boolean recovering = before.isPresent() && before.get().started();
                StepResult r = applyStep(run, step, recovering);
                store.done(tenantId, step.key(), r.model(), r.odooId(), r.externalId(), r.detail(), clock.instant());
                if (r.odooId() != null) {
                    run.records.put(step.key(), r.odooId());
                }
                if (r.bindBase()) {
                    String base = step.key().substring(0, step.key().indexOf("_update_"));
                    store.start(tenantId, base, wooResource(base), wooId(base, run), step.completes().name(), clock.instant());
                    store.done(tenantId, base, r.model(), r.odooId(), null, "matched", clock.instant());
                    run.records.put(base, r.odooId());
                }
                if (r.xidBound() && r.externalId() != null) {
                    store.externalIdState(tenantId, List.of(step.key()), "bound"); // the step bound it in Odoo
                }
                run.touched.add(step.key());
                applied.add(step.key());
                if (step instanceof PlanStep.FlagForReview f) {
                    flagged.add(f.reason());
                }
                log(run, r, step, step instanceof PlanStep.FlagForReview ? SyncStatus.skipped : SyncStatus.success,
                        step instanceof PlanStep.FlagForReview f ? f.reason() : null);
            }
        } finally {
            bindExternalIds(run);
        }
        return new Applied(Map.copyOf(run.records), applied, flagged);
    }

    // ------------------------------------------------------------------ steps

    private StepResult applyStep(Run run, PlanStep step, boolean recovering) {
        if (step instanceof PlanStep.EnsurePartner p) {
            return ensurePartner(run, p, recovering);
        } else if (step instanceof PlanStep.CreateSaleOrder o) {
            return createSaleOrder(run, o, recovering);
        } else if (step instanceof PlanStep.UpdateSaleOrderLines u) {
            return updateLines(run, u, recovering);
        } else if (step instanceof PlanStep.ConfirmOrder c) {
            long id = run.record(c.orderKey());
            unlessDone(run, "sale.order", id, Set.of("sale", "done"), recovering, c.expectedTotal(), "sales order",
                    () -> odoo.confirmSaleOrder(run.conn, id));
            return new StepResult("sale.order", id, null, "order", "confirmed", false, false);
        } else if (step instanceof PlanStep.CreateInvoiceFromOrder i) {
            return invoiceFromOrder(run, i, recovering);
        } else if (step instanceof PlanStep.CreateDirectInvoice d) {
            return directInvoice(run, d, recovering);
        } else if (step instanceof PlanStep.PostInvoice p) {
            long id = run.record(p.invoiceKey());
            unlessDone(run, "account.move", id, Set.of("posted"), recovering, p.expectedTotal(), "invoice", () -> odoo.postMove(run.conn, id));
            return new StepResult("account.move", id, null, "invoice", "posted", false, false);
        } else if (step instanceof PlanStep.RegisterPayment p) {
            long invoice = run.record(p.invoiceKey());
            long id = pay(run, invoice, p.journalId(), p.paymentMethodLineId(), p.amount(), p.paymentDate(), p.memo(), recovering);
            return new StepResult("account.payment", id, xid(step.key()), "payment", p.memo(), false, false);
        } else if (step instanceof PlanStep.ValidateDelivery d) {
            long order = run.record(d.orderKey());
            List<Long> pickings = odoo.search(run.conn, "stock.picking",
                    List.of(List.of("sale_id", "=", order), List.of("state", "not in", List.of("done", "cancel"))), null);
            for (long picking : pickings) {
                odoo.validatePicking(run.conn, picking, null);
            }
            return new StepResult("sale.order", order, null, "stock", pickings.size() + " delivery(ies) validated", false, false);
        } else if (step instanceof PlanStep.CancelOrder c) {
            long id = run.record(c.orderKey());
            if (!recovering || !stateIn(run, "sale.order", id, Set.of("cancel"))) {
                odoo.cancelSaleOrder(run.conn, id);
            }
            return new StepResult("sale.order", id, null, "order", c.reason(), false, false);
        } else if (step instanceof PlanStep.CreateCreditNote c) {
            return creditNote(run, c, recovering);
        } else if (step instanceof PlanStep.PostCreditNote p) {
            long id = run.record(p.creditNoteKey());
            unlessDone(run, "account.move", id, Set.of("posted"), recovering, p.expectedTotal(), "credit note",
                    () -> odoo.postMove(run.conn, id));
            return new StepResult("account.move", id, null, "refund", "posted", false, false);
        } else if (step instanceof PlanStep.SettleCreditNote s) {
            return settle(run, s, recovering);
        } else if (step instanceof PlanStep.FlagForReview f) {
            return new StepResult(null, null, null, "order", f.reason(), false, false);
        }
        throw new IllegalStateException("no executor for plan step " + step.getClass().getSimpleName());
    }

    private StepResult ensurePartner(Run run, PlanStep.EnsurePartner p, boolean recovering) {
        boolean update = p.key().contains("_update_");
        if (p.existingId() != null) {
            if (!p.updateValues().isEmpty()) {
                odoo.write(run.conn, "res.partner", List.of(p.existingId()), p.updateValues());
            }
            return new StepResult("res.partner", p.existingId(), null, "customer",
                    p.updateValues().isEmpty() ? "matched" : "matched, updated " + p.updateValues().keySet(), update, false);
        }
        Map<String, Object> vals = new LinkedHashMap<>(p.createValues());
        if (p.parentKey() != null) {
            vals.put("parent_id", run.record(p.parentKey()));
        }
        String xid = xid(p.key());
        long id;
        if (recovering) {
            List<Object> domain = new ArrayList<>();
            domain.add(List.of("name", "=", vals.get("name")));
            if (vals.get("email") instanceof String email && !email.isEmpty()) {
                domain.add(List.of("email", "=ilike", email.replace("_", "\\_").replace("%", "\\%")));
            }
            if (vals.containsKey("parent_id")) {
                domain.add(List.of("parent_id", "=", vals.get("parent_id")));
            }
            if (vals.get("type") instanceof String type) {
                domain.add(List.of("type", "=", type));
            }
            id = odoo.createWithExternalId(run.conn, "res.partner", xid, vals, domain).id();
        } else {
            id = odoo.create(run.conn, "res.partner", vals);
        }
        return new StepResult("res.partner", id, xid, "customer", "created " + p.kind().name().toLowerCase(Locale.ROOT), false, recovering);
    }

    private StepResult createSaleOrder(Run run, PlanStep.CreateSaleOrder o, boolean recovering) {
        Map<String, Object> vals = new LinkedHashMap<>();
        vals.put("partner_id", run.record(o.partnerKey()));
        vals.put("partner_invoice_id", run.record(o.invoicePartnerKey()));
        vals.put("partner_shipping_id", run.record(o.shippingPartnerKey()));
        if (o.pricelistId() != null) {
            vals.put("pricelist_id", o.pricelistId());
        }
        if (o.carrierId() != null) {
            vals.put("carrier_id", o.carrierId());
        }
        vals.put("client_order_ref", o.clientOrderRef());
        vals.put("origin", o.origin());
        if (o.note() != null && !o.note().isEmpty()) {
            vals.put("note", o.note());
        }
        if (o.dateOrder() != null) {
            vals.put("date_order", o.dateOrder());
        }
        List<Object> lines = new ArrayList<>();
        for (OrderLine l : o.lines()) {
            lines.add(List.of(0, 0, l.saleOrderLineValues(o.taxField())));
        }
        vals.put("order_line", lines);
        String xid = xid(o.key());
        long id = recovering
                ? odoo.createWithExternalId(run.conn, "sale.order", xid, vals, List.of(
                        List.of("client_order_ref", "=", o.clientOrderRef()), List.of("origin", "=", o.origin()))).id()
                : odoo.create(run.conn, "sale.order", vals);
        store.saveLines(run.tenantId, run.orderId, o.lines(), o.lines().stream().map(OrderLine::source).toList(), clock.instant());
        return new StepResult("sale.order", id, xid, "order", o.lines().size() + " lines", false, recovering);
    }

    private StepResult updateLines(Run run, PlanStep.UpdateSaleOrderLines u, boolean recovering) {
        long order = run.record(u.orderKey());
        List<String> sources = new ArrayList<>(store.orderState(run.tenantId, run.orderId).lineSources());
        int linesBefore = sources.size();
        Map<String, Long> idOfSource = saleLineIds(run, order, sources);
        List<Object> commands = new ArrayList<>();
        for (PlanStep.LineChange c : u.changes()) {
            Long lineId = idOfSource.get(c.source());
            switch (c.change()) {
                case ADD -> {
                    commands.add(List.of(0, 0, c.line().saleOrderLineValues(u.taxField())));
                    sources.add(c.source());
                }
                case UPDATE -> {
                    if (lineId == null) {
                        throw new SyncFailure(SyncFailure.Kind.DATA, "Order " + run.label + ": the Odoo sale order line for "
                                + c.source() + " is gone; check the order in Odoo and retry.");
                    }
                    commands.add(List.of(1, lineId, c.line().saleOrderLineValues(u.taxField())));
                }
                case REMOVE -> {
                    if (lineId != null) {
                        if (u.orderConfirmed()) {
                            commands.add(List.of(1, lineId, Map.of("product_uom_qty", 0)));
                        } else {
                            commands.add(List.of(2, lineId));
                            sources.remove(c.source());
                        }
                    }
                }
            }
        }
        // After an interrupted attempt the write may have gone through: Odoo already holding the line count it
        // would leave means it did (re-sending would add the new lines twice). Updates alone are safe to repeat.
        boolean applied = recovering && sources.size() != linesBefore
                && odoo.search(run.conn, "sale.order.line", List.of(List.of("order_id", "=", order)), null).size() == sources.size();
        if (!applied) {
            odoo.write(run.conn, "sale.order", List.of(order), Map.of("order_line", commands));
        }
        store.saveLines(run.tenantId, run.orderId, u.target(), sources, clock.instant());
        return new StepResult("sale.order", order, null, "order", u.changes().size() + " line change(s)", false, false);
    }

    /**
     * The sale order's line ids by the Woo source each was written from: Odoo keeps the lines in creation
     * order (ascending ids, one sequence), and {@code sync_order_state.line_sources} holds the sources in the
     * same order (lines zeroed on a confirmed order keep their place). One search.
     */
    private Map<String, Long> saleLineIds(Run run, long order, List<String> sources) {
        List<Long> sorted = odoo.search(run.conn, "sale.order.line", List.of(List.of("order_id", "=", order)), null)
                .stream().sorted().toList();
        Map<String, Long> idOfSource = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(sources.size(), sorted.size()); i++) {
            idOfSource.putIfAbsent(sources.get(i), sorted.get(i));
        }
        return idOfSource;
    }

    private StepResult invoiceFromOrder(Run run, PlanStep.CreateInvoiceFromOrder i, boolean recovering) {
        long order = run.record(i.orderKey());
        Long invoice = null;
        if (recovering) {
            List<Long> existing = invoicesOf(run, order);
            if (!existing.isEmpty()) {
                invoice = existing.get(existing.size() - 1);
            }
        }
        if (invoice == null) {
            Map<String, Object> ctx = Map.of("active_model", "sale.order", "active_ids", List.of(order), "active_id", order);
            long wizard = odoo.create(run.conn, "sale.advance.payment.inv", Map.of("advance_payment_method", "delivered"), ctx);
            JsonNode action = odoo.callMethod(run.conn, "sale.advance.payment.inv", "create_invoices", List.of(wizard), ctx);
            if (action.path("res_id").canConvertToLong() && action.path("res_id").asLong() > 0) {
                invoice = action.path("res_id").asLong(); // 17+: the action opens the new invoice
            } else {
                List<Long> made = invoicesOf(run, order); // 16 closes the wizard: ask the order
                if (made.isEmpty()) {
                    throw new SyncFailure(SyncFailure.Kind.DATA, "Order " + run.label + ": Odoo made no invoice for sale.order " + order
                            + " (nothing to invoice?); check the order's lines and invoicing policy in Odoo, then retry.");
                }
                invoice = made.get(made.size() - 1);
            }
        }
        // Odoo dates an invoice at posting when invoice_date is empty: only a backfilled order needs the write.
        if (i.invoiceDate() != null && !i.invoiceDate().equals(LocalDate.now(clock.withZone(ZoneOffset.UTC)))) {
            odoo.write(run.conn, "account.move", List.of(invoice), Map.of("invoice_date", i.invoiceDate().toString()));
        }
        return new StepResult("account.move", invoice, xid(i.key()), "invoice", "from sale.order " + order, false, false);
    }

    private List<Long> invoicesOf(Run run, long order) {
        List<Long> ids = relatedIds(run, "sale.order", order, "invoice_ids");
        if (ids.isEmpty()) {
            return ids;
        }
        return odoo.search(run.conn, "account.move", List.of(List.of("id", "in", ids), List.of("move_type", "=", "out_invoice"),
                List.of("state", "!=", "cancel")), null).stream().sorted().toList();
    }

    private List<Long> relatedIds(Run run, String model, long id, String field) {
        List<ObjectNode> rows = odoo.read(run.conn, model, List.of(id), List.of(field));
        List<Long> out = new ArrayList<>();
        if (!rows.isEmpty()) {
            rows.get(0).path(field).forEach(n -> out.add(n.asLong()));
        }
        return out;
    }

    private StepResult directInvoice(Run run, PlanStep.CreateDirectInvoice d, boolean recovering) {
        Map<String, Object> vals = new LinkedHashMap<>();
        vals.put("move_type", "out_invoice");
        vals.put("partner_id", run.record(d.partnerKey()));
        if (d.invoiceDate() != null) {
            vals.put("invoice_date", d.invoiceDate().toString());
        }
        vals.put("ref", d.ref());
        vals.put("invoice_origin", d.origin());
        if (d.narration() != null && !d.narration().isEmpty()) {
            vals.put("narration", d.narration());
        }
        List<Object> lines = new ArrayList<>();
        d.lines().forEach(l -> lines.add(List.of(0, 0, l.invoiceLineValues())));
        vals.put("invoice_line_ids", lines);
        String xid = xid(d.key());
        long id = recovering
                ? odoo.createWithExternalId(run.conn, "account.move", xid, vals, List.of(List.of("move_type", "=", "out_invoice"),
                        List.of("ref", "=", d.ref()), List.of("invoice_origin", "=", d.origin()))).id()
                : odoo.create(run.conn, "account.move", vals);
        // What was invoiced, for the change check after invoicing (invoice-only tenants have no sale order).
        store.saveLines(run.tenantId, run.orderId, d.lines(), d.lines().stream().map(OrderLine::source).toList(), clock.instant());
        return new StepResult("account.move", id, xid, "invoice", "direct invoice", false, recovering);
    }

    /**
     * Confirms or posts ({@code act}) a sales order or move unless it is already in one of {@code done}.
     * With an expected total, one read gives state and totals and the total is checked first; without,
     * the state is read only after an interrupted attempt (a fresh attempt knows the document is not done).
     */
    private void unlessDone(Run run, String model, long id, Set<String> done, boolean recovering, BigDecimal expectedTotal,
                            String what, Runnable act) {
        if (expectedTotal != null) {
            ObjectNode doc = document(run, model, id);
            if (done.contains(doc.path("state").asText())) {
                return;
            }
            checkTotal(run, doc, model, id, expectedTotal, what);
        } else if (recovering && stateIn(run, model, id, done)) {
            return;
        }
        act.run();
    }

    /** A sale order's or move's state and Odoo's own totals, in one read. */
    private ObjectNode document(Run run, String model, long id) {
        List<ObjectNode> rows = odoo.read(run.conn, model, List.of(id), List.of("state", "amount_untaxed", "amount_tax", "amount_total"));
        if (rows.isEmpty()) {
            throw new SyncFailure(SyncFailure.Kind.DATA, "Order " + run.label + ": " + model + " " + id
                    + " is gone from Odoo; check the order in Odoo, then retry.");
        }
        return rows.get(0);
    }

    /**
     * The last look before a document becomes binding: Odoo's own total must be the one the plan computed
     * from the tenant's settings (tax map, precisions, rounding method), which the plan made equal to
     * WooCommerce's. They differ when the settings do not describe this Odoo (a tax typed as 8.25 % that is
     * 9 % in Odoo, "Discount" precision 4 in the settings and 2 in Odoo, a tax that compounds the next one on a
     * line with two), or when Odoo invoiced less than
     * the order (products invoiced on delivered quantities). Confirming or posting then would book the wrong
     * money, so the document stays as it is and the job blocks until someone corrects the cause.
     */
    private void checkTotal(Run run, ObjectNode doc, String model, long id, BigDecimal expected, String what) {
        BigDecimal total = money(doc.path("amount_total"), expected.scale());
        if (total.compareTo(expected) == 0) {
            return;
        }
        throw new SyncFailure(SyncFailure.Kind.CONFIGURATION, "Order " + run.label + ": Odoo computes " + total.toPlainString()
                + " (untaxed " + money(doc.path("amount_untaxed"), expected.scale()).toPlainString() + ", tax "
                + money(doc.path("amount_tax"), expected.scale()).toPlainString() + ") for the " + what + " " + model + " " + id
                + " but WooCommerce's total is " + expected.toPlainString() + ". The sync settings do not match this Odoo"
                + " (each mapped tax's rate, \"Included in Price\" and \"Affect Base of Subsequent Taxes\", the Discount and"
                + " Product Price precisions, the tax rounding method)" + ("invoice".equals(what) ? " or Odoo invoiced less than the order (products invoiced on"
                + " delivered quantities)" : "") + "; the " + what + " was left " + ("sale.order".equals(model) ? "unconfirmed" : "in draft")
                + ". Correct the cause, then retry.");
    }

    /** Odoo's float amount at the currency's scale (Odoo rounds amounts to it; the float only carries it). */
    private static BigDecimal money(JsonNode amount, int scale) {
        return amount.decimalValue().setScale(scale, RoundingMode.HALF_UP);
    }

    private long pay(Run run, long move, long journal, Long methodLine, BigDecimal amount, LocalDate date, String memo, boolean recovering) {
        if (recovering) {
            // The gateway looks for a payment with this memo reconciled with this move first: one transaction, one payment.
            return odoo.registerPayment(run.conn, new OdooGateway.PaymentRequest(move, journal, amount, date, memo, methodLine));
        }
        Map<String, Object> vals = new LinkedHashMap<>();
        vals.put("journal_id", journal);
        if (methodLine != null) {
            vals.put("payment_method_line_id", methodLine);
        }
        if (amount != null) {
            vals.put("amount", amount);
        }
        if (date != null) {
            vals.put("payment_date", date.toString());
        }
        if (memo != null) {
            vals.put("communication", memo);
        }
        Map<String, Object> ctx = Map.of("active_model", "account.move", "active_ids", List.of(move), "active_id", move);
        long wizard = odoo.create(run.conn, "account.payment.register", vals, ctx);
        JsonNode action = odoo.callMethod(run.conn, "account.payment.register", "action_create_payments", List.of(wizard), ctx);
        if (action.path("res_id").canConvertToLong() && action.path("res_id").asLong() > 0) {
            return action.path("res_id").asLong();
        }
        return (memo == null ? Optional.<Long>empty() : odoo.findPayment(run.conn, memo, move))
                .orElseThrow(() -> new SyncFailure(SyncFailure.Kind.DATA, "Order " + run.label + ": the Odoo payment wizard did not say which"
                        + " payment it made for account.move " + move + "; check the invoice's payments in Odoo, then retry."));
    }

    private StepResult creditNote(Run run, PlanStep.CreateCreditNote c, boolean recovering) {
        long invoice = run.record(c.invoiceKey());
        if (recovering) {
            Set<Long> boundElsewhere = new HashSet<>();
            store.orderBindings(run.tenantId, run.orderId).stream()
                    .filter(b -> "account.move".equals(b.odooModel()) && !b.stepKey().equals(c.key()) && b.odooId() != null)
                    .forEach(b -> boundElsewhere.add(b.odooId()));
            List<Long> mine = odoo.search(run.conn, "account.move", List.of(List.of("reversed_entry_id", "=", invoice),
                    List.of("move_type", "=", "out_refund")), null).stream().filter(id -> !boundElsewhere.contains(id)).sorted().toList();
            if (!mine.isEmpty()) {
                odoo.bindExternalId(run.conn, xid(c.key()), "account.move", mine.get(0));
                return new StepResult("account.move", mine.get(0), xid(c.key()), "refund", "found after an interrupted attempt", false, true);
            }
        }
        List<ObjectNode> inv = odoo.read(run.conn, "account.move", List.of(invoice), List.of("partner_id", "journal_id"));
        if (inv.isEmpty()) {
            throw new SyncFailure(SyncFailure.Kind.DATA, "Order " + run.label + ": invoice account.move " + invoice
                    + " is gone from Odoo; the refund cannot be credited against it. Check the order in Odoo, then retry.");
        }
        long journal = OdooGateway.many2one(inv.get(0).path("journal_id"));
        long id;
        if (c.fullReversal()) {
            id = odoo.reverseMove(run.conn, invoice, c.reason(), journal);
        } else {
            Map<String, Object> vals = new LinkedHashMap<>();
            vals.put("move_type", "out_refund");
            vals.put("partner_id", OdooGateway.many2one(inv.get(0).path("partner_id")));
            vals.put("journal_id", journal);
            vals.put("reversed_entry_id", invoice);
            if (c.date() != null) {
                vals.put("invoice_date", c.date().toString());
            }
            vals.put("ref", c.reason());
            // Each refunded line names the sale order line it gives back (account.move.line.sale_line_ids), as
            // Odoo's own reversal does: the order's invoiced quantities drop and the credit shows on the order.
            Map<String, Long> saleLines = saleLinesForCredit(run, c);
            List<Object> lines = new ArrayList<>();
            for (OrderLine l : c.lines()) {
                Map<String, Object> lv = new LinkedHashMap<>(l.invoiceLineValues());
                Long saleLine = saleLines.get(l.source());
                if (saleLine != null) {
                    lv.put("sale_line_ids", List.of(List.of(6, 0, List.of(saleLine))));
                }
                lines.add(List.of(0, 0, lv));
            }
            vals.put("invoice_line_ids", lines);
            id = odoo.create(run.conn, "account.move", vals);
        }
        return new StepResult("account.move", id, xid(c.key()), "refund", c.reason(), false, false);
    }

    /** Sale order line ids for the credit note's lines (none in invoice-only mode: there is no sale order). */
    private Map<String, Long> saleLinesForCredit(Run run, PlanStep.CreateCreditNote c) {
        Long order = run.records.get("order_" + run.orderId);
        boolean linkable = c.lines().stream().anyMatch(l -> l.source().startsWith("line_items:") || l.source().startsWith("shipping_lines:")
                || l.source().startsWith("fee_lines:"));
        if (order == null || !linkable) {
            return Map.of();
        }
        return saleLineIds(run, order, store.orderState(run.tenantId, run.orderId).lineSources());
    }

    private StepResult settle(Run run, PlanStep.SettleCreditNote s, boolean recovering) {
        long creditNote = run.record(s.creditNoteKey());
        if (s.settlement() == PlanStep.Settlement.REFUND_PAYMENT) {
            long id = pay(run, creditNote, s.journalId(), s.paymentMethodLineId(), s.amount(), s.date(), s.memo(), recovering);
            return new StepResult("account.payment", id, xid(s.key()), "refund", "refund paid out: " + s.memo(), false, false);
        }
        // The invoice is still open (bank transfer or cash on delivery not paid yet, or payments not synced): no
        // money goes back, the credit note settles the invoice. Odoo's reversal wizard does not reconcile, so the
        // two receivable lines are reconciled explicitly.
        long invoice = run.record(s.invoiceKey());
        List<ObjectNode> open = odoo.searchRead(run.conn, "account.move.line", List.of(List.of("move_id", "in", List.of(invoice, creditNote)),
                List.of("account_id.account_type", "=", "asset_receivable"), List.of("reconciled", "=", false)), List.of("move_id"), null);
        List<Long> invoiceLines = new ArrayList<>();
        List<Long> creditLines = new ArrayList<>();
        for (ObjectNode l : open) {
            Long move = OdooGateway.many2one(l.path("move_id"));
            (move != null && move == invoice ? invoiceLines : creditLines).add(l.path("id").asLong());
        }
        if (creditLines.isEmpty()) {
            // Only after an interrupted attempt: the reconciliation went through before it was recorded.
            return new StepResult("account.move", creditNote, null, "refund", "already reconciled with account.move " + invoice, false, false);
        }
        if (invoiceLines.isEmpty()) {
            // Paid in Odoo meanwhile (by hand or a bank match): the credit stays open for a person to pay out or use.
            return new StepResult("account.move", creditNote, null, "refund", "credit note " + creditNote + " left open: invoice "
                    + invoice + " has no open amount in Odoo any more (paid there); pay the credit out or use it by hand", false, false);
        }
        List<Long> both = new ArrayList<>(invoiceLines);
        both.addAll(creditLines);
        odoo.callMethod(run.conn, "account.move.line", "reconcile", both, null);
        return new StepResult("account.move", creditNote, null, "refund", "reconciled with open invoice account.move " + invoice
                + " (no money paid back)", false, false);
    }

    private boolean stateIn(Run run, String model, long id, Set<String> states) {
        List<ObjectNode> rows = odoo.read(run.conn, model, List.of(id), List.of("state"));
        return !rows.isEmpty() && states.contains(rows.get(0).path("state").asText());
    }

    // ------------------------------------------------------------------ external ids, log

    /** Writes the external ids of the records this attempt created directly, in one ir.model.data create. */
    private void bindExternalIds(Run run) {
        if (run.touched.isEmpty()) {
            return;
        }
        List<SyncStore.Binding> open = store.unboundExternalIds(run.tenantId, run.touched);
        if (open.isEmpty()) {
            return;
        }
        String module = OdooGateway.externalIdModule(run.conn.tenantSlug());
        try {
            List<SyncStore.Binding> toCreate = new ArrayList<>(open);
            if (open.stream().anyMatch(b -> "sent".equals(b.externalIdState()) || b.attempts() > 1)) {
                // An earlier attempt may have written some: ask Odoo which exist.
                Set<String> have = new HashSet<>();
                odoo.searchRead(run.conn, "ir.model.data", List.of(List.of("module", "=", module),
                        List.of("name", "in", open.stream().map(SyncStore.Binding::externalId).toList())), List.of("name"), null)
                        .forEach(r -> have.add(r.path("name").asText()));
                toCreate.removeIf(b -> have.contains(b.externalId()));
            }
            if (!toCreate.isEmpty()) {
                store.externalIdState(run.tenantId, toCreate.stream().map(SyncStore.Binding::stepKey).toList(), "sent");
                List<Map<String, Object>> vals = new ArrayList<>();
                for (SyncStore.Binding b : toCreate) {
                    Map<String, Object> v = new LinkedHashMap<>();
                    v.put("module", module);
                    v.put("name", b.externalId());
                    v.put("model", b.odooModel());
                    v.put("res_id", b.odooId());
                    v.put("noupdate", true);
                    vals.add(v);
                }
                odoo.execute(run.conn, "ir.model.data", "create", List.of(vals), null);
            }
            store.externalIdState(run.tenantId, open.stream().map(SyncStore.Binding::stepKey).toList(), "bound");
        } catch (SyncFailure e) {
            // The records exist and are bound in our database; the external ids are written by the next attempt.
            LOG.infof("tenant %s order %d: external ids not written yet: %s", run.conn.tenantSlug(), run.orderId, e.adminMessage());
        }
    }

    private void log(Run run, StepResult r, PlanStep step, SyncStatus status, String message) {
        if (run.ctx == null) {
            return;
        }
        String request;
        try {
            request = json.writeValueAsString(step);
        } catch (JsonProcessingException e) {
            request = step.key();
        }
        run.ctx.log(new SyncLogEntry(r.syncType(), Long.toString(run.orderId),
                r.odooId() == null ? null : r.model() + "," + r.odooId(), status, message, request,
                r.detail() == null ? null : "{\"step\":\"" + step.key() + "\",\"detail\":" + quote(r.detail()) + "}"));
    }

    private String quote(String s) {
        try {
            return json.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            return "\"\"";
        }
    }

    /** The ir.model.data name for a step key: letters, digits and underscores only (a dot would split the xml id). */
    static String xid(String key) {
        String s = key.replaceAll("[^A-Za-z0-9_]", "_");
        return s.length() > 120 ? s.substring(0, 120) : s;
    }

    static String wooResource(String key) {
        for (String p : List.of("customer", "guest", "company", "address")) {
            if (key.startsWith(p + "_")) {
                return p;
            }
        }
        return "order";
    }

    private static long wooId(String key, Run run) {
        String resource = wooResource(key);
        if (resource.equals("customer")) {
            String rest = key.substring("customer_".length());
            int end = rest.indexOf('_');
            try {
                return Long.parseLong(end < 0 ? rest : rest.substring(0, end));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return resource.equals("order") ? run.orderId : 0;
    }

    /** One attempt's working state. */
    private static final class Run {
        final long tenantId;
        final TenantConnections.Odoo conn;
        final long orderId;
        final String label;
        final JobContext ctx;
        final Map<String, Long> records = new LinkedHashMap<>();
        final List<String> touched = new ArrayList<>();

        Run(long tenantId, TenantConnections.Odoo conn, long orderId, String label, JobContext ctx, SyncStore.OrderState state) {
            this.tenantId = tenantId;
            this.conn = conn;
            this.orderId = orderId;
            this.label = label;
            this.ctx = ctx;
        }

        long record(String key) {
            Long id = records.get(key);
            if (id == null) {
                throw new IllegalStateException("plan step refers to " + key + ", which has no Odoo record yet");
            }
            return id;
        }
    }
}
