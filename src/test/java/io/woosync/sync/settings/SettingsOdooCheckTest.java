package io.woosync.sync.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.woosync.odoo.ConnectionTestOptions;
import io.woosync.odoo.ConnectionTestOptions.Reference;
import io.woosync.odoo.OdooExpectations;
import io.woosync.odoo.OdooExpectations.ExpectedTax;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every id, code and figure in the settings becomes something the connection test holds against Odoo. */
class SettingsOdooCheckTest {

    @Test
    void everyRecordTheSettingsNameIsReferenced() {
        SyncSettings s = SyncSettings.defaults().toBuilder()
                .paymentJournal("stripe", 6, 61L)
                .paymentJournal("bacs", 7, null)
                .pricelist("EUR", 4)
                .shipping(new SyncSettings.ShippingSettings("SHIP", Map.of("flat_rate:3", new SyncSettings.CarrierMapping(2, 88))))
                .skuOverride(501, 77)
                .discounts(new SyncSettings.DiscountSettings(SyncSettings.DiscountMode.COUPON_LINES, "COUPON"))
                .build();
        assertEquals(List.of(
                new Reference("journal for payment method bacs", "account.journal", 7L, null, null),
                new Reference("journal for payment method stripe", "account.journal", 6L, null, null),
                new Reference("payment method line for stripe", "account.payment.method.line", 61L, null, null),
                new Reference("pricelist for orders in EUR", "product.pricelist", 4L, null, null),
                new Reference("carrier for shipping method flat_rate:3", "delivery.carrier", 2L, null, null),
                new Reference("shipping product of carrier flat_rate:3", "product.product", 88L, null, null),
                new Reference("product for WooCommerce product 501", "product.product", 77L, null, null),
                new Reference("shipping product", "product.product", null, "default_code", "SHIP"),
                new Reference("coupon product", "product.product", null, "default_code", "COUPON"),
                new Reference("fee product", "product.product", null, "default_code", "FEE"),
                new Reference("refund product", "product.product", null, "default_code", "REFUND"),
                new Reference("rounding-correction product", "product.product", null, "default_code", "ROUNDING")),
                SettingsOdooCheck.references(s));
        // Line discounts (the default) need no coupon product.
        assertEquals(0, SettingsOdooCheck.references(SyncSettings.defaults()).stream()
                .filter(r -> "coupon product".equals(r.label())).count());
    }

    @Test
    void theFiguresThePlannerTakesFromTheSettingsAreExpected() {
        SyncSettings s = SyncSettings.defaults().toBuilder()
                .taxRate(1, OdooTax.excluded(11, "VAT 19%", "19"), OdooTax.included(12, "VAT 19% incl.", "19"))
                .taxRate(2, new OdooTax(13, "VAT 7%", new BigDecimal("7"), OdooTax.PriceInclude.COMPANY_DEFAULT), null)
                .odoo(OdooFacts.defaults().withVersion(18).withTaxRounding(OdooFacts.TaxRounding.ROUND_GLOBALLY)
                        .withDiscountDigits(4).withCompanyPricesIncludeTax(true))
                .build();
        ConnectionTestOptions o = SettingsOdooCheck.options(s);
        assertEquals(new OdooExpectations(18, "round_globally", 2, 4, "USD", 2, true, List.of(
                new ExpectedTax("WooCommerce rate 1", 11, new BigDecimal("19"), "EXCLUDED"),
                new ExpectedTax("WooCommerce rate 1, price-included twin", 12, new BigDecimal("19"), "INCLUDED"),
                new ExpectedTax("WooCommerce rate 2", 13, new BigDecimal("7"), "COMPANY_DEFAULT"))), o.expected());
        assertEquals(false, o.deliveries(), "the default documents have no deliveries");
        assertEquals(false, o.wooRoundsTaxAtSubtotal());
        // Before 18 there is no company-wide price inclusion to compare.
        assertNull(SettingsOdooCheck.options(SyncSettings.defaults()).expected().companyPricesIncludeTax());
    }
}
