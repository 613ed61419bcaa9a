package io.woosync.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woosync.sync.settings.OdooTax;
import io.woosync.sync.settings.SyncSettings;
import io.woosync.sync.settings.SyncSettingsRules;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The form model without a server: what a page shows, posted back unchanged, is the same settings. */
class SyncSettingsFormTest {

    static SyncSettings rich() {
        return SyncSettings.defaults().toBuilder()
                .documents(SyncSettings.DocumentsMode.SALES_ORDER_INVOICE_PAYMENT_DELIVERY)
                .statusRule("pending", SyncSettings.StatusRule.DRAFT_ORDER)
                .cancelledAfterInvoice(SyncSettings.CancelledInvoicedPolicy.FLAG_FOR_REVIEW)
                .invoiceTiming(SyncSettings.InvoiceTiming.MANUAL)
                .customers(new SyncSettings.CustomerSettings(Set.of("phone", "email"), false, true))
                .skuOverride(4711, 88)
                .taxRate(1, OdooTax.excluded(11, "CA 8.25%", "8.25"), OdooTax.included(12, "CA 8.25% incl.", "8.25"))
                .taxRate(2, OdooTax.excluded(13, "Zero", "0"), null)
                .discounts(new SyncSettings.DiscountSettings(SyncSettings.DiscountMode.COUPON_LINES, "COUPON"))
                .shipping(new SyncSettings.ShippingSettings("SHIP", Map.of("flat_rate:3", new SyncSettings.CarrierMapping(2, 77))))
                .pricelist("EUR", 3)
                .paymentJournal("stripe", 9, null)
                .paymentJournal("bacs", 6, 4L)
                .feeProductCode("FEE-1")
                .odoo(SyncSettings.defaults().odoo().withDiscountDigits(4).withCompanyPricesIncludeTax(true))
                .build();
    }

    /** What a browser posts for the form as shown (blank extra rows included, unticked boxes absent). */
    static SyncSettingsForm.Input post(SyncSettingsForm f) {
        SyncSettingsForm.Input in = new SyncSettingsForm.Input();
        in.documents = f.documents();
        in.statusPending = f.rule("pending");
        in.statusProcessing = f.rule("processing");
        in.statusOnHold = f.rule("on-hold");
        in.statusCompleted = f.rule("completed");
        in.statusCancelled = f.rule("cancelled");
        in.statusRefunded = f.rule("refunded");
        in.statusFailed = f.rule("failed");
        in.cancelledAfterInvoice = f.cancelledAfterInvoice();
        in.invoiceTiming = f.invoiceTiming();
        in.approvedFields = new ArrayList<>(f.approvedFields());
        in.companiesAsB2b = f.companiesAsB2b() ? "true" : null;
        in.separateAddresses = f.separateAddresses() ? "true" : null;
        in.taxMode = f.taxMode();
        in.tolerance = f.tolerancePerTaxLine();
        in.wooRoundsAtSubtotal = f.wooRoundsAtSubtotal() ? "true" : null;
        in.taxWooRateId = f.taxRows().stream().map(SyncSettingsForm.TaxRow::wooRateId).toList();
        in.taxId = f.taxRows().stream().map(SyncSettingsForm.TaxRow::taxId).toList();
        in.taxName = f.taxRows().stream().map(SyncSettingsForm.TaxRow::taxName).toList();
        in.taxAmount = f.taxRows().stream().map(SyncSettingsForm.TaxRow::amount).toList();
        in.taxPriceInclude = f.taxRows().stream().map(SyncSettingsForm.TaxRow::priceInclude).toList();
        in.taxTwinId = f.taxRows().stream().map(SyncSettingsForm.TaxRow::twinId).toList();
        in.taxTwinName = f.taxRows().stream().map(SyncSettingsForm.TaxRow::twinName).toList();
        in.taxTwinPriceInclude = f.taxRows().stream().map(SyncSettingsForm.TaxRow::twinPriceInclude).toList();
        in.discountMode = f.discountMode();
        in.discountProductCode = f.discountProductCode();
        in.shippingProductCode = f.shippingProductCode();
        in.carrierMethod = f.carrierRows().stream().map(SyncSettingsForm.CarrierRow::method).toList();
        in.carrierId = f.carrierRows().stream().map(SyncSettingsForm.CarrierRow::carrierId).toList();
        in.carrierProductId = f.carrierRows().stream().map(SyncSettingsForm.CarrierRow::productId).toList();
        in.feeProductCode = f.feeProductCode();
        in.refundProductCode = f.refundProductCode();
        in.roundingProductCode = f.roundingProductCode();
        in.pricelistCurrency = f.pricelistRows().stream().map(SyncSettingsForm.PricelistRow::currency).toList();
        in.pricelistId = f.pricelistRows().stream().map(SyncSettingsForm.PricelistRow::pricelistId).toList();
        in.journalMethod = f.journalRows().stream().map(SyncSettingsForm.JournalRow::method).toList();
        in.journalId = f.journalRows().stream().map(SyncSettingsForm.JournalRow::journalId).toList();
        in.journalMethodLineId = f.journalRows().stream().map(SyncSettingsForm.JournalRow::methodLineId).toList();
        in.skuWooId = f.skuRows().stream().map(SyncSettingsForm.SkuRow::wooId).toList();
        in.skuProductId = f.skuRows().stream().map(SyncSettingsForm.SkuRow::productId).toList();
        in.odooTaxRounding = f.odooTaxRounding();
        in.odooCompanyPricesIncludeTax = f.odooCompanyPricesIncludeTax() ? "true" : null;
        in.odooProductPriceDigits = f.odooProductPriceDigits();
        in.odooDiscountDigits = f.odooDiscountDigits();
        in.odooCurrencyDigits = f.odooCurrencyDigits();
        in.odooCompanyCurrency = f.odooCompanyCurrency();
        return in;
    }

