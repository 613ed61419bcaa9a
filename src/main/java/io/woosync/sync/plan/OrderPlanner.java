package io.woosync.sync.plan;

import io.woosync.SyncFailure.Kind;
import io.woosync.sync.order.WooAddress;
import io.woosync.sync.order.WooFeeLine;
import io.woosync.sync.order.WooLineItem;
import io.woosync.sync.order.WooOrder;
import io.woosync.sync.order.WooRefund;
import io.woosync.sync.order.WooShippingLine;
import io.woosync.sync.order.WooTaxAmount;
import io.woosync.sync.order.WooTaxLine;
import io.woosync.sync.plan.PlanStep.LineChange;
import io.woosync.sync.plan.PlanStep.PartnerKind;
import io.woosync.sync.plan.ResolvedLookups.PartnerRecord;
import io.woosync.sync.plan.ResolvedLookups.ProductMatch;
import io.woosync.sync.settings.OdooTax;
import io.woosync.sync.settings.SyncSettings;
import io.woosync.sync.settings.SyncSettings.DiscountMode;
import io.woosync.sync.settings.SyncSettings.StatusRule;
import io.woosync.sync.settings.SyncSettings.TaxMapping;
import io.woosync.sync.settings.SyncSettings.TaxMode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The pure order planner: (Woo order + refunds, resolved lookups, tenant settings, bindings) → {@link Plan}.
 * No I/O, no clock, no randomness: the same input always gives the same plan, so it is tested over every
 * fixture and generated order, and {@code GET …/orders/{id}/plan} can preview it.
 *
 * <p>Use: {@link #lookupRequest} tells the executor what to look up; {@link #plan} plans. See
 * docs/sync.md for the rules and every rounding point.
 */
public final class OrderPlanner {

    private static final MathContext MC = new MathContext(34, RoundingMode.HALF_EVEN);
    private static final DateTimeFormatter ODOO_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private OrderPlanner() {
    }

    /** Everything the planner needs to decide. */
    public record PlanInput(WooOrder order, List<WooRefund> refunds, ResolvedLookups lookups, SyncSettings settings,
                            OrderBindings bindings) {
        public PlanInput {
            refunds = List.copyOf(refunds);
            Objects.requireNonNull(order, "order");
            Objects.requireNonNull(lookups, "lookups");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(bindings, "bindings");
        }
    }

    /** What to look up before planning: every product code the plan may reference, the customer keys. */
    public static LookupRequest lookupRequest(WooOrder order, SyncSettings s) {
        Set<String> codes = new LinkedHashSet<>();
        order.lineItems().stream().map(WooLineItem::sku).filter(x -> !x.isEmpty()).forEach(codes::add);
        codes.add(s.shipping().productCode());
        codes.add(s.feeProductCode());
        codes.add(s.refundProductCode());
        codes.add(s.roundingProductCode());
        codes.add(s.discounts().discountProductCode());
        Set<String> countries = new LinkedHashSet<>();
        Set<String> states = new LinkedHashSet<>();
        for (WooAddress a : List.of(order.billing(), order.shipping())) {
            if (!a.country().isEmpty()) {
                countries.add(a.country());
                if (!a.state().isEmpty()) {
                    states.add(a.country() + "-" + a.state());
                }
            }
        }
        return new LookupRequest(codes, order.billing().email(), order.billing().company(), order.customerId(), countries, states);
    }

    public static Plan plan(PlanInput in) {
        return new Planning(in).run();
    }

    // =================================================================================================

    /** One planning run; accumulates steps, problems and notes. */
    private static final class Planning {
        final WooOrder order;
        final List<WooRefund> refunds;
        final ResolvedLookups lookups;
        final SyncSettings s;
        final OrderBindings b;
        final LineEncoder encoder;
        final OdooTaxEngine engine;
        final String label;
        final long id;
        final List<PlanStep> steps = new ArrayList<>();
        final List<PlanProblem> problems = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final List<Plan.Review> reviews = new ArrayList<>();
        final Map<Long, OdooTax> taxesById = new LinkedHashMap<>();
        final Map<Long, Long> rateOfOdooTax = new LinkedHashMap<>();
        /** Woo line item id → Odoo product id, once resolved. */
        final Map<Long, Long> productOfItem = new LinkedHashMap<>();
        /**
         * Encoded line → how far Odoo's untaxed amount for it is from WooCommerce's, for lines no price and
         * discount at Odoo's precisions reproduces (a large line, a tiny coupon, 2-digit "Discount"): less
         * than one step of the discount. The difference is known, named in a note and carried by the
         * correction line; by identity, as refund lines may equal order lines.
         */
        final Map<OrderLine, BigDecimal> unreachableBase = new IdentityHashMap<>();
        PlanTotals totals;

        Planning(PlanInput in) {
            order = in.order();
            refunds = in.refunds().stream().sorted(Comparator.comparingLong(WooRefund::id)).toList();
            lookups = in.lookups();
            s = in.settings();
            b = in.bindings();
            encoder = new LineEncoder(s.odoo());
            engine = new OdooTaxEngine(s.odoo());
            label = order.label();
            id = order.id();
            s.taxes().rates().forEach((rate, m) -> {
                taxesById.put(m.tax().id(), m.tax());
                rateOfOdooTax.putIfAbsent(m.tax().id(), rate);
                if (m.includedTwin() != null) {
                    taxesById.put(m.includedTwin().id(), m.includedTwin());
                    rateOfOdooTax.putIfAbsent(m.includedTwin().id(), rate);
                }
            });
        }

        // ---- keys and progress ------------------------------------------------------------------

        String orderKey() { return "order_" + id; }
        String confirmKey() { return "confirm_" + id; }
        String invoiceKey() { return "invoice_" + id; }
        String postInvoiceKey() { return "post_invoice_" + id; }
        String paymentPrefix() { return "payment_" + id + "_"; }
        String deliveryKey() { return "delivery_" + id; }
        String cancelKey() { return "cancel_" + id; }
        String refundKey(long refundId) { return "refund_" + id + "_" + (refundId == 0 ? "cancel" : Long.toString(refundId)); }

        boolean orderExists() { return b.records().containsKey(orderKey()) || b.isDone(orderKey()); }
        boolean invoiceExists() { return b.records().containsKey(invoiceKey()) || b.isDone(invoiceKey()); }

        void add(PlanStep step) {
            if (!b.isDone(step.key()) && steps.stream().noneMatch(x -> x.key().equals(step.key()))) {
                steps.add(step);
            }
        }

        void problem(Kind kind, String field, String message) {
            problems.add(new PlanProblem(kind, field, message));
        }

        Plan skipped(String reason) {
            return new Plan(id, label, Plan.Outcome.SKIPPED, List.of(), List.of(), reason, null, notes, reviews);
        }

        Plan result() {
            if (!problems.isEmpty()) {
                return new Plan(id, label, Plan.Outcome.BLOCKED, List.of(), problems, null, totals, notes, reviews);
            }
            return new Plan(id, label, Plan.Outcome.READY, steps, List.of(), null, totals, notes, reviews);
        }

        /**
         * Something a person decides: recorded once (the step), listed on every plan while it stands, or
         * as a note once a person has acknowledged it (the same difference: the key holds its figures).
         */
        void flag(String key, String reason) {
            if (b.isDone(Plan.Review.acknowledgementKey(key))) {
                notes.add("Acknowledged by a person: " + reason);
            } else {
                reviews.add(new Plan.Review(key, reason));
            }
            add(new PlanStep.FlagForReview(key, reason));
        }

        // ---- status rules -----------------------------------------------------------------------

        Plan run() {
            StatusRule rule = s.ruleFor(order.status());
            switch (rule) {
                case SKIP:
                    return skip();
                case CANCEL:
                    return cancel();
                case DRAFT_ORDER:
                case SYNC:
                case SYNC_AND_DELIVER:
                    return sync(rule);
                default:
                    throw new IllegalStateException(rule.name());
            }
        }

        Plan skip() {
            String why = switch (order.status()) {
                case "failed" -> "the payment failed";
                case "pending" -> "it is awaiting payment";
                default -> "its status is " + order.status();
            };
            if ("failed".equals(order.status()) && orderExists() && !invoiceExists() && !b.isDone(cancelKey())) {
                // A draft made earlier (on-hold/pending by choice) must not stay open for a failed payment.
                add(new PlanStep.CancelOrder(cancelKey(), orderKey(), "WooCommerce order " + label + " failed: payment failed"));
                return result();
            }
            return skipped("Order " + label + " is " + order.status() + " in WooCommerce: nothing is created in Odoo because "
                    + why + (orderExists() ? " (the existing Odoo order is left as it is)" : "") + ".");
        }

        Plan cancel() {
            if (!orderExists() && !invoiceExists()) {
                return skipped("Order " + label + " was cancelled in WooCommerce before it reached Odoo: nothing to create or cancel.");
            }
            if (!invoiceExists()) {
                add(new PlanStep.CancelOrder(cancelKey(), orderKey(), "WooCommerce order " + label + " cancelled"));
                return result();
            }
            // Invoiced: credit what the refunds have not credited yet, or leave it to a person.
            List<OrderLine> orderLines = buildLines();
            if (!problems.isEmpty()) {
                return result();
            }
            planRefunds(true, orderPaid());
            if (s.cancelledAfterInvoice() == SyncSettings.CancelledInvoicedPolicy.FLAG_FOR_REVIEW) {
                flag("review_" + id + "_cancelled_after_invoice",
                        "Order " + label + " was cancelled in WooCommerce after it was invoiced in Odoo; the tenant's rule says "
                                + "a person decides (no credit note is created automatically).");
            } else {
                planCancellationCredit(orderLines);
            }
            return result();
        }

        /**
         * The total Odoo must show for the order and its invoice before the executor confirms or posts them:
         * WooCommerce's total, which reconcile made the lines reach (with a correction line if need be).
         * Null where not predicted: Odoo calculates the taxes, or the lines were not reconciled.
         */
        BigDecimal expectedOdooTotal() {
            return totals != null && totals.predictable() && totals.odooTotal() != null ? totals.odooTotal() : null;
        }

        Plan sync(StatusRule rule) {
            SyncSettings.DocumentsMode mode = s.documents();
            if (rule == StatusRule.DRAFT_ORDER && !mode.salesOrder) {
                return skipped("Order " + label + " is " + order.status() + ": the tenant creates invoices only, and an "
                        + order.status() + " order gets no invoice yet.");
            }
            if (b.isDone(cancelKey())) {
                flag("review_" + id + "_reopened",
                        "Order " + label + " is " + order.status() + " in WooCommerce again, but its Odoo order was cancelled; "
                                + "reopen or recreate it in Odoo by hand.");
                return result();
            }
            Long pricelistId = pricelist();
            List<OrderLine> lines = buildLines();
            PartnerKeys partners = planPartners();
            if (!problems.isEmpty()) {
                return result();
            }
            boolean invoiceDue = mode.invoice && invoiceDue(rule);
            boolean paymentDue = mode.payment && order.isPaid() && order.total().signum() > 0;
            PlanStep.RegisterPayment payment = paymentDue ? payment() : null;
            if (!problems.isEmpty()) {
                return result();
            }
            if (!mode.salesOrder) {
                // Invoice only: a direct out_invoice, no sales order.
                if (invoiceDue && !invoiceExists()) {
                    add(new PlanStep.CreateDirectInvoice(invoiceKey(), partners.partner(), partners.shipping(), documentDate(),
                            order.number(), "WooCommerce " + label, order.customerNote().isEmpty() ? null : order.customerNote(), lines));
                } else if (invoiceExists()) {
                    planChanges(lines);
                }
            } else {
                if (!orderExists()) {
                    add(new PlanStep.CreateSaleOrder(orderKey(), partners.partner(), partners.invoice(), partners.shipping(),
                            pricelistId, carrierId(), order.number(), "WooCommerce " + label,
                            order.customerNote().isEmpty() ? null : order.customerNote(), dateOrder(),
                            s.odoo().saleLineTaxField(), lines));
                } else {
                    planChanges(lines);
                }
                if (rule != StatusRule.DRAFT_ORDER) {
                    add(new PlanStep.ConfirmOrder(confirmKey(), orderKey(), expectedOdooTotal()));
                    if (invoiceDue && !invoiceExists()) {
                        requireInvoicingOnOrderedQuantities(lines);
                        add(new PlanStep.CreateInvoiceFromOrder(invoiceKey(), orderKey(), documentDate(), order.number()));
                    }
                }
            }
            if (rule != StatusRule.DRAFT_ORDER) {
                boolean invoiced = invoiceExists() || steps.stream().anyMatch(x -> x.key().equals(invoiceKey()));
                if (invoiced) {
                    // An invoice made from the order copies lines whose total ConfirmOrder checked; a direct invoice is
                    // checked here (one read per document is what the check costs).
                    add(new PlanStep.PostInvoice(postInvoiceKey(), invoiceKey(), mode.salesOrder ? null : expectedOdooTotal()));
                    if (payment != null && !b.doneWithPrefix(paymentPrefix())) {
                        add(payment);
                    }
                } else if (mode.invoice) {
                    notes.add(invoiceWaitNote());
                }
                if (mode.payment && !order.isPaid() && order.total().signum() > 0) {
                    notes.add("Order " + label + " (" + paymentTitle() + ") is not paid in WooCommerce yet (no date_paid): "
                            + "no payment is registered until WooCommerce marks it paid.");
                }
                if (mode.delivery && rule == StatusRule.SYNC_AND_DELIVER && mode.salesOrder) {
                    add(new PlanStep.ValidateDelivery(deliveryKey(), orderKey()));
                }
                planRefunds(invoiced, payment != null || b.doneWithPrefix(paymentPrefix()));
            }
            return result();
        }

        boolean invoiceDue(StatusRule rule) {
            return switch (s.invoiceTiming()) {
                case WHEN_PAID -> order.isPaid();
                case WHEN_COMPLETED -> rule == StatusRule.SYNC_AND_DELIVER || "completed".equals(order.status())
                        || "refunded".equals(order.status());
                case MANUAL -> false;
            };
        }

        String invoiceWaitNote() {
            return switch (s.invoiceTiming()) {
                case WHEN_PAID -> "Order " + label + " is not invoiced yet: the tenant invoices when WooCommerce marks the order paid.";
                case WHEN_COMPLETED -> "Order " + label + " is not invoiced yet: the tenant invoices when the order is completed.";
                case MANUAL -> "Order " + label + " is not invoiced: the tenant invoices by hand in Odoo.";
            };
        }

        boolean orderPaid() {
            return b.doneWithPrefix(paymentPrefix());
        }

        String paymentTitle() {
            return order.paymentMethodTitle().isEmpty() ? order.paymentMethod() : order.paymentMethodTitle();
        }

        /** Store-local date of payment (or creation) for invoice and payment dates: backfills keep Woo's dates. */
        LocalDate documentDate() {
            if (order.datePaid() != null) {
                return order.datePaid().toLocalDate();
            }
            return order.dateCreated() == null ? null : order.dateCreated().toLocalDate();
        }

        /** Odoo datetimes are UTC: the GMT creation time. */
        String dateOrder() {
            if (order.dateCreatedGmt() != null) {
                return order.dateCreatedGmt().format(ODOO_DATETIME);
            }
            return order.dateCreated() == null ? null : order.dateCreated().format(ODOO_DATETIME);
        }

        Long pricelist() {
            Long p = s.pricelistByCurrency().get(order.currency());
            if (p == null && !order.currency().isEmpty() && !order.currency().equalsIgnoreCase(s.odoo().companyCurrency())) {
                problem(Kind.CONFIGURATION, "currency", "Order " + label + " is in " + order.currency()
                        + " but no Odoo pricelist is mapped for " + order.currency()
                        + " (the company currency is " + s.odoo().companyCurrency() + "); map one in the tenant's currency settings.");
            }
            return p;
        }

        Long carrierId() {
            for (WooShippingLine sl : order.shippingLines()) {
                SyncSettings.CarrierMapping c = carrier(sl);
                if (c != null) {
                    return c.carrierId();
                }
            }
            return null;
        }

        SyncSettings.CarrierMapping carrier(WooShippingLine sl) {
            SyncSettings.CarrierMapping c = s.shipping().carriers().get(sl.methodId() + ":" + sl.instanceId());
            return c != null ? c : s.shipping().carriers().get(sl.methodId());
        }

        PlanStep.RegisterPayment payment() {
            SyncSettings.PaymentJournal j = s.paymentJournals().get(order.paymentMethod());
            if (j == null) {
                problem(Kind.CONFIGURATION, "payment_method", "Order " + label + ": payment method \"" + order.paymentMethod()
                        + "\" (" + paymentTitle() + ") has no Odoo journal mapped; map it in the tenant's payment settings.");
                return null;
            }
            String txn = order.transactionId().trim();
            String key = paymentPrefix() + (txn.isEmpty() ? "paid" : txn);
            String memo = txn.isEmpty() ? "WooCommerce " + label : txn;
            // Refunds credited while the invoice was open were reconciled against it (no money went back): the
            // customer pays what is left. (A refund settled before the payment exists can only have been that.)
            BigDecimal reconciled = refunds.stream().filter(r -> b.isDone("settle_" + refundKey(r.id()))).map(WooRefund::amount)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal amount = order.total().subtract(reconciled);
            if (reconciled.signum() > 0) {
                notes.add("Order " + label + ": the payment is " + amount + " = total " + order.total() + " − " + reconciled
                        + " already credited against the open invoice.");
            }
            if (amount.signum() <= 0) {
                notes.add("Order " + label + ": nothing is left to pay on the invoice after its credit notes; no payment is registered.");
                return null;
            }
            return new PlanStep.RegisterPayment(key, invoiceKey(), j.journalId(), j.paymentMethodLineId(), amount,
                    order.datePaid().toLocalDate(), memo, s.odoo().paymentReferenceField());
        }

        // ---- changes after sync -----------------------------------------------------------------

        /**
         * The Woo order against what Odoo holds. Before the invoice: the sale order's lines are updated to match
         * (quantities, prices, discounts, added and removed lines), so Odoo's totals equal WooCommerce's again.
         * After it: nothing is written — a posted invoice is never rewritten — and a difference in the totals or
         * in what was sold is flagged for review with the figures.
         */
        void planChanges(List<OrderLine> lines) {
            List<OrderLine> bound = b.orderLines();
            if (bound.isEmpty()) {
                // No record of what the order holds (bound by search, or by an older version): never guess a change.
                notes.add("Order " + label + ": the lines last written to Odoo are not recorded; changes are not checked.");
                return;
            }
            if (invoiceExists()) {
                checkInvoicedChanges(bound, lines);
                return;
            }
            List<LineChange> changes = diff(bound, lines);
            if (changes.isEmpty()) {
                return;
            }
            String fingerprint = fingerprint(lines.stream().map(OrderLine::toString).collect(Collectors.joining("|")));
            notes.add("Order " + label + " changed in WooCommerce before it was invoiced: the Odoo sales order is updated ("
                    + describe(changes, bound) + ").");
            // Numbered: an order edited A → B → A → B needs its second A → B update too (same target, new step).
            long earlier = b.done().stream().filter(k -> k.startsWith("order_lines_" + id + "_")).count();
            add(new PlanStep.UpdateSaleOrderLines("order_lines_" + id + "_" + (earlier + 1) + "_" + fingerprint, orderKey(),
                    b.isDone(confirmKey()), s.odoo().saleLineTaxField(), changes, lines));
        }

        /**
         * After invoicing: what was invoiced (the lines last written, which Odoo invoiced as they were, priced by
         * Odoo's arithmetic) against WooCommerce's totals now. A different total, tax or untaxed amount, or a
         * different product or quantity, is flagged; a mere re-encoding of the same amounts (price/discount) is not.
         */
        void checkInvoicedChanges(List<OrderLine> bound, List<OrderLine> lines) {
            OdooTaxEngine.Totals invoiced = engine.totalsOf(bound, taxesById);
            // Like with like: what Odoo would hold for the Woo order now against what it invoiced (a split between
            // untaxed and tax that was a cent off Woo's within tolerance at invoicing stays so, and is no change).
            OdooTaxEngine.Totals now = engine.totalsOf(lines, taxesById);
            boolean totalsDiffer = wooTaxes()
                    ? invoiced.total().compareTo(now.total()) != 0 || invoiced.tax().compareTo(now.tax()) != 0
                            || invoiced.untaxed().compareTo(now.untaxed()) != 0
                    : invoiced.untaxed().compareTo(now.untaxed()) != 0;
            List<LineChange> changes = diff(bound, lines).stream()
                    .filter(c -> c.change() != LineChange.Change.UPDATE || !sameProductAndQuantity(bound, c.line()))
                    .toList();
            if (!totalsDiffer && changes.isEmpty()) {
                return;
            }
            String fingerprint = fingerprint(order.total().toPlainString() + "|" + order.totalTax().toPlainString() + "|"
                    + lines.stream().map(l -> l.source() + ":" + l.productId() + ":" + l.quantity().stripTrailingZeros().toPlainString())
                    .collect(Collectors.joining("|")));
            String woo = wooTaxes()
                    ? "WooCommerce now says " + order.total() + " (untaxed " + order.untaxedTotal() + ", tax " + order.totalTax() + ")"
                    : "WooCommerce's untaxed amount is now " + order.untaxedTotal();
            String odoo = wooTaxes()
                    ? "the invoice in Odoo says " + invoiced.total() + " (untaxed " + invoiced.untaxed() + ", tax " + invoiced.tax() + ")"
                    : "the invoice's untaxed amount in Odoo is " + invoiced.untaxed();
            BigDecimal diff = wooTaxes() ? order.total().subtract(invoiced.total()) : order.untaxedTotal().subtract(invoiced.untaxed());
            flag("review_" + id + "_changed_" + fingerprint,
                    "Order " + label + " changed in WooCommerce after it was invoiced in Odoo: " + woo + ", " + odoo
                            + (diff.signum() == 0 ? "" : ", a difference of " + diff.toPlainString())
                            + (changes.isEmpty() ? "" : "; changed: " + describe(changes, bound))
                            + ". The posted invoice is not rewritten: correct it in Odoo by hand (a credit note or an extra"
                            + " invoice) or undo the change in WooCommerce.");
        }

        boolean sameProductAndQuantity(List<OrderLine> bound, OrderLine now) {
            return bound.stream().anyMatch(o -> o.source().equals(now.source()) && o.productId() == now.productId()
                    && o.quantity().compareTo(now.quantity()) == 0);
        }

        /** The changes in an admin's words: "Fixture Mug: quantity 2 → 3", "added Shipping", "removed …". */
        String describe(List<LineChange> changes, List<OrderLine> bound) {
            List<String> out = new ArrayList<>();
            for (LineChange c : changes) {
                String what = lineLabel(c.source(), c.line());
                OrderLine before = bound.stream().filter(o -> o.source().equals(c.source())).findFirst().orElse(null);
                switch (c.change()) {
                    case ADD -> out.add("added " + what + " × " + c.line().quantity().stripTrailingZeros().toPlainString());
                    case REMOVE -> out.add("removed " + what);
                    case UPDATE -> {
                        List<String> parts = new ArrayList<>();
                        if (before != null && before.productId() != c.line().productId()) {
                            parts.add("product " + before.productId() + " → " + c.line().productId());
                        }
                        if (before != null && before.quantity().compareTo(c.line().quantity()) != 0) {
                            parts.add("quantity " + before.quantity().stripTrailingZeros().toPlainString() + " → "
                                    + c.line().quantity().stripTrailingZeros().toPlainString());
                        }
                        if (before != null && (before.priceUnit().compareTo(c.line().priceUnit()) != 0
                                || before.discount().compareTo(c.line().discount()) != 0)) {
                            parts.add("price " + before.priceUnit().toPlainString() + " − " + before.discount().stripTrailingZeros().toPlainString()
                                    + " % → " + c.line().priceUnit().toPlainString() + " − "
                                    + c.line().discount().stripTrailingZeros().toPlainString() + " %");
                        }
                        if (before != null && !Objects.equals(before.taxIds(), c.line().taxIds())) {
                            parts.add("taxes " + before.taxIds() + " → " + c.line().taxIds());
                        }
                        out.add(what + ": " + (parts.isEmpty() ? "changed" : String.join(", ", parts)));
                    }
                    default -> throw new IllegalStateException(c.change().name());
                }
            }
            return String.join("; ", out);
        }

        String lineLabel(String source, OrderLine line) {
            if (source.startsWith("line_items:")) {
                try {
                    long item = Long.parseLong(source.substring("line_items:".length()));
                    // A removed line is no longer in the Woo order: name it by its Woo item and Odoo product.
                    return order.lineItem(item).map(l -> "\"" + l.name() + "\"")
                            .orElse("the line of Woo item " + item + " (Odoo product " + line.productId() + ")");
                } catch (NumberFormatException e) {
                    return "line " + source;
                }
            }
            if (source.startsWith("shipping_lines:")) {
                return "shipping" + (line.name() == null ? "" : " \"" + line.name() + "\"");
            }
            if (source.startsWith("fee_lines:")) {
                return "fee" + (line.name() == null ? "" : " \"" + line.name() + "\"");
            }
            if (source.startsWith("coupon:")) {
                return line.name() == null ? "coupon line" : line.name();
            }
            return source.equals("rounding") ? "the rounding correction" : source;
        }

        List<LineChange> diff(List<OrderLine> before, List<OrderLine> after) {
            List<LineChange> out = new ArrayList<>();
            Map<String, OrderLine> old = new LinkedHashMap<>();
            before.forEach(l -> old.put(l.source(), l));
            for (OrderLine l : after) {
                OrderLine o = old.remove(l.source());
                if (o == null) {
                    out.add(new LineChange(LineChange.Change.ADD, l.source(), l));
                } else if (!o.sameValuesAs(l)) {
                    out.add(new LineChange(LineChange.Change.UPDATE, l.source(), l));
                }
            }
            old.values().forEach(o -> out.add(new LineChange(LineChange.Change.REMOVE, o.source(), o)));
            return out;
        }

        // ---- customers --------------------------------------------------------------------------

        record PartnerKeys(String partner, String invoice, String shipping) {
        }

        PartnerKeys planPartners() {
            WooAddress bill = order.billing();
            String email = bill.email().toLowerCase(Locale.ROOT);
            String personName = !bill.personName().isEmpty() ? bill.personName() : !bill.company().isEmpty() ? bill.company() : email;
            if (personName.isEmpty()) {
                problem(Kind.DATA, "billing.first_name", "Order " + label + ": the billing name, company and email are all empty;"
                        + " Odoo needs a name for the customer. Complete the billing details in WooCommerce.");
                return null;
            }
            boolean b2b = s.customers().companiesAsB2b() && bill.hasCompany();
            String companyKey = null;
            if (b2b) {
                companyKey = "company_" + normalizeKey(bill.company());
                List<PartnerRecord> companies = lookups.companiesByName().stream().filter(PartnerRecord::isCompany)
                        .sorted(Comparator.comparingLong(PartnerRecord::id)).toList();
                if (!companies.isEmpty()) {
                    if (companies.size() > 1) {
                        notes.add("Billing company \"" + bill.company() + "\" matches " + companies.size()
                                + " Odoo companies; the oldest (id " + companies.get(0).id() + ") is used.");
                    }
                    ensureExisting(companyKey, PartnerKind.COMPANY, companies.get(0), companyValues(bill));
                } else {
                    add(new PlanStep.EnsurePartner(companyKey, PartnerKind.COMPANY, null, null, companyValues(bill), Map.of()));
                }
            }
            String personKey = order.isGuest() ? "guest_" + normalizeKey(email.isEmpty() ? personName : email)
                    : "customer_" + order.customerId();
            Map<String, Object> personValues = personValues(bill, b2b);
            PartnerRecord matched = null;
            if (!order.isGuest() && lookups.boundCustomerPartnerId() != null) {
                long boundId = lookups.boundCustomerPartnerId();
                matched = lookups.partnersByEmail().stream().filter(p -> p.id() == boundId).findFirst()
                        .orElse(new PartnerRecord(boundId, personName, null, "contact", false, Map.of()));
            } else if (!email.isEmpty() && !lookups.partnersByEmail().isEmpty()) {
                List<PartnerRecord> byEmail = lookups.partnersByEmail().stream().filter(p -> !p.isCompany())
                        .sorted(Comparator.comparingLong(PartnerRecord::id)).toList();
                if (byEmail.isEmpty()) {
                    byEmail = lookups.partnersByEmail().stream().sorted(Comparator.comparingLong(PartnerRecord::id)).toList();
                }
                matched = byEmail.get(0);
                if (byEmail.size() > 1) {
                    notes.add("Email " + email + " matches " + byEmail.size() + " Odoo partners; the oldest (id "
                            + matched.id() + ") is used.");
                }
            }
            if (matched != null) {
                ensureExisting(personKey, PartnerKind.PERSON, matched, personValues);
            } else {
                add(new PlanStep.EnsurePartner(personKey, PartnerKind.PERSON, null, companyKey, personValues, Map.of()));
            }
            String commercialKey = b2b ? companyKey : personKey;
            WooAddress ship = order.shipping();
            if (!s.customers().separateAddresses() || ship.isPostallyEmpty() || bill.samePlaceAs(ship)) {
                return new PartnerKeys(personKey, personKey, personKey);
            }
            String invoiceKey = childAddress(PartnerKind.INVOICE_ADDRESS, "invoice", commercialKey, bill, personName);
            String deliveryKey = childAddress(PartnerKind.DELIVERY_ADDRESS, "delivery", commercialKey, ship,
                    ship.personName().isEmpty() ? personName : ship.personName());
            return new PartnerKeys(personKey, invoiceKey, deliveryKey);
        }

        String childAddress(PartnerKind kind, String type, String parentKey, WooAddress a, String name) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", name);
            v.put("type", type);
            putAddress(v, a);
            if (!a.phone().isEmpty()) {
                v.put("phone", a.phone());
            }
            String key = "address_" + type + "_" + fingerprint(parentKey + "|" + addressLine(a) + "|" + name.toLowerCase(Locale.ROOT));
            PartnerRecord existing = lookups.childAddresses().stream()
                    .filter(p -> type.equals(p.type()) && sameAddress(p.values(), v)).findFirst().orElse(null);
            if (existing != null) {
                add(new PlanStep.EnsurePartner(key, kind, existing.id(), parentKey, v, Map.of()));
            } else {
                add(new PlanStep.EnsurePartner(key, kind, null, parentKey, v, Map.of()));
            }
            return key;
        }

        boolean sameAddress(Map<String, Object> have, Map<String, Object> want) {
            for (String f : List.of("street", "street2", "city", "zip", "country_id", "state_id")) {
                Object w = want.get(f);
                Object h = have.get(f);
                String ws = w == null ? "" : w.toString();
                String hs = h == null || Boolean.FALSE.equals(h) ? "" : h.toString();
                if (!ws.equalsIgnoreCase(hs)) {
                    return false;
                }
            }
            return true;
        }

        void ensureExisting(String key, PartnerKind kind, PartnerRecord existing, Map<String, Object> wanted) {
            Map<String, Object> updates = new LinkedHashMap<>();
            for (String f : s.customers().approvedFields()) {
                Object w = wanted.get(f);
                if (w == null || w.toString().isEmpty()) {
                    continue; // never blank out Odoo data with an empty Woo field
                }
                Object h = existing.values().get(f);
                if (h == null || !w.toString().equals(h.toString())) {
                    updates.put(f, w);
                }
            }
            if (updates.isEmpty()) {
                add(new PlanStep.EnsurePartner(key, kind, existing.id(), null, wanted, Map.of()));
            } else {
                // The binding step may be done already; the update has its own key so it runs once per change.
                add(new PlanStep.EnsurePartner(key + "_update_" + fingerprint(updates.toString()), kind, existing.id(), null,
                        wanted, updates));
            }
        }

        Map<String, Object> companyValues(WooAddress a) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", a.company());
            v.put("is_company", true);
            putAddress(v, a);
            return v;
        }

        Map<String, Object> personValues(WooAddress a, boolean underCompany) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", !a.personName().isEmpty() ? a.personName() : !a.company().isEmpty() ? a.company() : a.email());
            if (!a.email().isEmpty()) {
                v.put("email", a.email());
            }
            if (!a.phone().isEmpty()) {
                v.put("phone", a.phone());
            }
            if (underCompany) {
                v.put("type", "contact");
            } else {
                putAddress(v, a);
            }
            return v;
        }

        void putAddress(Map<String, Object> v, WooAddress a) {
            putIf(v, "street", a.address1());
            putIf(v, "street2", a.address2());
            putIf(v, "city", a.city());
            putIf(v, "zip", a.postcode());
            Long country = lookups.countryIds().get(a.country());
            if (country != null) {
                v.put("country_id", country);
            }
            Long state = lookups.stateIds().get(a.country() + "-" + a.state());
            if (state != null) {
                v.put("state_id", state);
            }
        }

        void putIf(Map<String, Object> v, String k, String value) {
            if (!value.isEmpty()) {
                v.put(k, value);
            }
        }

        String addressLine(WooAddress a) {
            return String.join("|", a.company(), a.address1(), a.address2(), a.city(), a.state(), a.postcode(), a.country())
                    .toLowerCase(Locale.ROOT);
        }

        // ---- lines ------------------------------------------------------------------------------

        boolean wooTaxes() {
            return s.taxes().mode() == TaxMode.WOO_CALCULATED;
        }

        /** All Odoo lines of the order (products, shipping, fees, coupons, rounding), reconciled against Woo's totals. */
        List<OrderLine> buildLines() {
            List<OrderLine> lines = new ArrayList<>();
            checkTaxLines();
            boolean couponLines = s.discounts().mode() == DiscountMode.COUPON_LINES && !order.couponLines().isEmpty();
            int i = 0;
            for (WooLineItem l : order.lineItems()) {
                String field = "line_items[" + i++ + "]";
                Long product = productFor(l, field);
                if (l.quantity().signum() == 0) {
                    if (l.total().signum() != 0) {
                        problem(Kind.DATA, field + ".quantity", "Order " + label + ": line \"" + l.name()
                                + "\" has quantity 0 but a total of " + l.total() + "; correct the order in WooCommerce.");
                    } else {
                        notes.add("Line \"" + l.name() + "\" has quantity 0 and no amount; it is left out.");
                    }
                    continue;
                }
                Map<Long, TaxMapping> rates = ratesFor(l.taxes(), field);
                if (product == null || rates == null) {
                    continue;
                }
                productOfItem.put(l.id(), product);
                LineEncoder.Target t = couponLines
                        ? new LineEncoder.Target(l.quantity(), l.subtotal(), l.subtotalTax(), l.subtotal(), subtotalTaxByRate(l))
                        : new LineEncoder.Target(l.quantity(), l.subtotal(), l.subtotalTax(), l.total(), taxByRate(l.taxes(), l.totalTax()));
                lines.add(encode("line_items:" + l.id(), OrderLine.Kind.PRODUCT, product, null, t, rates, order.pricesIncludeTax(), field));
            }
            if (couponLines) {
                lines.addAll(couponDiscountLines());
            }
            i = 0;
            for (WooShippingLine sl : order.shippingLines()) {
                String field = "shipping_lines[" + i++ + "]";
                Long product = shippingProduct(sl);
                Map<Long, TaxMapping> rates = ratesFor(sl.taxes(), field);
                if (product == null || rates == null) {
                    continue;
                }
                LineEncoder.Target t = new LineEncoder.Target(BigDecimal.ONE, sl.total(), sl.totalTax(), sl.total(), taxByRate(sl.taxes(), sl.totalTax()));
                // Woo enters shipping net even in tax-inclusive stores: the exclusive encoding first.
                lines.add(encode("shipping_lines:" + sl.id(), OrderLine.Kind.SHIPPING, product,
                        sl.methodTitle().isEmpty() ? null : sl.methodTitle(), t, rates, false, field));
            }
            i = 0;
            for (WooFeeLine f : order.feeLines()) {
                String field = "fee_lines[" + i++ + "]";
                Long product = serviceProduct(s.feeProductCode(), "fee product", field);
                Map<Long, TaxMapping> rates = ratesFor(f.taxes(), field);
                if (product == null || rates == null) {
                    continue;
                }
                LineEncoder.Target t = new LineEncoder.Target(BigDecimal.ONE, f.total(), f.totalTax(), f.total(), taxByRate(f.taxes(), f.totalTax()));
                lines.add(encode("fee_lines:" + f.id(), OrderLine.Kind.FEE, product, f.name().isEmpty() ? null : f.name(), t, rates,
                        order.pricesIncludeTax(), field));
            }
            if (!problems.isEmpty()) {
                return lines;
            }
            return reconcile(lines);
        }

        OrderLine encode(String source, OrderLine.Kind kind, long product, String name, LineEncoder.Target t,
                         Map<Long, TaxMapping> rates, boolean preferIncluded, String field) {
            LineEncoder.Encoded e = encoder.encode(t, rates, preferIncluded, wooTaxes());
            if (e == null) {
                problem(Kind.CONFIGURATION, field + ".taxes", "Order " + label + ": the Odoo taxes mapped for "
                        + rates.keySet().stream().map(r -> "rate " + r).collect(Collectors.joining(", "))
                        + " are price-included in Odoo (company setting or tax) and no price-excluded tax is mapped;"
                        + " fix the tenant's tax map.");
                return new OrderLine(source, kind, product, name, t.quantity(), BigDecimal.ZERO, BigDecimal.ZERO, List.of());
            }
            if (e.priceMoved()) {
                notes.add("Line " + source + ": unit price " + e.priceUnit() + " with discount " + e.discount() + " % (instead of "
                        + e.catalogPrice() + ") so that Odoo's " + s.odoo().discountDigits() + "-digit discount reaches WooCommerce's "
                        + "line total exactly; raise Odoo's \"Discount\" decimal precision to 4 digits to keep catalog prices.");
            }
            if (!e.exact() && wooTaxes()) {
                notes.add("Line " + source + ": Odoo computes " + e.amounts().subtotal() + " + tax " + e.amounts().taxTotal()
                        + " where WooCommerce has " + t.net() + " + tax " + t.tax() + " (discount precision "
                        + s.odoo().discountDigits() + " digits); the difference is reconciled on the order"
                        + (e.amounts().subtotal().compareTo(t.net()) != 0 && s.odoo().discountDigits() < 4
                                ? "; raise Odoo's \"Discount\" decimal precision to 4 digits to reproduce such lines exactly." : "."));
            }
            OrderLine line = new OrderLine(source, kind, product, name, t.quantity(), e.priceUnit(), e.discount(), wooTaxes() ? e.taxIds() : null);
            BigDecimal baseMiss = e.amounts().subtotal().subtract(t.net()).abs();
            // Only a miss smaller than one step of the discount on this line is the precision's doing; a
            // larger one (amounts that no discount explains) must stay within the ordinary tolerance.
            BigDecimal discountStep = e.priceUnit().multiply(t.quantity()).abs().movePointLeft(s.odoo().discountDigits() + 2);
            if (baseMiss.signum() != 0 && baseMiss.compareTo(discountStep) <= 0) {
                unreachableBase.put(line, baseMiss);
            }
            return line;
        }

        /** Per-rate tax of a line; a single rate takes the line's total_tax (WooCommerce's own rounding of it). */
        Map<Long, BigDecimal> taxByRate(List<WooTaxAmount> taxes, BigDecimal totalTax) {
            Map<Long, BigDecimal> m = new LinkedHashMap<>();
            for (WooTaxAmount t : taxes) {
                if (mapped(t.rateId()) || t.total().signum() != 0) {
                    m.merge(t.rateId(), t.total(), BigDecimal::add);
                }
            }
            if (m.size() == 1) {
                // Tax-inclusive stores round line tax half-down (wc_round_tax_total) but print taxes[] half-up:
                // total_tax is the figure the order's totals were summed from.
                m.replaceAll((k, v) -> totalTax);
            }
            return m;
        }

        Map<Long, BigDecimal> subtotalTaxByRate(WooLineItem l) {
            Map<Long, BigDecimal> m = new LinkedHashMap<>();
            for (WooTaxAmount t : l.taxes()) {
                if (mapped(t.rateId()) || t.total().signum() != 0) {
                    m.merge(t.rateId(), t.subtotal() != null ? t.subtotal() : t.total(), BigDecimal::add);
                }
            }
            if (m.size() == 1) {
                m.replaceAll((k, v) -> l.subtotalTax());
            }
            return m;
        }

        boolean mapped(long rateId) {
            return s.taxes().rates().containsKey(rateId);
        }

        /** The tax mappings of a line's rates (in order); null after reporting a problem. */
        Map<Long, TaxMapping> ratesFor(List<WooTaxAmount> taxes, String field) {
            Map<Long, TaxMapping> m = new LinkedHashMap<>();
            if (!wooTaxes()) {
                return m;
            }
            boolean ok = true;
            for (WooTaxAmount t : taxes) {
                TaxMapping mapping = s.taxes().rates().get(t.rateId());
                if (mapping == null) {
                    if (t.total().signum() == 0 && (t.subtotal() == null || t.subtotal().signum() == 0)) {
                        continue; // an unmapped rate that taxes nothing changes nothing
                    }
                    WooTaxLine tl = order.taxLineForRate(t.rateId()).orElse(null);
                    problem(Kind.CONFIGURATION, field + ".taxes",
                            "Order " + label + ": WooCommerce tax rate " + t.rateId()
                                    + (tl == null ? "" : " (" + tl.label() + ", " + tl.ratePercent().stripTrailingZeros().toPlainString() + " %)")
                                    + " has no Odoo tax mapped; map it to an account.tax in the tenant's tax settings.");
                    ok = false;
                    continue;
                }
                m.put(t.rateId(), mapping);
            }
            return ok ? m : null;
        }

        /** Mapped Odoo taxes must have Woo's rate; compound rates are not supported. */
        void checkTaxLines() {
            if (!wooTaxes()) {
                return;
            }
            for (WooTaxLine tl : order.taxLines()) {
                if (tl.compound()) {
                    problem(Kind.CONFIGURATION, "tax_lines.compound", "Order " + label + ": WooCommerce tax rate " + tl.rateId()
                            + " (" + tl.label() + ") is compound; compound rates are not supported by the sync.");
                }
                TaxMapping m = s.taxes().rates().get(tl.rateId());
                if (m == null || tl.ratePercent().signum() == 0) {
                    continue;
                }
                for (OdooTax t : new OdooTax[] {m.tax(), m.includedTwin()}) {
                    if (t != null && t.amount().compareTo(tl.ratePercent()) != 0) {
                        problem(Kind.CONFIGURATION, "tax_lines.rate_percent", "Order " + label + ": WooCommerce tax rate "
                                + tl.rateId() + " (" + tl.label() + ") is " + tl.ratePercent().stripTrailingZeros().toPlainString()
                                + " % but it is mapped to Odoo tax " + t.id() + " (" + t.name() + ") of "
                                + t.amount().stripTrailingZeros().toPlainString() + " %; fix the tenant's tax map.");
                    }
                }
            }
        }

        Long productFor(WooLineItem l, String field) {
            long wooId = l.isVariation() ? l.variationId() : l.productId();
            Long override = s.skuOverrides().get(wooId);
            if (override != null) {
                return override;
            }
            if (l.sku().isEmpty()) {
                problem(Kind.DATA, field + ".sku", "Order " + label + " failed to sync because line \"" + l.name() + "\" ("
                        + (l.isVariation() ? "variation " + l.variationId() : "product " + l.productId())
                        + ") has no SKU; give it a SKU in WooCommerce or map "
                        + (l.isVariation() ? "variation " : "product ") + wooId + " in the tenant's SKU override table.");
                return null;
            }
            List<ProductMatch> matches = lookups.products(l.sku());
            if (matches.isEmpty()) {
                problem(Kind.DATA, field + ".sku", "Order " + label + " failed to sync because product SKU " + l.sku()
                        + " was not found in Odoo product.product → default_code");
                return null;
            }
            if (matches.size() > 1) {
                problem(Kind.DATA, field + ".sku", "Order " + label + " failed to sync because product SKU " + l.sku()
                        + " matches " + matches.size() + " Odoo products (ids "
                        + matches.stream().map(m -> Long.toString(m.id())).collect(Collectors.joining(", "))
                        + ") in product.product → default_code; make the SKU unique in Odoo.");
                return null;
            }
            return matches.get(0).id();
        }

        /**
         * The invoice is made from the order ("invoiceable lines") before any delivery is validated: a product
         * Odoo invoices on delivered quantities would be left out, the invoice would fall short of the order and
         * the payment of WooCommerce's total would overpay it. Blocked with the products to change instead.
         * Products matched by id (SKU overrides, carriers) are not read, so not checked.
         */
        void requireInvoicingOnOrderedQuantities(List<OrderLine> lines) {
            if (b.isDone(deliveryKey())) {
                return; // delivered: every quantity is invoiceable
            }
            Map<Long, String> onDelivery = lookups.invoicedOnDelivery();
            List<String> codes = lines.stream().map(OrderLine::productId).filter(onDelivery::containsKey).distinct()
                    .map(onDelivery::get).toList();
            if (!codes.isEmpty()) {
                problem(Kind.CONFIGURATION, "line_items", "Order " + label + ": " + (codes.size() == 1 ? "product " : "products ")
                        + String.join(", ", codes) + (codes.size() == 1 ? " is" : " are") + " invoiced on delivered quantities in Odoo"
                        + " (product.template.invoice_policy = delivery), but WooSync invoices the order before its delivery, so Odoo"
                        + " would leave " + (codes.size() == 1 ? "it" : "them") + " off the invoice; set the Invoicing Policy to"
                        + " \"Ordered quantities\" in Odoo, then retry.");
            }
        }

        Long shippingProduct(WooShippingLine sl) {
            SyncSettings.CarrierMapping c = carrier(sl);
            if (c != null) {
                return c.productId();
            }
            return serviceProduct(s.shipping().productCode(), "shipping product", "shipping_lines");
        }

        Long serviceProduct(String code, String purpose, String field) {
            List<ProductMatch> matches = lookups.products(code);
            if (matches.size() == 1) {
                return matches.get(0).id();
            }
            problem(Kind.CONFIGURATION, field, "Order " + label + ": the " + purpose + " (default_code " + code + ") "
                    + (matches.isEmpty() ? "was not found" : "matches " + matches.size() + " products")
                    + " in Odoo product.product → default_code; create it (once) in Odoo or change the tenant's " + purpose + ".");
            return null;
        }

        /** Coupon-lines mode: one negative line per coupon and tax group, on the discount product. */
        List<OrderLine> couponDiscountLines() {
            List<OrderLine> out = new ArrayList<>();
            Long product = serviceProduct(s.discounts().discountProductCode(), "discount product", "coupon_lines");
            if (product == null) {
                return out;
            }
            // Group the discount (subtotal − total) and its tax by the lines' set of rates.
            Map<List<Long>, BigDecimal> netByGroup = new LinkedHashMap<>();
            Map<List<Long>, Map<Long, BigDecimal>> taxByGroup = new LinkedHashMap<>();
            Map<List<Long>, Map<Long, TaxMapping>> ratesByGroup = new LinkedHashMap<>();
            for (WooLineItem l : order.lineItems()) {
                Map<Long, TaxMapping> rates = ratesFor(l.taxes(), "line_items");
                if (rates == null) {
                    continue;
                }
                List<Long> group = List.copyOf(rates.keySet());
                netByGroup.merge(group, l.subtotal().subtract(l.total()), BigDecimal::add);
                ratesByGroup.put(group, rates);
                Map<Long, BigDecimal> sub = subtotalTaxByRate(l);
                Map<Long, BigDecimal> tot = taxByRate(l.taxes(), l.totalTax());
                Map<Long, BigDecimal> g = taxByGroup.computeIfAbsent(group, k -> new LinkedHashMap<>());
                sub.forEach((r, v) -> g.merge(r, v.subtract(tot.getOrDefault(r, BigDecimal.ZERO)), BigDecimal::add));
            }
            BigDecimal couponSum = order.couponLines().stream().map(c -> c.discount()).reduce(BigDecimal.ZERO, BigDecimal::add);
            for (Map.Entry<List<Long>, BigDecimal> g : netByGroup.entrySet()) {
                if (g.getValue().signum() == 0) {
                    continue;
                }
                BigDecimal left = g.getValue();
                Map<Long, BigDecimal> taxLeft = new LinkedHashMap<>(taxByGroup.getOrDefault(g.getKey(), Map.of()));
                for (int c = 0; c < order.couponLines().size(); c++) {
                    var coupon = order.couponLines().get(c);
                    boolean last = c == order.couponLines().size() - 1;
                    BigDecimal share = last || couponSum.signum() == 0 ? left
                            : g.getValue().multiply(coupon.discount()).divide(couponSum, MC).setScale(2, RoundingMode.HALF_UP);
                    Map<Long, BigDecimal> tax = new LinkedHashMap<>();
                    for (Map.Entry<Long, BigDecimal> t : taxByGroup.getOrDefault(g.getKey(), Map.of()).entrySet()) {
                        BigDecimal ts = last || couponSum.signum() == 0 ? taxLeft.get(t.getKey())
                                : t.getValue().multiply(coupon.discount()).divide(couponSum, MC).setScale(2, RoundingMode.HALF_UP);
                        tax.put(t.getKey(), ts.negate());
                        taxLeft.merge(t.getKey(), ts.negate(), BigDecimal::add);
                    }
                    left = left.subtract(share);
                    LineEncoder.Target t = LineEncoder.Target.undiscounted(BigDecimal.ONE, share.negate(), tax);
                    out.add(encode("coupon:" + coupon.code() + ":" + String.join(",", g.getKey().stream().map(String::valueOf).toList()),
                            OrderLine.Kind.DISCOUNT, product, "Coupon " + coupon.code(), t, ratesByGroup.get(g.getKey()), false, "coupon_lines"));
                }
            }
            return out;
        }

        // ---- reconciliation ---------------------------------------------------------------------

        /**
         * Compares Odoo's computed totals with WooCommerce's. Exact → as is. Within tolerance (each rate
         * within {@link #toleranceByRate}, the total within {@link #totalTolerance}) → a visible
         * rounding-correction line (no tax) for the total's difference, with its reason. Beyond → blocked
         * with the figures.
         */
        List<OrderLine> reconcile(List<OrderLine> lines) {
            BigDecimal tol = s.taxes().tolerancePerTaxLine();
            Map<Long, BigDecimal> tolByRate = toleranceByRate(lines);
            OdooTaxEngine.Totals odoo = engine.totalsOf(lines, taxesById);
            Map<Long, BigDecimal> wooByRate = new LinkedHashMap<>();
            order.taxLines().forEach(tl -> wooByRate.merge(tl.rateId(), tl.combinedTotal(), BigDecimal::add));
            Map<Long, BigDecimal> odooByRate = odooByRate(odoo);
            if (!wooTaxes()) {
                totals = new PlanTotals(order.untaxedTotal(), order.totalTax(), order.total(), odoo.untaxed(), null, null,
                        wooByRate, Map.of(), BigDecimal.ZERO, null, false);
                if (odoo.untaxed().compareTo(order.untaxedTotal()) != 0) {
                    notes.add("Odoo calculates the taxes (tenant setting): the untaxed amount " + odoo.untaxed()
                            + " differs from WooCommerce's " + order.untaxedTotal() + "; recorded for reconciliation.");
                }
                notes.add("Odoo calculates the taxes (tenant setting): any tax difference from WooCommerce's "
                        + order.totalTax() + " is recorded for reconciliation after the order is created.");
                return lines;
            }
            BigDecimal diffTotal = order.total().subtract(odoo.total());
            boolean taxesWithin = true;
            Set<Long> rates = new LinkedHashSet<>(wooByRate.keySet());
            rates.addAll(odooByRate.keySet());
            List<String> taxDiffs = new ArrayList<>();
            for (Long r : rates) {
                BigDecimal d = wooByRate.getOrDefault(r, BigDecimal.ZERO).subtract(odooByRate.getOrDefault(r, BigDecimal.ZERO));
                if (d.signum() != 0) {
                    taxDiffs.add("rate " + r + ": WooCommerce " + wooByRate.getOrDefault(r, BigDecimal.ZERO) + ", Odoo "
                            + odooByRate.getOrDefault(r, BigDecimal.ZERO));
                }
                if (d.abs().compareTo(tolByRate.computeIfAbsent(r, k -> tol)) > 0) {
                    taxesWithin = false;
                }
            }
            BigDecimal totalTolerance = totalTolerance(lines, tolByRate);
            if (diffTotal.signum() == 0 && taxDiffs.isEmpty() && odoo.untaxed().compareTo(order.untaxedTotal()) == 0) {
                totals = totals(odoo, odooByRate, wooByRate, BigDecimal.ZERO, null);
                return lines;
            }
            if (!taxesWithin || diffTotal.abs().compareTo(totalTolerance) > 0) {
                problem(Kind.CONFIGURATION, "total", "Order " + label + ": the Odoo lines would total " + odoo.total()
                        + " (untaxed " + odoo.untaxed() + ", tax " + odoo.tax() + ") but WooCommerce's total is " + order.total()
                        + " (untaxed " + order.untaxedTotal() + ", tax " + order.totalTax() + ")"
                        + (taxDiffs.isEmpty() ? "" : " [" + String.join("; ", taxDiffs) + "]")
                        + (taxesWithin ? "; the difference " + diffTotal.abs() + " is more than the tolerance (" + totalTolerance + ": "
                                : "; a rate's difference is more than its tolerance (")
                        + tol + " per line and rate). Check the tax map, the store's tax rounding and Odoo's Discount precision.");
                totals = totals(odoo, odooByRate, wooByRate, BigDecimal.ZERO, null);
                return lines;
            }
            String reason = "WooCommerce total " + order.total() + " (untaxed " + order.untaxedTotal() + ", tax " + order.totalTax()
                    + ") vs Odoo lines " + odoo.total() + " (untaxed " + odoo.untaxed() + ", tax " + odoo.tax() + ")"
                    + (taxDiffs.isEmpty() ? "" : ": per-line tax rounding differs [" + String.join("; ", taxDiffs) + "]")
                    + "; within the tolerance of " + tol + " per line and rate.";
            if (diffTotal.signum() == 0) {
                notes.add("Order totals agree; the split between untaxed and tax differs by a cent: " + reason);
                totals = totals(odoo, odooByRate, wooByRate, BigDecimal.ZERO, reason);
                return lines;
            }
            Long product = serviceProduct(s.roundingProductCode(), "rounding-correction product", "total");
            if (product == null) {
                return lines;
            }
            List<OrderLine> out = new ArrayList<>(lines);
            out.add(new OrderLine("rounding", OrderLine.Kind.ROUNDING, product, "Rounding correction " + diffTotal.toPlainString()
                    + " (" + reason + ")", BigDecimal.ONE, diffTotal.setScale(s.odoo().productPriceDigits(), RoundingMode.UNNECESSARY),
                    BigDecimal.ZERO.setScale(s.odoo().discountDigits()), List.of()));
            notes.add("Rounding correction line of " + diffTotal.toPlainString() + ": " + reason);
            OdooTaxEngine.Totals after = engine.totalsOf(out, taxesById);
            totals = totals(after, odooByRate(after), wooByRate, diffTotal, reason);
            return out;
        }

        /**
         * Woo rate → how far Odoo's tax of that rate may be from WooCommerce's: the tolerance per tax line
         * once for every Odoo line the rate taxes. Both systems round each line's tax on its own, and where
         * they take it from different figures (two price-included rates: Odoo from the rounded net,
         * WooCommerce from the gross) each line can land a cent apart, so a rate's difference grows with its
         * lines, not with the number of rates. A line whose untaxed amount Odoo cannot reach adds that
         * miss's tax (rounded up to the cent). Rates no line carries are absent (the caller uses one unit).
         */
        Map<Long, BigDecimal> toleranceByRate(List<OrderLine> lines) {
            BigDecimal tol = s.taxes().tolerancePerTaxLine();
            Map<Long, BigDecimal> m = new LinkedHashMap<>();
            for (OrderLine l : lines) {
                if (l.taxIds() == null) {
                    continue;
                }
                BigDecimal miss = unreachableBase.getOrDefault(l, BigDecimal.ZERO);
                for (Long taxId : l.taxIds()) {
                    OdooTax tax = taxesById.get(taxId);
                    BigDecimal missTax = tax == null ? BigDecimal.ZERO
                            : miss.multiply(tax.amount()).movePointLeft(2).setScale(s.odoo().currencyDigits(), RoundingMode.UP);
                    m.merge(rateOfOdooTax.getOrDefault(taxId, -taxId), tol.add(missTax), BigDecimal::add);
                }
            }
            return m;
        }

        /**
         * How far the document total may be from WooCommerce's: every rate's tolerance, plus the untaxed
         * amounts Odoo cannot reach on lines (each named in a note), which the correction line carries.
         */
        BigDecimal totalTolerance(List<OrderLine> lines, Map<Long, BigDecimal> toleranceByRate) {
            BigDecimal rates = toleranceByRate.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal misses = lines.stream().map(l -> unreachableBase.getOrDefault(l, BigDecimal.ZERO))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            return rates.max(s.taxes().tolerancePerTaxLine()).add(misses);
        }

        Map<Long, BigDecimal> odooByRate(OdooTaxEngine.Totals odoo) {
            Map<Long, BigDecimal> m = new LinkedHashMap<>();
            odoo.taxes().forEach((taxId, a) -> m.merge(rateOfOdooTax.getOrDefault(taxId, -taxId), a, BigDecimal::add));
            return m;
        }

        PlanTotals totals(OdooTaxEngine.Totals odoo, Map<Long, BigDecimal> odooByRate, Map<Long, BigDecimal> wooByRate,
                          BigDecimal correction, String reason) {
            return new PlanTotals(order.untaxedTotal(), order.totalTax(), order.total(), odoo.untaxed(), odoo.tax(), odoo.total(),
                    wooByRate, odooByRate, correction, reason, true);
        }

        // ---- refunds → credit notes -------------------------------------------------------------

        void planRefunds(boolean invoiced, boolean paid) {
            for (WooRefund r : refunds) {
                String key = refundKey(r.id());
                boolean exists = b.records().containsKey(key) || b.isDone(key);
                if (!exists && !s.documents().invoice) {
                    notes.add("Refund #" + r.id() + " (" + r.amount() + ") is not credited in Odoo: the tenant creates no invoices.");
                    continue;
                }
                if (!exists && !invoiced) {
                    notes.add("Refund #" + r.id() + " (" + r.amount() + ") waits for the invoice: a credit note needs one.");
                    continue;
                }
                if (!exists) {
                    List<OrderLine> lines = refundLines(r);
                    if (lines == null) {
                        continue;
                    }
                    add(new PlanStep.CreateCreditNote(key, invoiceKey(), r.id(), refundReason(r),
                            r.dateCreated() == null ? documentDate() : r.dateCreated().toLocalDate(), false, lines, r.amount()));
                }
                add(new PlanStep.PostCreditNote("post_" + key, key, wooTaxes() ? r.amount() : null));
                settle(key, r.amount(), r.dateCreated() == null ? documentDate() : r.dateCreated().toLocalDate(), paid,
                        r.refundedPayment(), "WooCommerce refund #" + r.id() + " of order " + label);
            }
        }

        void settle(String key, BigDecimal amount, LocalDate date, boolean paid, boolean moneyReturned, String memo) {
            if (!paid) {
                add(new PlanStep.SettleCreditNote("settle_" + key, key, invoiceKey(), PlanStep.Settlement.RECONCILE_WITH_INVOICE,
                        null, null, amount, date, memo));
            } else if (moneyReturned) {
                SyncSettings.PaymentJournal j = s.paymentJournals().get(order.paymentMethod());
                if (j == null) {
                    problem(Kind.CONFIGURATION, "payment_method", "Order " + label + ": payment method \"" + order.paymentMethod()
                            + "\" has no Odoo journal mapped, so the refund payment cannot be registered; map it in the tenant's payment settings.");
                    return;
                }
                add(new PlanStep.SettleCreditNote("settle_" + key, key, invoiceKey(), PlanStep.Settlement.REFUND_PAYMENT,
                        j.journalId(), j.paymentMethodLineId(), amount, date, memo));
            } else {
                notes.add(memo + ": the credit note stays open as the customer's credit — WooCommerce did not pay the money back "
                        + "through the gateway (manual refund); register the payout in Odoo when it is made.");
            }
        }

        /**
         * The order's shipping line a refund's shipping line gives back (its source, so the credit note line links
         * to that sale order line): the only one, or the only one of the same method; else its own refund source.
         */
        String refundedShippingSource(WooShippingLine refunded) {
            List<WooShippingLine> candidates = order.shippingLines().size() == 1 ? order.shippingLines()
                    : order.shippingLines().stream().filter(o -> o.methodId().equals(refunded.methodId())).toList();
            return candidates.size() == 1 ? "shipping_lines:" + candidates.get(0).id() : "shipping_lines:refund:" + refunded.id();
        }

        String refundedFeeSource(WooFeeLine refunded) {
            List<WooFeeLine> candidates = order.feeLines().stream().filter(o -> Objects.equals(o.name(), refunded.name())).toList();
            return candidates.size() == 1 ? "fee_lines:" + candidates.get(0).id() : "fee_lines:refund:" + refunded.id();
        }

        String refundReason(WooRefund r) {
            return "WooCommerce refund #" + r.id() + " of order " + label + (r.reason().isEmpty() ? "" : ": " + r.reason());
        }

        /**
         * What a refunded product line must come to. Returned units of a line discounted on the order start
         * from the order line's undiscounted unit price (its {@code subtotal} per unit), so the credit note
         * repeats the invoice's price and discount: the refunded net is WooCommerce's discounted unit price ×
         * units, which that price and discount reach where the discounted price alone (297.7967 for 350.35
         * less 15 %) often cannot at Odoo's precisions. A refund without units, or of a line the order did
         * not discount (or discounted on separate coupon lines), is encoded from its own net.
         */
        LineEncoder.Target refundTarget(WooLineItem refunded, WooLineItem orig, BigDecimal qty, BigDecimal net, Map<Long, BigDecimal> tax) {
            boolean lineDiscount = s.discounts().mode() != DiscountMode.COUPON_LINES;
            if (lineDiscount && refunded.quantity().signum() != 0 && orig.quantity().signum() > 0
                    && orig.subtotal().compareTo(orig.total()) > 0) {
                BigDecimal share = qty.divide(orig.quantity(), MC);
                BigDecimal undiscounted = orig.subtotal().multiply(share, MC);
                if (undiscounted.compareTo(net) >= 0) {
                    return new LineEncoder.Target(qty, undiscounted, orig.subtotalTax().multiply(share, MC), net, tax);
                }
            }
            return LineEncoder.Target.undiscounted(qty, net, tax);
        }

        /** The credit note's lines for one refund: refunded product/shipping/fee lines, plus any amount-only part. */
        List<OrderLine> refundLines(WooRefund r) {
            String rec = "refund #" + r.id();
            List<OrderLine> out = new ArrayList<>();
            BigDecimal gross = BigDecimal.ZERO;
            int i = 0;
            for (WooLineItem rl : r.lineItems()) {
                String field = rec + ".line_items[" + i++ + "]";
                WooLineItem orig = rl.refundedItemId().flatMap(order::lineItem).orElseGet(() -> order.lineItems().stream()
                        .filter(o -> o.productId() == rl.productId() && o.variationId() == rl.variationId()).findFirst().orElse(null));
                if (orig == null) {
                    problem(Kind.DATA, field, "Order " + label + ": " + rec + " refunds line \"" + rl.name()
                            + "\" which is not on the order; the credit note cannot be built.");
                    continue;
                }
                Long product = productOfItem.get(orig.id());
                Map<Long, TaxMapping> rates = ratesFor(rl.taxes().isEmpty() ? orig.taxes() : rl.taxes(), field);
                if (product == null || rates == null) {
                    continue;
                }
                BigDecimal qty = rl.quantity().abs();
                BigDecimal net = rl.total().abs();
                Map<Long, BigDecimal> tax = taxByRate(rl.taxes(), rl.totalTax());
                tax.replaceAll((k, v) -> v.abs());
                if (qty.signum() == 0) {
                    qty = BigDecimal.ONE; // an amount refunded on a line without returning units
                }
                LineEncoder.Target t = refundTarget(rl, orig, qty, net, tax);
                out.add(encode("line_items:" + orig.id(), OrderLine.Kind.PRODUCT, product, null, t, rates, order.pricesIncludeTax(), field));
                gross = gross.add(net).add(t.tax());
            }
            i = 0;
            for (WooShippingLine sl : r.shippingLines()) {
                String field = rec + ".shipping_lines[" + i++ + "]";
                Long product = shippingProduct(sl);
                Map<Long, TaxMapping> rates = ratesFor(sl.taxes(), field);
                if (product == null || rates == null) {
                    continue;
                }
                Map<Long, BigDecimal> tax = taxByRate(sl.taxes(), sl.totalTax());
                tax.replaceAll((k, v) -> v.abs());
                LineEncoder.Target t = LineEncoder.Target.undiscounted(BigDecimal.ONE, sl.total().abs(), tax);
                out.add(encode(refundedShippingSource(sl), OrderLine.Kind.SHIPPING, product, null, t, rates, false, field));
                gross = gross.add(t.net()).add(t.tax());
            }
            i = 0;
            for (WooFeeLine f : r.feeLines()) {
                String field = rec + ".fee_lines[" + i++ + "]";
                Long product = serviceProduct(s.feeProductCode(), "fee product", field);
                Map<Long, TaxMapping> rates = ratesFor(f.taxes(), field);
                if (product == null || rates == null) {
                    continue;
                }
                Map<Long, BigDecimal> tax = taxByRate(f.taxes(), f.totalTax());
                tax.replaceAll((k, v) -> v.abs());
                LineEncoder.Target t = LineEncoder.Target.undiscounted(BigDecimal.ONE, f.total().abs(), tax);
                out.add(encode(refundedFeeSource(f), OrderLine.Kind.FEE, product, null, t, rates, order.pricesIncludeTax(), field));
                gross = gross.add(t.net()).add(t.tax());
            }
            BigDecimal rest = r.amount().subtract(gross);
            if (rest.signum() > 0) {
                OrderLine amountLine = amountOnlyLine(rest, rec);
                if (amountLine == null) {
                    return null;
                }
                out.add(amountLine);
            }
            if (!problems.isEmpty()) {
                return null;
            }
            return reconcileCredit(out, r.amount(), rec);
        }

        /**
         * An amount-only refund: one line on the refund product at the gross amount with the price-included
         * twin of the order's main rate, so Odoo's credit note is exactly the refunded amount (an ordinary
         * exclusive tax cannot produce every gross amount to the cent).
         */
        OrderLine amountOnlyLine(BigDecimal gross, String rec) {
            Long product = serviceProduct(s.refundProductCode(), "refund product", rec);
            if (product == null) {
                return null;
            }
            WooTaxLine main = order.taxLines().stream().max(Comparator.comparing(WooTaxLine::combinedTotal)).orElse(null);
            TaxMapping m = main == null || !wooTaxes() ? null : s.taxes().rates().get(main.rateId());
            String name = "Refund " + gross.toPlainString() + " (" + rec + ")";
            int pd = s.odoo().productPriceDigits();
            BigDecimal zero = BigDecimal.ZERO.setScale(s.odoo().discountDigits());
            if (m == null) {
                return new OrderLine("refund_amount", OrderLine.Kind.REFUND, product, name, BigDecimal.ONE, gross.setScale(pd, RoundingMode.HALF_UP), zero,
                        wooTaxes() ? List.of() : null);
            }
            if (m.includedTwin() != null && m.includedTwin().includedIn(s.odoo())) {
                return new OrderLine("refund_amount", OrderLine.Kind.REFUND, product, name, BigDecimal.ONE, gross.setScale(pd, RoundingMode.HALF_UP), zero,
                        List.of(m.includedTwin().id()));
            }
            notes.add(rec + ": no price-included twin is mapped for rate " + main.rateId()
                    + "; the amount-only refund is sent net of tax and may differ by a cent (corrected within tolerance).");
            BigDecimal net = gross.divide(BigDecimal.ONE.add(m.tax().amount().movePointLeft(2)), MC).setScale(pd, RoundingMode.HALF_UP);
            return new OrderLine("refund_amount", OrderLine.Kind.REFUND, product, name, BigDecimal.ONE, net, zero, List.of(m.tax().id()));
        }

        /** A credit note's computed total against the refund amount: exact, corrected within tolerance, or blocked. */
        List<OrderLine> reconcileCredit(List<OrderLine> lines, BigDecimal expected, String rec) {
            if (!wooTaxes()) {
                return lines;
            }
            OdooTaxEngine.Totals t = engine.totalsOf(lines, taxesById);
            BigDecimal diff = expected.subtract(t.total());
            if (diff.signum() == 0) {
                return lines;
            }
            BigDecimal tol = totalTolerance(lines, toleranceByRate(lines));
            if (diff.abs().compareTo(tol) > 0) {
                problem(Kind.CONFIGURATION, rec, "Order " + label + ": the credit note for " + rec + " would total " + t.total()
                        + " in Odoo but WooCommerce refunded " + expected + "; the difference " + diff.abs()
                        + " is more than the tolerance. Check the tax map.");
                return null;
            }
            Long product = serviceProduct(s.roundingProductCode(), "rounding-correction product", rec);
            if (product == null) {
                return null;
            }
            List<OrderLine> out = new ArrayList<>(lines);
            String reason = "WooCommerce refunded " + expected + ", Odoo lines total " + t.total() + " (per-line tax rounding)";
            out.add(new OrderLine("rounding", OrderLine.Kind.ROUNDING, product, "Rounding correction " + diff.toPlainString() + " (" + reason + ")",
                    BigDecimal.ONE, diff.setScale(s.odoo().productPriceDigits(), RoundingMode.UNNECESSARY),
                    BigDecimal.ZERO.setScale(s.odoo().discountDigits()), List.of()));
            notes.add(rec + ": rounding correction line of " + diff.toPlainString() + " — " + reason);
            return out;
        }

        /**
         * Cancelled after invoicing: credit what the Woo refunds have not credited. Nothing credited yet → a
         * full reversal of the invoice; else the remaining quantities and amounts per line.
         */
        void planCancellationCredit(List<OrderLine> orderLines) {
            String key = refundKey(0);
            if (b.records().containsKey(key) || b.isDone(key)) {
                add(new PlanStep.PostCreditNote("post_" + key, key, null));
                return;
            }
            boolean anyCredited = refunds.stream().anyMatch(r -> b.records().containsKey(refundKey(r.id())) || b.isDone(refundKey(r.id())))
                    || steps.stream().anyMatch(st -> st instanceof PlanStep.CreateCreditNote);
            BigDecimal remaining = order.total().subtract(order.refundedTotal());
            if (remaining.signum() <= 0) {
                notes.add("Order " + label + " is cancelled and fully refunded: nothing is left to credit.");
                return;
            }
            String reason = "WooCommerce order " + label + " cancelled after invoicing";
            BigDecimal credited;
            if (!anyCredited) {
                add(new PlanStep.CreateCreditNote(key, invoiceKey(), 0, reason, documentDate(), true, orderLines, order.total()));
                credited = null; // a reversal copies the invoice as Odoo has it, whatever our figures
            } else {
                List<OrderLine> rest = remainderLines();
                if (rest == null) {
                    return;
                }
                add(new PlanStep.CreateCreditNote(key, invoiceKey(), 0, reason, documentDate(), false, rest, remaining));
                credited = wooTaxes() ? remaining : null;
            }
            add(new PlanStep.PostCreditNote("post_" + key, key, credited));
            settle(key, remaining, documentDate(), orderPaid(), false, reason);
        }

        List<OrderLine> remainderLines() {
            List<OrderLine> out = new ArrayList<>();
            for (WooLineItem l : order.lineItems()) {
                BigDecimal qty = l.quantity();
                BigDecimal net = l.total();
                BigDecimal tax = l.totalTax();
                for (WooRefund r : refunds) {
                    for (WooLineItem rl : r.lineItems()) {
                        if (rl.refundedItemId().orElse(-1L) == l.id()) {
                            qty = qty.subtract(rl.quantity().abs());
                            net = net.subtract(rl.total().abs());
                            tax = tax.subtract(rl.totalTax().abs());
                        }
                    }
                }
                if (net.signum() <= 0 && qty.signum() <= 0) {
                    continue;
                }
                Map<Long, TaxMapping> rates = ratesFor(l.taxes(), "line_items");
                Long product = productOfItem.get(l.id());
                if (rates == null || product == null) {
                    continue;
                }
                Map<Long, BigDecimal> byRate = new LinkedHashMap<>();
                final BigDecimal remTax = tax;
                rates.keySet().forEach(rid -> byRate.put(rid, remTax));
                if (byRate.size() > 1) {
                    notes.add("Line " + l.id() + " has several rates; the remaining tax is reconciled on the credit note.");
                }
                LineEncoder.Target t = LineEncoder.Target.undiscounted(qty.signum() > 0 ? qty : BigDecimal.ONE, net,
                        byRate.size() == 1 ? byRate : Map.of());
                out.add(encode("line_items:" + l.id(), OrderLine.Kind.PRODUCT, product, null, t, rates, order.pricesIncludeTax(), "line_items"));
            }
            BigDecimal refundedShipping = refunds.stream().flatMap(r -> r.shippingLines().stream()).map(x -> x.total().abs())
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal refundedShippingTax = refunds.stream().flatMap(r -> r.shippingLines().stream()).map(x -> x.totalTax().abs())
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            for (WooShippingLine sl : order.shippingLines()) {
                BigDecimal net = sl.total().subtract(refundedShipping);
                BigDecimal tax = sl.totalTax().subtract(refundedShippingTax);
                refundedShipping = refundedShipping.subtract(sl.total()).max(BigDecimal.ZERO);
                refundedShippingTax = refundedShippingTax.subtract(sl.totalTax()).max(BigDecimal.ZERO);
                if (net.signum() <= 0) {
                    continue;
                }
                Long product = shippingProduct(sl);
                Map<Long, TaxMapping> rates = ratesFor(sl.taxes(), "shipping_lines");
                if (product == null || rates == null) {
                    continue;
                }
                Map<Long, BigDecimal> byRate = new LinkedHashMap<>();
                final BigDecimal remTax = tax;
                rates.keySet().forEach(rid -> byRate.put(rid, remTax));
                LineEncoder.Target t = LineEncoder.Target.undiscounted(BigDecimal.ONE, net, byRate.size() == 1 ? byRate : Map.of());
                out.add(encode("shipping_lines:" + sl.id(), OrderLine.Kind.SHIPPING, product, null, t, rates, false, "shipping_lines"));
            }
            if (!problems.isEmpty()) {
                return null;
            }
            return reconcileCredit(out, order.total().subtract(order.refundedTotal()), "the cancellation of order " + label);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    static String normalizeKey(String s) {
        String n = s.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        return n.length() <= 40 && n.matches("[a-z0-9@._+ -]*") ? n.replace(' ', '-') : fingerprint(n);
    }

    /** A short stable hash for keys built from content (addresses, line sets). */
    static String fingerprint(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
