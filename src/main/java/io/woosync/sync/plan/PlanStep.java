package io.woosync.sync.plan;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One Odoo operation of a plan, with its exact values. Applied in plan order by the executor.
 *
 * <p>Every step has a stable idempotency {@link #key()} (unique per tenant): the executor searches
 * Odoo / our bindings by it before any create, binds the created record's id to it (and to an
 * {@code ir.model.data} external id where the record is ours), and records it in
 * {@link OrderBindings#done()} once the step completed. Steps reference earlier steps' records by
 * key ({@code partnerKey}, {@code orderKey}, {@code invoiceKey}…), never by id, so a plan computed
 * before anything exists is complete.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
        @JsonSubTypes.Type(value = PlanStep.EnsurePartner.class, name = "EnsurePartner"),
        @JsonSubTypes.Type(value = PlanStep.CreateSaleOrder.class, name = "CreateSaleOrder"),
        @JsonSubTypes.Type(value = PlanStep.UpdateSaleOrderLines.class, name = "UpdateSaleOrderLines"),
        @JsonSubTypes.Type(value = PlanStep.ConfirmOrder.class, name = "ConfirmOrder"),
        @JsonSubTypes.Type(value = PlanStep.CreateInvoiceFromOrder.class, name = "CreateInvoiceFromOrder"),
        @JsonSubTypes.Type(value = PlanStep.CreateDirectInvoice.class, name = "CreateDirectInvoice"),
        @JsonSubTypes.Type(value = PlanStep.PostInvoice.class, name = "PostInvoice"),
        @JsonSubTypes.Type(value = PlanStep.RegisterPayment.class, name = "RegisterPayment"),
        @JsonSubTypes.Type(value = PlanStep.ValidateDelivery.class, name = "ValidateDelivery"),
        @JsonSubTypes.Type(value = PlanStep.CancelOrder.class, name = "CancelOrder"),
        @JsonSubTypes.Type(value = PlanStep.CreateCreditNote.class, name = "CreateCreditNote"),
        @JsonSubTypes.Type(value = PlanStep.PostCreditNote.class, name = "PostCreditNote"),
        @JsonSubTypes.Type(value = PlanStep.SettleCreditNote.class, name = "SettleCreditNote"),
        @JsonSubTypes.Type(value = PlanStep.FlagForReview.class, name = "FlagForReview")
})
public sealed interface PlanStep {

    /** Stable idempotency key, e.g. "order_1054", "invoice_1054", "payment_1054_pi_3N…", "refund_1054_55". */
    String key();

    /** The progress this step completes. */
    ProgressStep completes();

    /** What the partner is. */
    enum PartnerKind { COMPANY, PERSON, INVOICE_ADDRESS, DELIVERY_ADDRESS }

    /**
     * Find or create a res.partner. With {@code existingId} the partner was matched (binding or email):
     * bind the key to it and write {@code updateValues} (only tenant-approved fields that differ). Without
     * it, create with {@code createValues}, adding {@code parent_id} = the record of {@code parentKey}.
     */
    record EnsurePartner(String key, PartnerKind kind, Long existingId, String parentKey,
                         Map<String, Object> createValues, Map<String, Object> updateValues) implements PlanStep {
        public ProgressStep completes() { return ProgressStep.CUSTOMER; }
    }

    /**
     * {@code sale.order.create} with {@code order_line} as {@code [0, 0, line.saleOrderLineValues(taxField)]}
     * commands, partner fields from the keyed partners, and the Woo references.
     */
    record CreateSaleOrder(String key, String partnerKey, String invoicePartnerKey, String shippingPartnerKey,
                           Long pricelistId, Long carrierId, String clientOrderRef, String origin, String note,
                           String dateOrder, String taxField, List<OrderLine> lines) implements PlanStep {
        public ProgressStep completes() { return ProgressStep.ORDER_CREATED; }
    }

    /** A change to one line of a not-yet-invoiced sale order, matched by {@link OrderLine#source()}. */
    record LineChange(Change change, String source, OrderLine line) {
        public enum Change { ADD, UPDATE, REMOVE }
    }

    /**
     * {@code sale.order.write} of {@code order_line} commands: ADD → {@code [0,0,vals]}, UPDATE →
     * {@code [1,lineId,vals]}, REMOVE → {@code [2,lineId]} on a draft order or
     * {@code [1,lineId,{product_uom_qty: 0}]} on a confirmed one (Odoo refuses to delete confirmed lines).
     * {@code target} is the full line list afterwards, for the executor to store as the new binding.
     */
    record UpdateSaleOrderLines(String key, String orderKey, boolean orderConfirmed, String taxField,
                                List<LineChange> changes, List<OrderLine> target) implements PlanStep {
        public ProgressStep completes() { return ProgressStep.ORDER_UPDATED; }
    }