    @Test
    void defaultsAndARichValueSurviveTheFormUnchanged() {
        for (SyncSettings s : List.of(SyncSettings.defaults(), rich())) {
            assertEquals(Map.of(), SyncSettingsRules.check(s));
            SyncSettingsForm.Parsed p = SyncSettingsForm.read(post(SyncSettingsForm.of(s, true)), s);
            assertEquals(Map.of(), p.errors());
            assertEquals(s, p.settings());
        }
    }

    @Test
    void removingARowDropsItsEntry() {
        SyncSettings s = rich();
        SyncSettingsForm f = SyncSettingsForm.of(s, true);
        SyncSettingsForm.Input in = post(f);
        // rows are sorted by key: bacs is row 0
        assertEquals("bacs", f.journalRows().get(0).method());
        in.journalRemove = List.of("0");
        in.taxRemove = List.of("1", "not-a-row");
        SyncSettingsForm.Parsed p = SyncSettingsForm.read(in, s);
        assertEquals(Set.of("stripe"), p.settings().paymentJournals().keySet());
        assertEquals(Set.of(1L), p.settings().taxes().rates().keySet());
    }

    @Test
    void duplicateKeysAndHalfFilledRowsAreRowErrors() {
        SyncSettings s = SyncSettings.defaults();
        SyncSettingsForm.Input in = post(SyncSettingsForm.of(s, false));
        in.journalMethod = List.of("stripe", "stripe", "");
        in.journalId = List.of("9", "10", "");
        in.journalMethodLineId = List.of("", "", "3");
        SyncSettingsForm.Parsed p = SyncSettingsForm.read(in, s);
        assertNull(p.settings());
        assertTrue(p.form().journalRows().get(1).error().contains("already mapped"), p.form().journalRows().toString());
        assertTrue(p.form().journalRows().get(2).error().contains("payment method is required"));
        assertTrue(p.errors().containsKey("tables"));
    }

    @Test
    void rulesNameTheirFields() {
        SyncSettings bad = SyncSettings.defaults().toBuilder()
                .taxes(new SyncSettings.TaxSettings(SyncSettings.TaxMode.WOO_CALCULATED, Map.of(), new BigDecimal("-0.01"), false))
                .statusRule("shipped", SyncSettings.StatusRule.SYNC)
                .paymentJournal("stripe", 0, null)
                .pricelist("eur", 3)
                .refundProductCode(" REFUND")
                .build();
        Map<String, String> e = SyncSettingsRules.check(bad);
        assertEquals(Set.of("taxes.tolerancePerTaxLine", "statusRules.shipped", "paymentJournals.stripe.journalId",
                "pricelistByCurrency.eur", "refundProductCode"), e.keySet());
        assertTrue(SyncSettingsRules.check(SyncSettings.defaults().toBuilder().taxes(new SyncSettings.TaxSettings(
                SyncSettings.TaxMode.WOO_CALCULATED, Map.of(), new BigDecimal("1.01"), false)).build())
                .containsKey("taxes.tolerancePerTaxLine"));
    }
}
