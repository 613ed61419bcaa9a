package io.woosync.sync.settings;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One tenant's order-sync settings (issue 6, "Per-tenant settings"). Immutable; {@link #defaults()}
 * holds the seed's defaults and {@link #toBuilder()} changes a few. Product references are
 * {@code default_code}s (resolved to ids through the lookups, like any SKU); journals, pricelists,
 * carriers and taxes are Odoo ids the tenant picked.
 *
 * @param documents             which Odoo documents an order produces [SO + invoice + payment]
 * @param statusRules           what each Woo status does [the seed's table]
 * @param cancelledAfterInvoice what a cancellation does once the order is invoiced [credit note]
 * @param invoiceTiming         when the invoice is created [when paid]
 * @param customers             matching and update rules for customers
 * @param skuOverrides          Woo product/variation id → Odoo product.product id, for lines without
 *                              a SKU (a variation's own id, never its parent's)
 * @param taxes                 tax mode, rate map and tolerance
 * @param discounts             line discount % or discount lines per coupon
 * @param shipping              shipping product or carrier map
 * @param feeProductCode        product for {@code fee_lines} [FEE]
 * @param pricelistByCurrency   order currency → Odoo pricelist id (company currency needs none)
 * @param paymentJournals       Woo payment method id (e.g. "stripe") → journal + method line
 * @param refundProductCode     product for amount-only refunds [REFUND]
 * @param roundingProductCode   product for rounding-correction lines [ROUNDING]
 * @param odoo                  facts read from the tenant's Odoo
 */
public record SyncSettings(
        DocumentsMode documents,
        Map<String, StatusRule> statusRules,
        CancelledInvoicedPolicy cancelledAfterInvoice,
        InvoiceTiming invoiceTiming,
        CustomerSettings customers,
        Map<Long, Long> skuOverrides,
        TaxSettings taxes,
        DiscountSettings discounts,
        ShippingSettings shipping,
        String feeProductCode,
        Map<String, Long> pricelistByCurrency,
        Map<String, PaymentJournal> paymentJournals,
        String refundProductCode,
        String roundingProductCode,
        OdooFacts odoo) {

    public SyncSettings {
        statusRules = Map.copyOf(statusRules);
        skuOverrides = Map.copyOf(skuOverrides);
        pricelistByCurrency = Map.copyOf(pricelistByCurrency);
        paymentJournals = Map.copyOf(paymentJournals);
    }

    /** Which Odoo documents an order produces. */
    public enum DocumentsMode {
        SALES_ORDER(true, false, false, false),
        INVOICE_ONLY(false, true, true, false),
        SALES_ORDER_AND_INVOICE(true, true, false, false),
        SALES_ORDER_INVOICE_PAYMENT(true, true, true, false),
        SALES_ORDER_INVOICE_PAYMENT_DELIVERY(true, true, true, true);

        public final boolean salesOrder;
        public final boolean invoice;
        public final boolean payment;
        public final boolean delivery;

        DocumentsMode(boolean salesOrder, boolean invoice, boolean payment, boolean delivery) {
            this.salesOrder = salesOrder;
            this.invoice = invoice;
            this.payment = payment;
            this.delivery = delivery;
        }
    }

    /** What a Woo status makes the sync do. */
    public enum StatusRule {
        /** Nothing is created; the order is recorded as skipped (pending, failed by default). */
        SKIP,
        /** A draft (quotation) sales order only, not confirmed (on-hold by default). */
        DRAFT_ORDER,
        /** The documents of the mode: order confirmed, invoiced and paid as timing allows. */
        SYNC,
        /** As SYNC, and the delivery validated when deliveries are on (completed). */
        SYNC_AND_DELIVER,
        /** Cancel the order if not invoiced; else {@link CancelledInvoicedPolicy}. */
        CANCEL
    }

    public enum CancelledInvoicedPolicy { CREDIT_NOTE, FLAG_FOR_REVIEW }

    public enum InvoiceTiming { WHEN_PAID, WHEN_COMPLETED, MANUAL }

    /**
     * @param approvedFields   partner fields we may overwrite on an existing Odoo partner (e.g.
     *                         "phone", "street"); empty = never touch existing partners [empty]
     * @param companiesAsB2b   a billing company becomes a company partner with the person as contact [true]
     * @param separateAddresses billing ≠ shipping → invoice and delivery child addresses [true]
     */
    public record CustomerSettings(Set<String> approvedFields, boolean companiesAsB2b, boolean separateAddresses) {
        public CustomerSettings {
            approvedFields = Set.copyOf(approvedFields);
        }
    }

    public enum TaxMode {
        /** WooCommerce's tax amounts are the truth; Odoo lines are built to reproduce them. */
        WOO_CALCULATED,
        /** Odoo applies its own product taxes and fiscal positions; differences go to reconciliation. */
        ODOO_CALCULATED
    }

    /** An Odoo tax for a Woo rate, and optionally its price-included twin (same rate, price_include). */
    public record TaxMapping(OdooTax tax, OdooTax includedTwin) {
    }

    /**
     * @param mode                 [WOO_CALCULATED]
     * @param rates                Woo tax rate id → Odoo tax (+ included twin)
     * @param tolerancePerTaxLine  largest difference per Odoo line and tax rate that a visible
     *                             rounding-correction line may absorb [0.01] (the name predates the
     *                             per-line meaning and is kept: stored settings carry it)
     * @param wooRoundsAtSubtotal  the store's {@code woocommerce_tax_round_at_subtotal} [false]; should
     *                             match Odoo's rounding method (the connection test warns otherwise)
     */
    public record TaxSettings(TaxMode mode, Map<Long, TaxMapping> rates, BigDecimal tolerancePerTaxLine, boolean wooRoundsAtSubtotal) {
        public TaxSettings {
            rates = Map.copyOf(rates);
        }
    }

    public enum DiscountMode {
        /** Undiscounted unit price + line discount % [default]. */
        LINE_DISCOUNT,
        /** Undiscounted lines + one negative line per coupon (per tax group) on the discount product. */
        COUPON_LINES
    }

    public record DiscountSettings(DiscountMode mode, String discountProductCode) {
    }

    /**
     * @param productCode the generic shipping product [SHIPPING]
     * @param carriers    "method_id" or "method_id:instance_id" → delivery carrier (and its product)
     */
    public record ShippingSettings(String productCode, Map<String, CarrierMapping> carriers) {
        public ShippingSettings {
            carriers = Map.copyOf(carriers);
        }
    }

    public record CarrierMapping(long carrierId, long productId) {
    }

    /** An Odoo journal for a payment method, and optionally the payment method line to use in it. */
    public record PaymentJournal(long journalId, Long paymentMethodLineId) {
    }

    /** The seed's defaults. */
    public static SyncSettings defaults() {
        Map<String, StatusRule> rules = new LinkedHashMap<>();
        rules.put("pending", StatusRule.SKIP);
        rules.put("processing", StatusRule.SYNC);
        rules.put("completed", StatusRule.SYNC_AND_DELIVER);
        rules.put("on-hold", StatusRule.DRAFT_ORDER);
        rules.put("cancelled", StatusRule.CANCEL);
        rules.put("refunded", StatusRule.SYNC);
        rules.put("failed", StatusRule.SKIP);
        return new SyncSettings(
                DocumentsMode.SALES_ORDER_INVOICE_PAYMENT,
                rules,
                CancelledInvoicedPolicy.CREDIT_NOTE,
                InvoiceTiming.WHEN_PAID,
                new CustomerSettings(Set.of(), true, true),
                Map.of(),
                new TaxSettings(TaxMode.WOO_CALCULATED, Map.of(), new BigDecimal("0.01"), false),
                new DiscountSettings(DiscountMode.LINE_DISCOUNT, "DISCOUNT"),
                new ShippingSettings("SHIPPING", Map.of()),
                "FEE",
                Map.of(),
                Map.of(),
                "REFUND",
                "ROUNDING",
                OdooFacts.defaults());
    }

    public StatusRule ruleFor(String wooStatus) {
        return statusRules.getOrDefault(wooStatus, StatusRule.SKIP);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes a few settings of an existing value. */
    public static final class Builder {
        private DocumentsMode documents;
        private final Map<String, StatusRule> statusRules;
        private CancelledInvoicedPolicy cancelledAfterInvoice;
        private InvoiceTiming invoiceTiming;
        private CustomerSettings customers;
        private final Map<Long, Long> skuOverrides;
        private TaxSettings taxes;
        private DiscountSettings discounts;
        private ShippingSettings shipping;
        private String feeProductCode;
        private final Map<String, Long> pricelistByCurrency;
        private final Map<String, PaymentJournal> paymentJournals;
        private String refundProductCode;
        private String roundingProductCode;
        private OdooFacts odoo;

        private Builder(SyncSettings s) {
            documents = s.documents;
            statusRules = new LinkedHashMap<>(s.statusRules);
            cancelledAfterInvoice = s.cancelledAfterInvoice;
            invoiceTiming = s.invoiceTiming;
            customers = s.customers;
            skuOverrides = new LinkedHashMap<>(s.skuOverrides);
            taxes = s.taxes;
            discounts = s.discounts;
            shipping = s.shipping;
            feeProductCode = s.feeProductCode;
            pricelistByCurrency = new LinkedHashMap<>(s.pricelistByCurrency);
            paymentJournals = new LinkedHashMap<>(s.paymentJournals);
            refundProductCode = s.refundProductCode;
            roundingProductCode = s.roundingProductCode;
            odoo = s.odoo;
        }

        public Builder documents(DocumentsMode v) { documents = v; return this; }
        public Builder statusRule(String status, StatusRule rule) { statusRules.put(status, rule); return this; }
        public Builder cancelledAfterInvoice(CancelledInvoicedPolicy v) { cancelledAfterInvoice = v; return this; }
        public Builder invoiceTiming(InvoiceTiming v) { invoiceTiming = v; return this; }
        public Builder customers(CustomerSettings v) { customers = v; return this; }
        public Builder skuOverride(long wooId, long odooProductId) { skuOverrides.put(wooId, odooProductId); return this; }
        public Builder taxes(TaxSettings v) { taxes = v; return this; }
        public Builder taxRate(long wooRateId, OdooTax tax, OdooTax includedTwin) {
            Map<Long, TaxMapping> m = new LinkedHashMap<>(taxes.rates());
            m.put(wooRateId, new TaxMapping(tax, includedTwin));
            taxes = new TaxSettings(taxes.mode(), m, taxes.tolerancePerTaxLine(), taxes.wooRoundsAtSubtotal());
            return this;
        }
        public Builder taxMode(TaxMode mode) {
            taxes = new TaxSettings(mode, taxes.rates(), taxes.tolerancePerTaxLine(), taxes.wooRoundsAtSubtotal());
            return this;
        }
        public Builder discounts(DiscountSettings v) { discounts = v; return this; }
        public Builder shipping(ShippingSettings v) { shipping = v; return this; }
        public Builder feeProductCode(String v) { feeProductCode = v; return this; }
        public Builder pricelist(String currency, long pricelistId) { pricelistByCurrency.put(currency, pricelistId); return this; }
        public Builder paymentJournal(String method, long journalId, Long methodLineId) {
            paymentJournals.put(method, new PaymentJournal(journalId, methodLineId));
            return this;
        }
        public Builder refundProductCode(String v) { refundProductCode = v; return this; }
        public Builder roundingProductCode(String v) { roundingProductCode = v; return this; }
        public Builder odoo(OdooFacts v) { odoo = v; return this; }

        public SyncSettings build() {
            return new SyncSettings(documents, statusRules, cancelledAfterInvoice, invoiceTiming, customers, skuOverrides,
                    taxes, discounts, shipping, feeProductCode, pricelistByCurrency, paymentJournals, refundProductCode,
                    roundingProductCode, odoo);
        }
    }
}