    /**
     * {@code sale.order.action_confirm}, once Odoo's own {@code amount_total} for the order is
     * {@code expectedTotal} (null: not predicted, Odoo calculates the taxes).
     */
    record ConfirmOrder(String key, String orderKey, BigDecimal expectedTotal) implements PlanStep {
        public ProgressStep completes() { return ProgressStep.CONFIRMED; }
    }

    /**
     * Invoice wizard: {@code sale.advance.payment.inv} with {@code advance_payment_method='delivered'},
     * {@code create_invoices}, read the new id from {@code sale.order.invoice_ids}, then write
     * {@code invoice_date} (Woo's paid date, so backfills date correctly) while still draft.
     */
    record CreateInvoiceFromOrder(String key, String orderKey, LocalDate invoiceDate, String ref) implements PlanStep {
        public ProgressStep completes() { return ProgressStep.INVOICED; }
    }

    /** A direct {@code out_invoice} ("invoice only" mode) with {@code invoice_line_ids}. */
    record CreateDirectInvoice(String key, String partnerKey, String shippingPartnerKey, LocalDate invoiceDate,
                               String ref, String origin, String narration, List<OrderLine> lines) implements PlanStep {
        public ProgressStep completes() { return ProgressStep.INVOICED; }
    }

    /**
     * {@code account.move.action_post} of the invoice, once Odoo's own {@code amount_total} for it is
     * {@code expectedTotal} (null: not predicted).
     */
    record PostInvoice(String key, String invoiceKey, BigDecimal expectedTotal) implements PlanStep {
        public ProgressStep completes() { return ProgressStep.POSTED; }
    }

    /**
     * Payment wizard {@code account.payment.register} on the invoice: {@code journal_id},
     * {@code payment_method_line_id} (if set), {@code amount}, {@code payment_date},
     * {@code communication} = {@code memo}. Before creating, search {@code account.payment} by
     * {@code referenceField} ({@code ref} ≤17, {@code memo} ≥18) = memo: one transaction, one payment.
     */
    record RegisterPayment(String key, String invoiceKey, long journalId, Long paymentMethodLineId, BigDecimal amount,
                           LocalDate paymentDate, String memo, String referenceField) implements PlanStep {
        public ProgressStep completes() { return ProgressStep.PAID; }
    }

    /** Set the pickings' move quantities to the demand and {@code button_validate} (skip backorder). */
    record ValidateDelivery(String key, String orderKey) implements PlanStep {
        public ProgressStep completes() { return ProgressStep.DELIVERED; }
    }

    /** {@code sale.order.action_cancel} with context {@code disable_cancel_warning: True}. */
    record CancelOrder(String key, String orderKey, String reason) implements PlanStep {
        public ProgressStep completes() { return ProgressStep.CANCELLED; }
    }

    /**
     * A credit note ({@code out_refund}, {@code reversed_entry_id} = the invoice) for one Woo refund (or
     * for what a cancellation leaves uncredited, {@code wooRefundId} 0). With {@code fullReversal} use the
     * reversal wizard on the whole invoice; else create the out_refund with {@code lines}. Lines stay linked
     * to the sale order lines ({@code sale_line_ids}) matched by source, so the order shows the credit;
     * guard against the order becoming "to invoice" again.
     */
    record CreateCreditNote(String key, String invoiceKey, long wooRefundId, String reason, LocalDate date,
                            boolean fullReversal, List<OrderLine> lines, BigDecimal expectedTotal) implements PlanStep {
        public ProgressStep completes() { return ProgressStep.REFUND_CREDITED; }
    }

    /**
     * {@code account.move.action_post} of the credit note, once Odoo's own {@code amount_total} for it is
     * {@code expectedTotal} (null: not known to this plan, e.g. a credit note made by an earlier attempt).
     */
    record PostCreditNote(String key, String creditNoteKey, BigDecimal expectedTotal) implements PlanStep {
        public ProgressStep completes() { return ProgressStep.REFUND_POSTED; }
    }

    /** How a posted credit note is settled. */
    enum Settlement {
        /** Unpaid invoice: reconcile the credit note's receivable line with the invoice's (the wizard does not). */
        RECONCILE_WITH_INVOICE,
        /** Paid invoice and money given back: an outbound payment on the credit note via the payment wizard. */
        REFUND_PAYMENT
    }

    record SettleCreditNote(String key, String creditNoteKey, String invoiceKey, Settlement settlement, Long journalId,
                            Long paymentMethodLineId, BigDecimal amount, LocalDate date, String memo) implements PlanStep {
        public ProgressStep completes() { return ProgressStep.REFUND_SETTLED; }
    }

    /** Something a person must decide (e.g. a change after invoicing); nothing is written to Odoo. */
    record FlagForReview(String key, String reason) implements PlanStep {
        public ProgressStep completes() { return ProgressStep.REVIEW_FLAGGED; }
    }
}
