package io.woosync.sync.settings;

import io.woosync.odoo.ConnectionTestOptions;
import io.woosync.odoo.ConnectionTestOptions.Reference;
import io.woosync.odoo.OdooExpectations;
import io.woosync.odoo.OdooExpectations.ExpectedTax;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the Odoo connection test must hold a tenant's sync settings against: every record they name
 * (journals, payment method lines, pricelists, carriers, products by id and by code) and every figure
 * the planner takes from them instead of asking Odoo (version, tax rounding, precisions, currency, each
 * mapped tax's rate and price inclusion). Pure: settings in, test options out, in key order (the
 * settings' maps have none) so that the report reads the same every time.
 */
public final class SettingsOdooCheck {

    private SettingsOdooCheck() {
    }

    public static ConnectionTestOptions options(SyncSettings s) {
        return new ConnectionTestOptions(s.documents().delivery, s.taxes().wooRoundsAtSubtotal(), references(s), expectations(s));
    }

    static List<Reference> references(SyncSettings s) {
        List<Reference> refs = new ArrayList<>();
        for (Map.Entry<String, SyncSettings.PaymentJournal> j : new TreeMap<>(s.paymentJournals()).entrySet()) {
            refs.add(new Reference("journal for payment method " + j.getKey(), "account.journal", j.getValue().journalId(), null, null));
            if (j.getValue().paymentMethodLineId() != null) {
                refs.add(new Reference("payment method line for " + j.getKey(), "account.payment.method.line",
                        j.getValue().paymentMethodLineId(), null, null));
            }
        }
        new TreeMap<>(s.pricelistByCurrency()).forEach((currency, id) ->
                refs.add(new Reference("pricelist for orders in " + currency, "product.pricelist", id, null, null)));
        new TreeMap<>(s.shipping().carriers()).forEach((method, c) -> {
            refs.add(new Reference("carrier for shipping method " + method, "delivery.carrier", c.carrierId(), null, null));
            refs.add(new Reference("shipping product of carrier " + method, "product.product", c.productId(), null, null));
        });
        new TreeMap<>(s.skuOverrides()).forEach((wooId, productId) ->
                refs.add(new Reference("product for WooCommerce product " + wooId, "product.product", productId, null, null)));
        code(refs, "shipping product", s.shipping().productCode());
        if (s.discounts().mode() == SyncSettings.DiscountMode.COUPON_LINES) {
            code(refs, "coupon product", s.discounts().discountProductCode());
        }
        code(refs, "fee product", s.feeProductCode());
        code(refs, "refund product", s.refundProductCode());
        code(refs, "rounding-correction product", s.roundingProductCode());
        return refs;
    }

    private static void code(List<Reference> refs, String label, String defaultCode) {
        if (defaultCode != null && !defaultCode.isBlank()) {
            refs.add(new Reference(label, "product.product", null, "default_code", defaultCode));
        }
    }

    static OdooExpectations expectations(SyncSettings s) {
        OdooFacts o = s.odoo();
        List<ExpectedTax> taxes = new ArrayList<>();
        new TreeMap<>(s.taxes().rates()).forEach((rate, m) -> {
            taxes.add(expected("WooCommerce rate " + rate, m.tax()));
            if (m.includedTwin() != null) {
                taxes.add(expected("WooCommerce rate " + rate + ", price-included twin", m.includedTwin()));
            }
        });
        return new OdooExpectations(o.majorVersion(),
                o.taxRounding() == OdooFacts.TaxRounding.ROUND_GLOBALLY ? "round_globally" : "round_per_line",
                o.productPriceDigits(), o.discountDigits(), o.companyCurrency(), o.currencyDigits(),
                o.majorVersion() >= 18 ? o.companyPricesIncludeTax() : null, taxes);
    }

    private static ExpectedTax expected(String label, OdooTax tax) {
        return new ExpectedTax(label, tax.id(), tax.amount(), tax.priceInclude().name());
    }
}
