package io.woosync.sync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.woosync.sync.settings.OdooFacts;
import io.woosync.sync.settings.OdooTax;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine against figures real Odoo 17 and 18 returned (fixtures/odoo/odoo17-order-workflow.jsonl). */
class OdooTaxEngineTest {

    static final OdooTax T15 = OdooTax.excluded(1, "15%", "15");
    static final OdooTax T15_INCL = OdooTax.included(2, "15% incl.", "15");
    final OdooTaxEngine engine = new OdooTaxEngine(OdooFacts.defaults());

    static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    @Test
    void reproducesTheTranscriptsSaleOrderTotals() {
        // sale.order create: 2 × 12.5 at 10 % discount + shipping 5.0, both 15 % → read back 27.5 / 4.13 / 31.63.
        var lines = List.of(
                new OrderLine("line_items:1", OrderLine.Kind.PRODUCT, 3, null, d("2"), d("12.5"), d("10.0"), List.of(1L)),
                new OrderLine("shipping_lines:3", OrderLine.Kind.SHIPPING, 4, null, d("1"), d("5.0"), d("0"), List.of(1L)));
        OdooTaxEngine.Totals t = engine.totalsOf(lines, Map.of(1L, T15));
        assertEquals(d("27.50"), t.untaxed());
        assertEquals(d("4.13"), t.tax());
        assertEquals(d("31.63"), t.total());
        // The invoice line read back: price_subtotal 22.5, price_total 25.88.
        var l = engine.line(lines.get(0), Map.of(1L, T15));
        assertEquals(d("22.50"), l.subtotal());
        assertEquals(d("25.88"), l.subtotal().add(l.taxTotal()));
    }

    @Test
    void reproducesTheTranscriptsPartialCreditNote() {
        // The credit note after writing quantity 1 and dropping shipping: amount_total 12.94.
        var line = new OrderLine("line_items:1", OrderLine.Kind.PRODUCT, 3, null, d("1"), d("12.5"), d("10.0"), List.of(1L));
        assertEquals(d("12.94"), engine.totalsOf(List.of(line), Map.of(1L, T15)).total());
    }

    @Test
    void priceIncludedTaxKeepsTheGrossExact() {
        // 10.35 gross at 15 % included: net round(9.0) = 9.00, tax = 10.35 − 9.00 = 1.35 (Odoo's checkpoint).
        var l = engine.line(d("10.35"), d("0"), d("1"), List.of(T15_INCL));
        assertEquals(d("9.00"), l.subtotal());
        assertEquals(d("1.35"), l.taxTotal());
        // 5.35 gross at 19 %: 4.4958 → 4.50, tax 0.85 (WooCommerce's half-down in tax-inclusive stores).
        var l2 = engine.line(d("5.35"), d("0"), d("1"), List.of(OdooTax.included(3, "19%", "19")));
        assertEquals(d("4.50"), l2.subtotal());
        assertEquals(d("0.85"), l2.taxTotal());
    }

    @Test
    void roundingPerLineAndGloballyDiffer() {
        // Three lines of 1.05 at 15 %: per line 0.1575 → 0.16 ×3 = 0.48; globally 0.4725 → 0.47.
        var line = new OrderLine("x", OrderLine.Kind.PRODUCT, 1, null, d("1"), d("1.05"), d("0"), List.of(1L));
        var lines = List.of(line, line, line);
        assertEquals(d("0.48"), engine.totalsOf(lines, Map.of(1L, T15)).tax());
        var global = new OdooTaxEngine(OdooFacts.defaults().withTaxRounding(OdooFacts.TaxRounding.ROUND_GLOBALLY));
        assertEquals(d("0.47"), global.totalsOf(lines, Map.of(1L, T15)).tax());
    }

    @Test
    void companyDefaultPriceIncludeFollowsOdoo18CompanySetting() {
        OdooTax t = new OdooTax(5, "15%", d("15"), OdooTax.PriceInclude.COMPANY_DEFAULT);
        var included18 = new OdooTaxEngine(OdooFacts.defaults().withVersion(18).withCompanyPricesIncludeTax(true));
        assertEquals(d("10.00"), included18.line(d("11.50"), d("0"), d("1"), List.of(t)).subtotal());
        var excluded18 = new OdooTaxEngine(OdooFacts.defaults().withVersion(18));
        assertEquals(d("11.50"), excluded18.line(d("11.50"), d("0"), d("1"), List.of(t)).subtotal());
    }

    @Test
    void negativeLinesMirrorPositiveOnes() {
        var l = engine.line(d("-4.50"), d("0"), d("1"), List.of(T15));
        assertEquals(d("-4.50"), l.subtotal());
        assertEquals(d("-0.68"), l.taxTotal());
    }
}
